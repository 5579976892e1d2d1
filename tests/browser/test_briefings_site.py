"""A site of several briefings as a reader goes round it in Chromium: from the hub into
a briefing, round it, and to a claimant both briefings cite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import goto, open_context, screenshot
from sitechecks import SiteServer, axe_problems, run_axe

from tests.test_briefings import build_two_briefings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def two_briefings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    site = build_two_briefings(tmp_path_factory.mktemp("two") / "project", SITE_URL="")
    server = SiteServer(site)
    yield server
    server.close()


def test_a_reader_goes_from_the_hub_into_a_briefing_and_to_a_shared_claimant(
    browser: Any, two_briefings: SiteServer, axe_js: Path
) -> None:
    context, visit = open_context(browser, two_briefings.origin)
    try:
        page = context.new_page()
        goto(page, two_briefings.url(""), wait_until="networkidle")
        screenshot(page, "desktop-hub")
        assert axe_problems(run_axe(page)) == []
        cards = page.locator("article h3").all_inner_texts()
        # In the order of the nav of mkdocs.yml, which lists the harbour first.
        assert [c.strip("¶ \n") for c in cards] == ["Harbour traffic", "Bridge tolls"]

        page.get_by_role("link", name="Read the briefing").nth(0).click()
        page.wait_for_url("**/harbour/")
        assert page.locator("article h1").inner_text().strip("¶ \n") == "Harbour traffic"
        nav = page.get_by_role("navigation", name="Harbour traffic")
        nav.get_by_role("link", name="Estimates").click()
        page.wait_for_url("**/harbour/estimates/")
        assert axe_problems(run_axe(page)) == []

        page.get_by_role("link", name="Ships calling at the harbour").first.click()
        page.wait_for_url("**/harbour/estimates/ships-calling/")
        page.locator("article").get_by_role("link", name="Port Authority").first.click()
        page.wait_for_url("**/claimants/port-authority/")
        screenshot(page, "desktop-shared-claimant")
        sections = page.locator("article h3").all_inner_texts()
        assert [s.strip("¶ \n") for s in sections] == ["Harbour traffic (1)", "Bridge tolls (2)"]
        assert page.locator("#toll-raised").is_visible()
        assert page.locator("#authority-ships-february").is_visible()
        assert axe_problems(run_axe(page)) == []

        # A fact of the other briefing leads back into that briefing.
        page.locator("#toll-raised").get_by_role("link", name="In context").click()
        page.wait_for_url("**/bridges/topics/tolls/#toll-raised")
        assert visit.third_party == [] and visit.errors == []
    finally:
        context.close()
