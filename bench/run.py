"""The benchmark harness: how the generator scales, against its targets.

Run from the repository root, with the project's virtual environment:

    .venv/bin/python -m bench.run                 # 1k, 5k and 10k facts
    BENCH_FULL=1 .venv/bin/python -m bench.run    # and 50k
    BENCH_BRIEFINGS=3 .venv/bin/python -m bench.run   # the same facts as three briefings
    .venv/bin/python -m bench.run --sizes 1000 --runs 1 --no-build   # a quick look

(`python bench/run.py ...` works the same.) For every size it generates a seeded
synthetic corpus (cached under bench/corpora/, see bench/synth.py), then measures,
each in a fresh process and several times:

  parse    the floor: a bare PyYAML CSafeLoader `yaml.load` of every fact file
  check    `python -m generator check FACTS` (the whole process)
  load, rules, render
           the generator's steps in-process (bench/phases.py): read_corpus,
           check.check and render_site; "generator" is their sum per run
  build    `python -m generator build` in a scratch project: the repository's
           mkdocs.yml and site_src/, the synthetic facts/
  floor    the engine's floor: plain `python -m mkdocs build` of as many pages, each
           one paragraph, at the same paths, with the same theme, extensions, nav and
           plugins (the configuration `export` writes) and the same other files; no
           build through MkDocs of that many pages can cost less
  mkdocs   a peer: plain `python -m mkdocs build` of the same pages, exported with
           `python -m generator export` (HTML bodies in Markdown files), with the
           same configuration as the floor

and the output of the build: median and largest HTML page, total site size, the
search index (search/search_index.json). It prints tables and the targets with
pass or fail, and writes everything to bench/results.json.

Times are wall-clock and CPU (user + system of the process and its children, from
wait4). The machine the harness was written on is shared and noisy, so the
targets are judged on CPU time by default (`--metric wall` to change); both are
reported. Subprocesses get a memory cap (BENCH_MEMORY_GB, default half the RAM)
and a time limit (--timeout), so a runaway build fails alone instead of taking
the machine with it. Builds run 3 times (once from 50k facts up), the rest
--runs times; anything slower than --slow (900 s) runs once at that size. Parse
and check alternate; the generator's steps, the build and plain MkDocs run in
rounds of one each, so each ratio compares runs minutes apart at most.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from bench import synth

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_SIZES = [1_000, 5_000, 10_000]
FULL_SIZE = 50_000
TARGET_SIZE = 10_000
SCHEMA = 1  # of results.json

PARSE_SCRIPT = """\
import pathlib, sys, yaml
n = 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    with open(path, "rb") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
    n += 1
