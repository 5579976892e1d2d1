"""The seed briefing in a right-to-left language: its pages say `lang="ar"` and
`dir="rtl"`, and axe-core finds nothing serious on them.

The site is the seed's facts (without their own `language: en`) in a project whose
mkdocs.yml sets `theme.language: ar`, built with MkDocs as a project builds it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import goto, open_context, screenshot
from sitechecks import REPO, SiteServer, axe_problems, run_axe

pytestmark = pytest.mark.browser

SEEDS = REPO.parent / "shared" / "seeds"
PAGES = {"home": "/", "quantity": "/estimates/north-korean-troops-for-russia/"}


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("arabic")
    shutil.copytree(REPO / "site_src", project / "site_src")
    shutil.copytree(REPO / "facts", project / "facts")
    briefing = project / "facts" / "briefing.yaml"
    briefing.write_text(
        briefing.read_text(encoding="utf-8").replace("\n  language: en\n", "\n"),
        encoding="utf-8",
    )
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config, found = re.subn(r"(?m)^  language: en$", "  language: ar", config)
    assert found == 1
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = project / "site"
    environment = {**os.environ, "BRIEFING_ARCHIVE": str(SEEDS)} if SEEDS.is_dir() else None
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
        env=environment,
    )
    if result.returncode != 0 or not (site / "index.html").is_file():
        pytest.fail(f"the Arabic site did not build:\n{result.stdout}\n{result.stderr}")
    return site


@pytest.fixture(scope="module")
def arabic_server(arabic_site: Path) -> Iterator[SiteServer]:
    srv = SiteServer(arabic_site)
    yield srv
    srv.close()


@pytest.mark.parametrize("name", PAGES)
def test_a_right_to_left_page_is_marked_so_and_passes_axe(
    browser: Any, arabic_server: SiteServer, axe_js: Path, name: str
) -> None:
    context, visit = open_context(browser, arabic_server.origin, locale="ar")
    try:
        page = context.new_page()
        goto(page, arabic_server.url(PAGES[name]), wait_until="networkidle")
        assert page.get_attribute("html", "lang") == "ar"
        assert page.get_attribute("body", "dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        screenshot(page, f"rtl-{name}")
        assert axe_problems(run_axe(page)) == []
        assert visit.errors == [], f"errors in the page: {visit.errors}"
    finally:
        context.close()
