"""The second briefing (Hong Kong's 2019 marches) on a 390 px phone: every chart fits.

Its figures are far larger than the seed's (almost two million against 338,000) and
its labels longer (claimants such as "Hong Kong Public Opinion Research Institute"),
so a chart laid out for the seed's figures may not fit here. The briefing is built the
way tests/test_second_story.py builds it: a project made with `init`, the story's facts
and archive put in, checked strictly and built.

tests/browser/test_phone.py measures this site too (its axes and tables); this test adds
that the page is laid out at the phone's own 390 px, not zoomed out to a wider page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import PHONE, goto, open_context, screenshot
from sitechecks import SiteServer, html_files, url_of

from tests.test_second_story import build_story_site, make_story_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def story_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_story_project(tmp_path_factory.mktemp("story") / "hong-kong-marches")
    return build_story_site(project)


@pytest.fixture(scope="module")
def story_server(story_site: Path) -> Iterator[SiteServer]:
    srv = SiteServer(story_site)
    yield srv
    srv.close()


def _chart_pages(site: Path) -> list[str]:
    """The address of every page of the site with a chart, found in the built site (not
    listed by hand). The embeds, framed by other sites' pages, are fitted to 320 px and
    up by tests/browser/test_embeds.py."""
    return sorted(
        url_of(site, path)
        for path in html_files(site)
        if 'class="range-chart' in path.read_text(encoding="utf-8")
        and "embed" not in path.relative_to(site).parts[:-2]
    )


def test_the_story_has_a_chart_on_each_quantitys_page(story_site: Path) -> None:
    pages = _chart_pages(story_site)
    for quantity in ("marchers-2019-06-16", "marchers-2019-07-01"):
        assert any(f"/estimates/{quantity}/" in page for page in pages), pages


# Each chart's box and each of its labels and marks, as the phone lays them out.
MEASURE = """() => {
    const box = r => ({left: r.left, right: r.right, width: r.width});
    return Array.from(document.querySelectorAll('figure.range-chart')).map(figure => {
        const svg = figure.querySelector('svg');
        return {
            figure: box(figure.getBoundingClientRect()),
            svg: svg ? box(svg.getBoundingClientRect()) : null,
            labels: svg ? Array.from(svg.querySelectorAll('text, circle, line, path'))
                .filter(t => !t.closest('defs'))  // an arrowhead's pattern is not drawn there
                .map(t => ({
                    text: t.textContent.trim() || t.tagName, ...box(t.getBoundingClientRect())
                })) : [],
        };
    });
}"""


def test_every_chart_fits_a_phone_screen(
    browser: Any, story_site: Path, story_server: SiteServer
) -> None:
    context, visit = open_context(
        browser, story_server.origin, viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        pages = _chart_pages(story_site)
        assert pages
        page = context.new_page()
        width = PHONE["width"]
        for path in pages:
            goto(page, story_server.url(path))
            name = "story-phone-" + (path.strip("/").replace("/", "-") or "home")
            screenshot(page, name)
            scroll = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            # A phone zooms out to show a page wider than itself: innerWidth then grows
            # past the screen's width, and a check against innerWidth alone passes.
            assert scroll[1] == width, f"{path}: laid out {scroll[1]}px wide, not {width}px"
            assert scroll[0] <= width, f"{path}: the page scrolls sideways ({scroll[0]}px)"
            charts = page.evaluate(MEASURE)
            assert charts, f"{path}: no chart laid out"
            for chart in charts:
                for part in ("figure", "svg"):
                    at = chart[part]
                    assert at is not None and at["width"] > 0, f"{path}: {part} not shown"
                    assert at["left"] >= -0.5 and at["right"] <= width + 0.5, (path, part, at)
                outside = [
                    label
                    for label in chart["labels"]
                    if label["left"] < -0.5 or label["right"] > width + 0.5
                ]
                assert outside == [], (
                    f"{path}: labels or marks outside the {width}px screen: {outside}"
                )
        assert visit.errors == []
    finally:
        context.close()
