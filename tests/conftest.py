"""Shared helpers: a copy of the hand-made fixture corpus that a test may break."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import Checked, check_facts

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
ARCHIVE = FIXTURES / "archive"
TODAY = date(2031, 4, 1)  # the fixture corpus is set in March 2031
CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
# Quiet on a machine with no network: no background requests, no sandbox (root in CI).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole run: Playwright's sync API allows one per process."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their own archive, strictness and date; CI's settings must not leak in."""
    for name in ("BRIEFING_ARCHIVE", "BRIEFING_STRICT", "BRIEFING_TODAY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def corpus_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the fixture corpus at ./facts, with the working folder at its parent."""
    target = tmp_path / "facts"
    shutil.copytree(CORPUS, target)
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture
def run_check(corpus_dir: Path) -> Callable[..., Checked]:
    def run(strict: bool = False, archive: Path | None = ARCHIVE) -> Checked:
        return check_facts(Path("facts"), strict=strict, today=TODAY, archive=archive)

    return run


# Modules that build whole sites, run subprocesses (engines, git, pip, a new project) or
# fuzz: marked `slow`, which `make quick` leaves out (the unit tests of the modules, in
# seconds); `make test` runs everything.
SLOW_MODULES = frozenset(
    {
        "test_bench_smoke",
        "test_briefings",
        "test_build",
        "test_dayone",
        "test_engines",
        "test_fuzz",
        "test_hostile",
        "test_hostile_files",
        "test_init",
        "test_publish",
        "test_reuse",
        "test_review",
        "test_second_story",
        "test_serve",
        "test_settings",
        "test_static_site",
        "test_wheel",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
