"""`mkdocs serve`, the live preview: errors show in the browser, a fix brings the site back."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, predicate: Callable[[str], bool], timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    page = ""
    while time.monotonic() < deadline:
        page = _get(url)
        if predicate(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never matched; last page began: {page[:300]!r}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "project"
    shutil.copytree(REPO / "site_src", root / "site_src")
    shutil.copytree(CORPUS, root / "facts")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    port = _free_port()
    process = subprocess.Popen(
        # As `make serve` runs it: --dirty rebuilds only the pages that changed.
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env={**os.environ, "BRIEFING_TODAY": "2031-04-01", "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "serve.log").open("w"),
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/", root
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_broken_fact_shows_located_error_then_fix_restores_site(
    server: tuple[str, Path],
) -> None:
    url, root = server
    topic = url + "topics/traffic/"
    _wait_for(topic, lambda page: "about 1,200" in page)
    facts = root / "facts" / "traffic.yaml"
    good = facts.read_text()
    facts.write_text(good.replace("value: 1200", "value: 1_200"))
    page = _wait_for(topic, lambda page: "The facts have errors" in page)
    assert "facts/traffic.yaml:10:12: error[number-format]" in page
    facts.write_text(good)
    _wait_for(topic, lambda page: "about 1,200" in page and "The facts have errors" not in page)


def test_preview_log_has_only_the_projects_messages(server: tuple[str, Path]) -> None:
    """A start and a rebuild print the checker's summary and MkDocs' progress lines,
    nothing about generated pages missing from the nav, and no warning."""
    url, root = server
    topic = url + "topics/traffic/"
    _wait_for(topic, lambda page: "about 1,200" in page)
    facts = root / "facts" / "traffic.yaml"
    edited = facts.read_text().replace("value: 1200", "value: 1250")
    facts.write_text(edited.replace("about 1,200 ships", "about 1,250 ships"))  # text agrees
    _wait_for(topic, lambda page: "about 1,250" in page)
    time.sleep(1)
    log = (root.parent / "serve.log").read_text()
    assert log.count("check ok:") >= 2, log  # the start and the rebuild
    # The rebuild took the pages that do not show the changed figure from the build before.
    assert "unchanged pages kept from the last build" in log, log
    assert 'not included in the "nav"' not in log
    assert "WARNING" not in log and "warning:" not in log, log
    for line in log.splitlines():
        assert line.startswith(("INFO", "check ok:", "briefing: ")), line


def test_a_dirty_rebuild_writes_only_the_pages_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two rebuilds in one process, as under `mkdocs serve --dirty`: a generated page
    whose HTML did not change keeps its file; a changed one, and every page in the
    nav, is written again."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path / "project"
    shutil.copytree(REPO / "site_src", root / "site_src")
    shutil.copytree(CORPUS, root / "facts")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    monkeypatch.chdir(root)
    monkeypatch.setenv("BRIEFING_TODAY", "2031-04-01")
    site = tmp_path / "site"
    plugins = None

    def rebuild() -> None:
        nonlocal plugins
        config = load_config("mkdocs.yml", site_dir=str(site))
        if plugins is None:
            config.plugins.on_startup(command="serve", dirty=True)
            plugins = config.plugins
        config.plugins = plugins
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    rebuild()
    pages = {
        name: site / name / "index.html"
        for name in ("topics/traffic", "sources/bulletin-2031-03-20", "topics")
    }
    for page in pages.values():
        os.utime(page, (1_000_000_000, 1_000_000_000))  # mark the first build's files
    facts = root / "facts" / "history.yaml"
    facts.write_text(facts.read_text().replace("went up over several years", "rose slowly"))
    rebuild()

    def written() -> set[str]:
        return {name for name, page in pages.items() if page.stat().st_mtime > 1_000_000_000}

    # Only the pages that show the history fact change; the bulletin's page, the traffic
    # topic and the topics index come out the same and keep their files.
    assert written() == set()
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "rose slowly" in timeline
    # A hand-written page changes what every page shows (its title in the nav): all
    # pages are written again.
    about = root / "site_src" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n")
    rebuild()
    assert written() == set(pages)
