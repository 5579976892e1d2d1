"""Fixtures for the end-to-end tests: the seed site built once, served once, one browser.

The site is built into a temporary folder with `python -m generator build --site-dir`
from the repository root (found from this file, not hard-coded), served over http on
127.0.0.1 on a free port, and driven with Playwright's sync API in Debian's Chromium.
Playwright never downloads a browser here. Tools from npm (axe-core, vnu-jar) come from
`node_modules/`, which `make test` installs with `npm ci`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import SCREENSHOTS, Visit, open_context
from sitechecks import AXE_JS, REPO, VNU_JAR, SiteServer, load_facts

from tests.conftest import CHROMIUM

IN_CI = os.environ.get("CI", "") not in ("", "0", "false")


def missing(what: str) -> None:
    """A tool the suite needs is absent: fail in CI (where `make test` installs it), else skip."""
    if IN_CI:
        pytest.fail(what, pytrace=False)
    pytest.skip(what)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed briefing, built once for the session into a temporary folder."""
    site = tmp_path_factory.mktemp("browser") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    if result.returncode != 0 or not (site / "index.html").is_file():
        pytest.fail(f"the seed site did not build:\n{result.stdout}\n{result.stderr}")
    return site


@pytest.fixture
def site_copy(built_site: Path, tmp_path: Path) -> Path:
    """A private copy of the built site that a regression test may break."""
    return Path(shutil.copytree(built_site, tmp_path / "site"))


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[SiteServer]:
    srv = SiteServer(built_site)
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def facts(built_site: Path) -> dict[str, Any]:
    return load_facts(built_site)


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.is_file():
        missing(f"{AXE_JS} is missing: run `make node_modules/.installed` (npm ci)")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    if not VNU_JAR.is_file():
        missing(f"{VNU_JAR} is missing: run `make node_modules/.installed` (npm ci)")
    if shutil.which("java") is None:
        missing("java is missing: the Nu HTML checker needs a Java runtime (11 or later)")
    return VNU_JAR


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Any:
    """The session's headless Chromium (tests/conftest.py), once it is known to exist."""
    if not Path(CHROMIUM).is_file():
        missing(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # what is there comes from this run
    return request.getfixturevalue("chromium")


@pytest.fixture
def new_context(browser: Any, server: SiteServer) -> Iterator[Callable[..., tuple[Any, Visit]]]:
    """Opens recording browser contexts on the seed site's server; closes them afterwards."""
    contexts: list[Any] = []

    def make(origin: str | None = None, **options: Any) -> tuple[Any, Visit]:
        context, visit = open_context(browser, origin or server.origin, **options)
        contexts.append(context)
        return context, visit

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., tuple[Any, Visit]]) -> Any:
    """A desktop-sized page (1280x900, light scheme) in its own recording context."""
    context, _ = new_context()
    return context.new_page()
