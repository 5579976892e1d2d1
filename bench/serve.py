"""How long an editor waits under `make serve`: from saving a fact to seeing it.

    .venv/bin/python -m bench.serve                  # 1k and 10k facts, 5 saves each
    .venv/bin/python -m bench.serve --sizes 1000 --saves 3

For each size it makes a scratch project (the repository's mkdocs.yml and
site_src/, a synthetic facts/ from bench/synth.py), starts a real `mkdocs serve`
on 127.0.0.1 as `make serve` does (`--dirty`: generated pages whose HTML did not
change are not rebuilt), opens the page of one fact's claimant in Debian's Chromium (through
Playwright), and then, several times: rewrites the text of one fact in its file, and times (wall
clock) until the fact's new text shows on its claimant's page in the browser, which
MkDocs' live reload brings there once the rebuild is done. Prints the median and
every save, and writes them to bench/serve.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/serve.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import synth

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CHROMIUM = "/usr/bin/chromium"
TARGETS = {1_000: 2.0, 10_000: 10.0}  # seconds from a save to the change in the browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _project(facts: Path, root: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_src", root / "site_src")
    shutil.copytree(facts, root / "facts")
    return root


def _a_fact(facts: Path) -> tuple[Path, str, str]:
    """A fact file, the text of its first fact, and the page that lists that fact:
    its first claimant's (a topic's page may be split by year in a large corpus)."""
    for path in sorted(facts.glob("*.yaml")):
        for block in path.read_text(encoding="utf-8").split("\n  - ")[1:]:
            text = re.search(r"^    text: (.+)$", block, re.M)
            claimant = re.search(r"^    claimant: \[?([a-z0-9-]+)", block, re.M)
            if text and claimant:
                return path, text.group(1), f"claimants/{claimant.group(1)}/"
    raise SystemExit(f"no fact with a text and a claimant in {facts}")


def _wait_for_server(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("mkdocs serve stopped before it served the site")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"mkdocs serve did not answer within {timeout:.0f} s")


def measure(size: int, saves: int, work: Path, timeout: float) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    facts = synth.ensure_corpus(size, 1, synth.CORPORA)
    project = _project(facts, work / f"serve-{size}")
    path, text, where = _a_fact(project / "facts")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BRIEFING_TODAY": synth.TODAY}
    env.pop("BRIEFING_ARCHIVE", None)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty"]
    command += ["--dev-addr", f"127.0.0.1:{port}"]
    log = open(work / f"serve-{size}.log", "wb")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    timings: list[float] = []
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for_server(base, server, timeout)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"{base}{where}", timeout=timeout * 1000)
            original = path.read_text(encoding="utf-8")
            for i in range(saves):
                marker = f"Saved change number {i + 1} of the bench"
                path.write_text(
                    original.replace(f"text: {text}", f"text: {marker}. {text}", 1),
                    encoding="utf-8",
                )
                start = time.perf_counter()
                page.wait_for_function(
                    "marker => document.body && document.body.innerText.includes(marker)",
                    arg=marker,
                    timeout=timeout * 1000,
                    polling=50,
                )
                timings.append(time.perf_counter() - start)
                print(f"   {size:,} facts, save {i + 1}: {timings[-1]:.2f} s", file=sys.stderr)
                time.sleep(1.0)  # let the server settle before the next save
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    median = statistics.median(timings)
    target = TARGETS.get(size)
    return {
        "facts": size,
        "saves_s": [round(t, 3) for t in timings],
        "median_s": round(median, 3),
        "target_s": target,
        "passed": median <= target if target else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__)
    parser.add_argument(
        "--sizes", type=lambda s: [int(x) for x in s.split(",")], default=sorted(TARGETS)
    )
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--out", type=Path, default=BENCH / "serve.json")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="briefing-serve-") as scratch:
        for size in args.sizes:
            results.append(measure(size, args.saves, Path(scratch), args.timeout))
    for r in results:
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[r["passed"]]
        print(
            f"{r['facts']:>7,} facts: median {r['median_s']:.2f} s over {len(r['saves_s'])} "
            f"saves {r['saves_s']} (target ≤ {r['target_s']} s): {verdict}"
        )
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