print(n)
"""

# The plugin's report of its own time in a build (generator/plugin.py).
IN_BUILD = re.compile(r"generated from the facts in ([0-9.]+) s \(([0-9.]+) s CPU\)")

MEASURES = {  # key: label in the tables
    "parse": "bare YAML parse (process)",
    "check": "generator check (process)",
    "load": "  load: read_corpus (in-process)",
    "rules": "  rules: check.check (in-process)",
    "render": "  render: render_site (in-process)",
    "images_cold": "    images drawn, empty cache (in render's place)",
    "images_warm": "    images read from the cache (in render)",
    "generator": "  generator = load + rules + render",
    "build": "full build: generator build",
    "in_build": "  generator inside the build (plugin)",
    "floor": "floor: mkdocs build, one-paragraph pages",
    "mkdocs": "peer: plain mkdocs build of the export",
}


@dataclass
class Config:
    sizes: list[int]
    seed: int = 1
    runs: int = 3
    build_runs: int | None = None  # None: 3, or 1 from 50k facts up
    builds: bool = True
    peer: bool = True  # the plain MkDocs build of the export (slow: Python-Markdown)
    metric: str = "cpu"
    timeout: float = 3600.0
    slow: float = 900.0  # a run slower than this (wall seconds) is not repeated at that size
    repo: Path = REPO
    corpora: Path = synth.CORPORA
    out: Path | None = BENCH / "results.json"
    work: Path | None = None  # scratch folder; None: a temporary one
    today: str = synth.TODAY
    briefings: int = 1  # more: the same facts as a site of that many briefings
    log: Callable[[str], None] = field(default=lambda text: print(text, file=sys.stderr))

    def build_runs_for(self, size: int) -> int:
        if self.build_runs is not None:
            return self.build_runs
        return 1 if size >= FULL_SIZE else 3


# --- running and timing processes


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    returncode: int
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def _memory_limit() -> int:
    gigabytes = os.environ.get("BENCH_MEMORY_GB", "")
    if gigabytes:
        return int(float(gigabytes) * 2**30)
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return pages // 2


def _limit_memory() -> None:  # runs in the child before exec
    limit = _memory_limit()
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_timed(command: list[str], *, cwd: Path, env: dict[str, str], timeout: float) -> Sample:
    """Run a command to completion; wall time, and CPU time and peak RSS from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group, so a timeout ends it all
            preexec_fn=_limit_memory,
        )
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if expired.is_set():  # the group may outlive its leader: end the rest too
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        out.seek(0)
        err.seek(0)
        return Sample(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            rss_mb=usage.ru_maxrss / 1024,
            returncode=proc.returncode,
            timed_out=expired.is_set(),
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def stats(values: Iterable[float]) -> dict[str, Any]:
    values = list(values)
    if not values:
        return {"n": 0, "median": None, "min": None, "max": None, "runs": []}
    return {
        "n": len(values),
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": [round(v, 4) for v in values],
    }


def summarise(samples: list[Sample]) -> dict[str, Any]:
    good = [s for s in samples if s.ok]
    result: dict[str, Any] = {
        "wall": stats(s.wall for s in good),
        "cpu": stats(s.cpu for s in good),
        "rss_mb": max((s.rss_mb for s in good), default=None),
        "failures": len(samples) - len(good),
    }
    failed = [s for s in samples if not s.ok]
    if failed:
        first = failed[0]
        result["error"] = (
            f"timed out after {first.wall:.0f} s"
            if first.timed_out
            else f"exit {first.returncode}: {(first.stderr or first.stdout).strip()[-2000:]}"
        )
    return result


# --- the measurements


class Bench:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.python = sys.executable
        repo = str(config.repo.resolve())
        self.env = {
            k: v
            for k, v in os.environ.items()
            # The archive changes what check does; strict and limits change what passes.
            if k not in ("BRIEFING_ARCHIVE", "BRIEFING_STRICT", "PYTHONPATH")
            and not k.startswith("BRIEFING_MAX_")
        }
        self.env.update(
            PYTHONPATH=repo,  # the checkout under test, ahead of the editable install
            BRIEFING_TODAY=config.today,
            PYTHONHASHSEED="0",
        )

    def log(self, text: str) -> None:
        self.config.log(text)

    def timed(self, command: list[str], cwd: Path) -> Sample:
        return run_timed(command, cwd=cwd, env=self.env, timeout=self.config.timeout)

    def parse(self, facts: Path) -> Sample:
        return self.timed([self.python, "-c", PARSE_SCRIPT, str(facts)], self.config.repo)

    def check(self, facts: Path) -> Sample:
        command = [self.python, "-m", "generator", "check", str(facts)]
        return self.timed([*command, "--today", self.config.today], self.config.repo)

    def phases(self, facts: Path) -> tuple[Sample, dict[str, Any] | None]:
        command = [self.python, str(BENCH / "phases.py"), str(facts)]
        sample = self.timed([*command, "--today", self.config.today], self.config.repo)
        if not sample.ok:
            return sample, None
        return sample, json.loads(sample.stdout.strip().splitlines()[-1])

    def project(self, facts: Path, root: Path) -> Path:
        """A scratch project: the repository's mkdocs.yml and site_src/, these facts."""
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        repo = self.config.repo
        shutil.copy(repo / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(repo / "site_src", root / "site_src")
        shutil.copytree(facts, root / "facts")
        if self.config.briefings > 1:
            self.several_briefings(root)
        return root

    def several_briefings(self, root: Path) -> None:
        """A site of several briefings: each briefing's home in the nav in place of one
        briefing's sections, and an about page that links only to the site's pages."""
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        homes = "".join(
            f"  - Briefing {i}: briefing-{i}/index.md\n"
            for i in range(1, self.config.briefings + 1)
        )
        nav = (
            "nav:\n  - Home: index.md\n" + homes + "  - Sources: sources/index.md\n"
            "  - Claimants: claimants/index.md\n  - What changed: changes.md\n"
            "  - Downloads: downloads.md\n  - About:\n      - about.md\n"
            "      - methodology.md\n      - editors.md\n"
        )
        config = config[: config.index("\nnav:")] + "\n" + nav
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        (root / "site_src" / "about.md").write_text(
            "# About\n\nSynthetic briefings; see the [methodology](methodology.md).\n",
            encoding="utf-8",
        )

    def export(self, project: Path) -> Sample:
        command = [self.python, "-m", "generator", "export", "export", "--facts", "facts"]
        return self.timed([*command, "--today", self.config.today], project)

    def build(self, project: Path) -> Sample:
        """A first build, as in a fresh checkout: without the compiled templates an
        earlier build kept in .cache/briefing (nor the site it wrote)."""
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        command = [self.python, "-m", "generator", "build", "--site-dir", "site"]
        return self.timed(command, project)

    def mkdocs(self, project: Path) -> Sample:
        return self.plain_mkdocs(project, self.baseline_config(project), "site-plain")

    def floor(self, project: Path) -> Sample:
        return self.plain_mkdocs(project, self.floor_config(project), "site-floor")

    def plain_mkdocs(self, project: Path, config: str, site: str) -> Sample:
        """`mkdocs build` of a configuration in the project, without the plugin."""
        shutil.rmtree(project / site, ignore_errors=True)
        command = [self.python, "-m", "mkdocs", "build", "--strict", "--clean"]
        command += ["--config-file", config, "--site-dir", str(project / site)]
        return self.timed(command, project)

    def floor_config(self, project: Path) -> str:
        """The floor's project: the exported configuration and files, with every
        Markdown page replaced by one paragraph (made once per project)."""
        floor = project / "floor"
        if not floor.is_dir():
            shutil.copytree(project / "export", floor)
            for page in (floor / "docs").rglob("*.md"):
                page.write_text("# A page\n\nOne paragraph of text.\n", encoding="utf-8")
        return "floor/mkdocs.yml"

    def baseline_config(self, project: Path) -> str:
        """The baseline's configuration, relative to the project folder.

        `export` writes the pages and the same configuration without the plugin.
        Older checkouts (for `--repo`) export the pages only, into export/: the
        configuration is then derived here the same way.
        """
        if (project / "export" / "mkdocs.yml").is_file():
            return "export/mkdocs.yml"
        import yaml

        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        config["docs_dir"] = "export"
        config["plugins"] = [
            p
            for p in config.get("plugins", [])
            if (p if isinstance(p, str) else next(iter(p))) != "briefing"
        ]
        code = "import json; from generator.render import ASSET_FILES as A; print(json.dumps(A))"
        sample = self.timed([self.python, "-c", code], self.config.repo)
        assets = json.loads(sample.stdout) if sample.ok else {"css": [], "js": []}
        config["extra_css"] = [*assets["css"], *config.get("extra_css", [])]
        config["extra_javascript"] = [*assets["js"], *config.get("extra_javascript", [])]
        (project / "mkdocs-plain.yml").write_text(
            yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        return "mkdocs-plain.yml"

    # --- one size

    def size(self, n: int, work: Path) -> dict[str, Any]:
        config = self.config
        self.log(f"== {n:,} facts")
        facts = synth.ensure_corpus(n, config.seed, config.corpora, config.briefings)
        manifest = json.loads((facts.parent / "manifest.json").read_text())
        result: dict[str, Any] = {
            "facts": n,
            "corpus": {**manifest, "path": str(facts)},
            "timings": {},
        }
        timings = result["timings"]

        samples: dict[str, list[Sample]] = {"parse": [], "check": []}
        for i in range(config.runs):  # interleaved, so drift in the machine's load is shared
            for key, measure in (("parse", self.parse), ("check", self.check)):
                sample = measure(facts)
                samples[key].append(sample)
                self.log(f"   {key} {i + 1}/{config.runs}: {_fmt_sample(sample)}")
        for key, values in samples.items():
            timings[key] = summarise(values)

        self.rounds(n, facts, work, result)
        return result

    def rounds(self, n: int, facts: Path, work: Path, result: dict[str, Any]) -> None:
        """The generator's steps in-process, the full build and the plain MkDocs build,
        in rounds: each round runs them back to back, so that the ratios between them
        compare neighbouring runs on a machine whose speed drifts."""
        config, timings = self.config, result["timings"]
        steps: dict[str, list[dict[str, float]]] = {
            "load": [],
            "rules": [],
            "render": [],
            "images_cold": [],
            "images_warm": [],
        }
        samples: dict[str, list[Sample]] = {"phases": [], "build": [], "floor": [], "mkdocs": []}
        in_build: list[dict[str, float]] = []  # the generator's time, as the plugin reports it
        project = exported = None
        if config.builds:
            project = self.project(facts, work / f"project-{n}")
            exported = self.export(project)
            if not exported.ok:
                self.log(f"   export failed: {_fmt_sample(exported)}")
        build_runs = config.build_runs_for(n) if config.builds else 0
        for i in range(max(config.runs, build_runs)):
            if i < config.runs and self.repeat(samples["phases"]):
                self.phases_run(facts, i, samples["phases"], steps, result)
            if project is None or exported is None or i >= build_runs:
                continue
            for key, measure in (
                ("build", self.build),
                ("floor", self.floor),
                ("mkdocs", self.mkdocs),
            ):
                if (key != "build" and not exported.ok) or (key == "mkdocs" and not config.peer):
                    continue
                if self.repeat(samples[key]):
                    sample = measure(project)
                    samples[key].append(sample)
                    self.log(f"   {key} {i + 1}/{build_runs}: {_fmt_sample(sample)}")
                    reported = IN_BUILD.search(sample.stderr) if key == "build" else None
                    if reported and sample.ok:
                        in_build.append({"wall": float(reported[1]), "cpu": float(reported[2])})

        for key in ("load", "rules", "render", "images_cold", "images_warm"):
            timings[key] = {
                "wall": stats(s["wall"] for s in steps[key]),
                "cpu": stats(s["cpu"] for s in steps[key]),
            }
        timings["generator"] = {
            metric: stats(
                sum(s[metric] for s in parts)
                for parts in zip(steps["load"], steps["rules"], steps["render"], strict=True)
            )
            for metric in ("wall", "cpu")
        }
        if any(not s.ok for s in samples["phases"]):
            timings["generator"]["error"] = summarise(samples["phases"]).get("error")
        result.setdefault("rendered", {})
        if project is None or exported is None:
            return
        for key in ("build", "floor", "mkdocs"):
            if samples[key]:
                timings[key] = summarise(samples[key])
            elif key == "mkdocs" and not config.peer:
                timings[key] = {"skipped": "--no-peer"}
            else:
                timings[key] = summarise([exported])
        timings["in_build"] = {m: stats(run[m] for run in in_build) for m in ("wall", "cpu")}
        if not in_build:
            timings["in_build"]["error"] = "the builds did not report the generator's time"
        site = project / "site"
        if samples["build"] and samples["build"][-1].ok and site.is_dir():
            result["output"] = site_sizes(site)
        else:
            result["output"] = None
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(project, ignore_errors=True)

    def repeat(self, done: list[Sample]) -> bool:
        """Whether to run a measure again: not after a failure, a timeout or one
        run slower than --slow (one run of something that slow says enough)."""
        return not done or (done[-1].ok and done[-1].wall <= self.config.slow)

    def phases_run(
        self,
        facts: Path,
        i: int,
        done: list[Sample],
        steps: dict[str, list[dict[str, float]]],
        result: dict[str, Any],
    ) -> None:
        sample, data = self.phases(facts)
        done.append(sample)
        if data is None:  # the sample failed, so it is not repeated
            self.log(f"   phases {i + 1}/{self.config.runs}: failed: {_fmt_sample(sample)}")
            return
        steps["load"].append(data["load"])
        steps["rules"].append(data["check"])
        steps["render"].append(data["render"])
        steps["images_cold"].append(data["images_cold"])
        steps["images_warm"].append(data["images_warm"])
        rendered = {k: data[k] for k in ("pages", "page_bytes", "files", "errors", "images")}
        rendered["largest_pages"] = data["largest_pages"]
        result["rendered"] = rendered
        self.log(
            f"   phases {i + 1}/{self.config.runs}: load {data['load']['cpu']:.2f} s, "
            f"rules {data['check']['cpu']:.2f} s, render {data['render']['cpu']:.2f} s cpu; "
            f"{data['images']} images: {data['images_cold']['cpu']:.2f} s cpu drawn, "
            f"{data['images_warm']['cpu']:.2f} s from the cache"
        )

    def run(self) -> dict[str, Any]:
        config = self.config
        started = datetime.now(UTC)
        results: dict[str, Any] = {
            "schema": SCHEMA,
            "started": started.isoformat(timespec="seconds"),
            "machine": machine_info(config.repo),
            "config": {
                "sizes": config.sizes,
                "seed": config.seed,
                "runs": config.runs,
                "build_runs": {str(n): config.build_runs_for(n) for n in config.sizes},
                "builds": config.builds,
                "metric": config.metric,
                "timeout_s": config.timeout,
                "slow_s": config.slow,
                "memory_limit_gb": round(_memory_limit() / 2**30, 1),
                "today": config.today,
                "corpus_version": synth.VERSION,
                "briefings": config.briefings,
                "repo": str(config.repo.resolve()),
            },
            "sizes": {},
        }
        with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
            work = config.work or Path(scratch)
            for n in config.sizes:
                results["sizes"][str(n)] = self.size(n, work)
        results["machine"]["loadavg_end"] = list(os.getloadavg())
        results["elapsed_s"] = round((datetime.now(UTC) - started).total_seconds(), 1)
        results["targets"] = targets(results, config.metric)
        if config.out:
            config.out.parent.mkdir(parents=True, exist_ok=True)
            config.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return results


def site_sizes(site: Path) -> dict[str, Any]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sorted(
        (p.stat().st_size, str(p.relative_to(site))) for p in files if p.suffix == ".html"
    )
    index = site / "search" / "search_index.json"
    return {
        "files": len(files),
        "html_pages": len(pages),
        "median_html_bytes": statistics.median(s for s, _ in pages) if pages else None,
        "largest_html": [{"path": p, "bytes": s} for s, p in reversed(pages[-5:])],
        "total_bytes": sum(p.stat().st_size for p in files),
        "html_bytes": sum(s for s, _ in pages),
        "search_index_bytes": index.stat().st_size if index.is_file() else None,
    }


# --- the targets


def _median(results: dict[str, Any], size: int, key: str, metric: str) -> float | None:
    entry = results["sizes"].get(str(size))
    if not entry:
        return None
    timing = entry["timings"].get(key)
    if not timing or timing.get("failures") or timing.get("error"):
        return None
    value = timing.get(metric, {}).get("median")
    return float(value) if value is not None else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def targets(results: dict[str, Any], metric: str) -> list[dict[str, Any]]:
    """Each target as a ratio within this run, judged at 10k facts (or the largest size)."""
    sizes = sorted(int(s) for s in results["sizes"])
    if not sizes:
        return []
    at = TARGET_SIZE if TARGET_SIZE in sizes else sizes[-1]
    other = "wall" if metric == "cpu" else "cpu"

    def failed(size: int, *keys: str) -> list[str]:
        entry = results["sizes"].get(str(size)) or {"timings": {}}
        return [k for k in keys if (entry["timings"].get(k) or {}).get("error")]

    def ratio(
        name: str, description: str, top: tuple[int, str], bottom: tuple[int, str], limit: float
    ) -> dict[str, Any]:
        value = _ratio(_median(results, *top, metric), _median(results, *bottom, metric))
        alt = _ratio(_median(results, *top, other), _median(results, *bottom, other))
        broken = failed(top[0], top[1]) + failed(bottom[0], bottom[1])
        if value is not None:
            note = f"{other}: " + (f"{alt:.1%}" if limit < 1 else f"{alt:.2f}x") if alt else ""
            passed: bool | None = value <= limit
        elif broken:
            note, passed = f"{', '.join(dict.fromkeys(broken))} failed or timed out", False
        else:
            note, passed = "not measured", None
        return {
            "name": name,
            "description": description,
            "size": top[0],
            "value": value,
            "limit": limit,
            "unit": "" if limit < 1 else "x",
            "metric": metric,
            "passed": passed,
            "note": note,
        }

    def seconds(
        name: str, description: str, measure: tuple[int, str], limit: float
    ) -> dict[str, Any]:
        value = _median(results, *measure, metric)
        broken = failed(*measure)
        return {
            "name": name,
            "description": description,
            "size": measure[0],
            "value": value,
            "limit": limit,
            "unit": "s",
            "metric": metric,
            "passed": value <= limit if value is not None else (False if broken else None),
            "note": "failed or timed out" if broken else "",
        }

    def megabytes(
        name: str, description: str, measure: tuple[int, str], limit: float
    ) -> dict[str, Any]:
        entry = results["sizes"].get(str(measure[0])) or {"timings": {}}
        value = (entry["timings"].get(measure[1]) or {}).get("rss_mb")
        return {
            "name": name,
            "description": description,
            "size": measure[0],
            "value": value,
            "limit": limit,
            "unit": "MB",
            "metric": "peak RSS",
            "passed": value <= limit if value is not None else None,
            "note": "" if value is not None else "not measured",
        }

    found = [
        ratio(
            "check-vs-parse",
            "generator check ≤ 2.0 x bare YAML parse (whole processes)",
            (at, "check"),
            (at, "parse"),
            2.0,
        ),
        ratio(
            "build-vs-floor",
            "full build ≤ 4 x the engine's floor (one-paragraph pages)",
            (at, "build"),
            (at, "floor"),
            4.0,
        ),
        seconds(
            "generator-time",
            "generator inside the build (read, check, plan, render) ≤ 3 s",
            (at, "in_build"),
            3.0,
        ),
    ]
    memory = megabytes(
        "build-memory", "peak memory of the build ≤ 1.5 GB", (FULL_SIZE, "build"), 1_500
    )
    if FULL_SIZE not in sizes:
        memory.update(passed=None, note="needs BENCH_FULL=1")
    growth = ratio(
        "build-growth",
        "build(50k) / build(5k) ≤ 11 (near-linear)",
        (FULL_SIZE, "build"),
        (5_000, "build"),
        11.0,
    )
    if not (FULL_SIZE in sizes and 5_000 in sizes):
        growth.update(passed=None, note="needs BENCH_FULL=1 (and 5k)")
    found += [growth, memory]

    output = results["sizes"][str(at)].get("output")
    built = results["config"]["builds"]
    for name, description, key, limit in (
        ("median-page", "median HTML page ≤ 60 KB", "median_html_bytes", 60_000),
        ("search-index", "search index ≤ 5 MB", "search_index_bytes", 5_000_000),
    ):
        value = output.get(key) if output else None
        found.append(
            {
                "name": name,
                "description": description,
                "size": at,
                "value": value,
                "limit": limit,
                "unit": "B",
                "metric": "bytes",
                "passed": (value <= limit) if value is not None else (False if built else None),
                "note": "" if value is not None else ("build failed" if built else "no build"),
            }
        )
    return found


# --- machine


def machine_info(repo: Path) -> dict[str, Any]:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30
    versions: dict[str, str | None] = {}
    for package in ("mkdocs", "mkdocs-material", "markdown", "pyyaml", "pydantic", "jinja2"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
            ).stdout.strip()
        except OSError:
            return ""

    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
        "git_commit": git("rev-parse", "HEAD"),
        "git_dirty": bool(
            git("status", "--porcelain", "--", "generator", "mkdocs.yml", "site_src")
        ),
        "loadavg_start": list(os.getloadavg()),
    }


# --- printing


def _fmt_sample(sample: Sample) -> str:
    if sample.timed_out:
        return f"TIMED OUT after {sample.wall:.0f} s"
    if sample.returncode:
        tail = (sample.stderr or sample.stdout).strip().splitlines()[-1:] or [""]
        return f"FAILED (exit {sample.returncode}) {tail[0][:200]}"
    return f"{sample.wall:.2f} s wall, {sample.cpu:.2f} s cpu, {sample.rss_mb:.0f} MB"


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _spread(timing: dict[str, Any] | None, metric: str) -> str:
    if not timing:
        return "—"
    if timing.get("error") and not (timing.get(metric) or {}).get("n"):
        return "failed" if "timed out" not in timing["error"] else "timed out"
    data = timing.get(metric) or {}
    if not data.get("n"):
        return "—"
    return f"{_seconds(data['median'])} [{_seconds(data['min'])}..{_seconds(data['max'])}]"


def _bytes(value: float | None) -> str:
    if value is None:
        return "—"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if value >= scale:
            return f"{value / scale:.1f} {unit}"
    return f"{value:.0f} B"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)), line]
    for row in rows:
        out.append(
            "  ".join(
                str(c).ljust(w) if i == 0 else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(out)


def format_results(results: dict[str, Any]) -> str:
    machine = results["machine"]
    config = results["config"]
    parts = [
        f"briefing benchmark — {machine['cpu_model']}, {machine['nproc']} cores, "
        f"{machine['memory_gb']} GB, Python {machine['python']}, "
        f"commit {machine['git_commit'][:10] or '(not a git checkout)'}"
        f"{' (dirty)' if machine['git_dirty'] else ''}"
        + (
            f"; a site of {config['briefings']} briefings" if config.get("briefings", 1) > 1 else ""
        ),
        f"load average {machine['loadavg_start'][0]:.1f} at start, "
        f"{machine.get('loadavg_end', [0])[0]:.1f} at end; seed {config['seed']}; "
        f"{config['runs']} runs (builds: "
        + ", ".join(f"{int(k):,}: {v}" for k, v in config["build_runs"].items())
        + f"); targets judged on {config['metric']} time",
        "",
    ]
    for metric in ("cpu", "wall"):
        header = ["seconds (" + metric + "), median [min..max]"]
        header += [f"{int(n):,} facts" for n in results["sizes"]]
        rows: list[list[str]] = []
        for key, label in MEASURES.items():
            row = [label]
            for entry in results["sizes"].values():
                row.append(_spread(entry["timings"].get(key), metric))
            rows.append(row)
        parts += [_table(header, rows), ""]

    header = ["output", *[f"{int(n):,} facts" for n in results["sizes"]]]
    rows = []
    entries = list(results["sizes"].values())

    def add(label: str, values: list[str]) -> None:
        rows.append([label, *values])

    add(
        "files / bytes of YAML",
        [f"{e['corpus']['files']} / {_bytes(e['corpus']['bytes'])}" for e in entries],
    )
    add(
        "sources / claimants / quantities",
        [
            f"{e['corpus']['sources']} / {e['corpus']['claimants']} / {e['corpus']['quantities']}"
            for e in entries
        ],
    )
    add(
        "generated pages",
        [str((e.get("rendered") or {}).get("pages", "—")) for e in entries],
    )
    add(
        "page HTML generated",
        [_bytes((e.get("rendered") or {}).get("page_bytes")) for e in entries],
    )
    out = [e.get("output") or {} for e in entries]
    add("HTML pages", [str(o.get("html_pages", "—")) for o in out])
    add("median HTML page", [_bytes(o.get("median_html_bytes")) for o in out])
    add(
        "largest HTML page",
        [
            f"{_bytes(o['largest_html'][0]['bytes'])} {o['largest_html'][0]['path']}"
            if o.get("largest_html")
            else "—"
            for o in out
        ],
    )
    add("site total", [_bytes(o.get("total_bytes")) for o in out])
    add("search index", [_bytes(o.get("search_index_bytes")) for o in out])
    add(
        "peak RSS check / build",
        [f"{_mb(e['timings'].get('check'))} / {_mb(e['timings'].get('build'))}" for e in entries],
    )
    parts += [_table(header, rows), ""]

    rows = []
    for t in results["targets"]:
        if t["unit"] == "B":
            value, limit = _bytes(t["value"]), _bytes(t["limit"])
        elif t["unit"] in ("s", "MB"):
            value = f"{t['value']:.2f} {t['unit']}" if t["value"] is not None else "—"
            limit = f"{t['limit']} {t['unit']}"
        elif t["unit"] == "":
            value = f"{t['value']:.1%}" if t["value"] is not None else "—"
            limit = f"{t['limit']:.0%}"
        else:
            value = f"{t['value']:.2f}x" if t["value"] is not None else "—"
            limit = f"{t['limit']:.2f}x"
        verdict = {True: "PASS", False: "FAIL", None: "n/a"}[t["passed"]]
        rows.append([t["description"], f"{t['size']:,}", value, limit, verdict, t["note"]])
    parts.append(_table(["target", "at facts", "value", "limit", "result", "note"], rows))
    return "\n".join(parts)


def _mb(timing: dict[str, Any] | None) -> str:
    if not timing or timing.get("rss_mb") is None:
        return "—"
    return f"{timing['rss_mb']:.0f} MB"


# --- command line


def parse_args(argv: list[str] | None = None) -> Config:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x) for x in s.replace(",", " ").split()],
        help="fact counts, such as '1000,5000' (default: 1000,5000,10000; BENCH_FULL=1 adds 50000)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure (default 3)")
    parser.add_argument(
        "--build-runs",
        type=int,
        help="runs of each build (default 3; 1 from 50k facts up)",
    )
    parser.add_argument("--no-build", action="store_true", help="skip the MkDocs builds")
    parser.add_argument(
        "--no-peer", action="store_true", help="skip the plain MkDocs build of the export"
    )
    parser.add_argument("--metric", choices=("cpu", "wall"), default="cpu")
    parser.add_argument(
        "--timeout",
        type=float,
        default=float(os.environ.get("BENCH_TIMEOUT", 3600)),
        help="seconds any one command may take (default 3600, or BENCH_TIMEOUT)",
    )
    parser.add_argument(
        "--slow",
        type=float,
        default=float(os.environ.get("BENCH_SLOW", 900)),
        help="a run slower than this many seconds is not repeated (default 900, or BENCH_SLOW)",
    )
    parser.add_argument(
        "--briefings",
        type=int,
        default=int(os.environ.get("BENCH_BRIEFINGS", 1)),
        help="the same facts as a site of this many briefings (default 1, or BENCH_BRIEFINGS)",
    )
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout to measure")
    parser.add_argument("--corpora", type=Path, default=synth.CORPORA)
    parser.add_argument("--out", type=Path, default=BENCH / "results.json")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    sizes = args.sizes or list(DEFAULT_SIZES)
    if not args.sizes and os.environ.get("BENCH_FULL", "") not in ("", "0"):
        sizes.append(FULL_SIZE)
    return Config(
        sizes=sizes,
        seed=args.seed,
        runs=args.runs,
        build_runs=args.build_runs,
        builds=not args.no_build,
        peer=not args.no_peer,
        metric=args.metric,
        timeout=args.timeout,
        slow=args.slow,
        repo=args.repo,
        corpora=args.corpora,
        out=args.out,
        work=args.work,
        briefings=args.briefings,
    )


def main(argv: list[str] | None = None) -> int:
    config = parse_args(argv)
    results = Bench(config).run()
    print(format_results(results))
    if config.out:
        print(f"\nwrote {config.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
