"""The estimates pages on a 390px-wide phone: every chart and table fits and reads right.

Each site in `SITES` is built once; every estimates page it has (the index of quantities
and each quantity's page, found in the built folder) is loaded once at phone size, and the
measurements below are taken in the page: the document's width against the screen, each
chart's box and the box of every label and mark in it, the numbers on each chart's axis,
and the width of every table cell against the width its text needs on one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import PHONE, goto, open_context, screenshot
from sitechecks import SiteServer

from tests.test_briefings import build_two_briefings
from tests.test_second_story import build_story_site, make_story_project

pytestmark = pytest.mark.browser

# The sites measured, each by name with how to get its built folder. Another briefing is
# measured by adding it here.
SITES: dict[str, Callable[[pytest.FixtureRequest], Path]] = {
    "seed": lambda request: request.getfixturevalue("built_site"),
    "two-briefings": lambda request: build_two_briefings(
        request.getfixturevalue("tmp_path_factory").mktemp("phone") / "project", SITE_URL=""
    ),
    # Figures in the millions and long claimant names (tests/fixtures/hong-kong-marches).
    "hong-kong-marches": lambda request: build_story_site(
        make_story_project(request.getfixturevalue("tmp_path_factory").mktemp("phone") / "hk")
    ),
}

# A table cell on a phone is at least this many of its own ems wide (Material's 5rem is
# about 8), unless its text needs less on one line: narrower, a column reads a word a line.
CELL_EMS = 9.5

MEASURE = """() => {
    const view = {left: 0, right: window.innerWidth};
    const box = el => {
        const r = el.getBoundingClientRect();
        return {left: r.left, right: r.right, width: r.width, text: el.textContent.trim()};
    };
    const charts = Array.from(document.querySelectorAll('article figure svg[role=img]'))
        .map(svg => ({
            title: svg.querySelector(':scope > title').textContent,
            box: box(svg),
            parts: Array.from(svg.querySelectorAll('text, circle, line')).map(box),
            ticks: Array.from(svg.querySelectorAll('.chart-tick'))
                .map(t => t.textContent.trim()),
        }));
    const cells = [];
    for (const cell of document.querySelectorAll('article table td, article table th')) {
        const width = cell.getBoundingClientRect().width;
        const style = getComputedStyle(cell);
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        // The width the cell's text needs on one line, measured on a copy kept off screen.
        const probe = document.createElement('span');
        probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:'
            + style.font;
        probe.innerHTML = cell.innerHTML;
        document.body.appendChild(probe);
        const needs = probe.getBoundingClientRect().width + padding;
        probe.remove();
        cells.push({text: cell.textContent.trim().slice(0, 60), width: width, needs: needs,
                    em: parseFloat(style.fontSize)});
    }
    return {
        view: view,
        scroll: document.documentElement.scrollWidth,
        charts: charts,
        cells: cells,
    };
}"""


@pytest.fixture(scope="module", params=list(SITES))
def phone_pages(request: pytest.FixtureRequest, browser: Any) -> Iterator[dict[str, Any]]:
    """Every estimates page of one site, measured at phone size: URL path -> measurements."""
    site = SITES[request.param](request)
    paths = sorted(
        "/" + str(p.parent.relative_to(site)) + "/" for p in site.glob("**/estimates/**/index.html")
    )
    assert paths, f"no estimates pages in {site}"
    server = SiteServer(site)
    context, visit = open_context(
        browser, server.origin, viewport=PHONE, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        found = {}
        for path in paths:
            goto(page, server.url(path))
            found[path] = page.evaluate(MEASURE)
        screenshot(page, f"phone-{request.param}-last-estimates-page")
        assert visit.errors == [], visit.errors
        yield found
    finally:
        context.close()
        server.close()


def test_phone_measures_quantity_pages_with_charts(phone_pages: dict[str, Any]) -> None:
    """The measurements below cover charts: a site whose charts went missing fails here."""
    assert sum(len(m["charts"]) for m in phone_pages.values()) >= 1
    assert any(path.endswith("/estimates/") for path in phone_pages)


def test_estimates_pages_do_not_scroll_sideways_on_a_phone(phone_pages: dict[str, Any]) -> None:
    wide = {p: m["scroll"] for p, m in phone_pages.items() if m["scroll"] > m["view"]["right"]}
    assert wide == {}, f"pages wider than a {PHONE['width']}px phone (their widths): {wide}"


def test_every_chart_and_its_labels_fit_a_phone(phone_pages: dict[str, Any]) -> None:
    outside = []
    for path, found in phone_pages.items():
        right = found["view"]["right"]
        for chart in found["charts"]:
            for part in [chart["box"], *chart["parts"]]:
                if part["left"] < -0.5 or part["right"] > right + 0.5:
                    outside.append(
                        f"{path} {chart['title']!r}: {part['text'] or 'a mark'!r} "
                        f"spans {part['left']:.0f}-{part['right']:.0f}px"
                    )
    assert outside == [], "cut off on a phone:\n" + "\n".join(outside)


PLAIN_NUMBER = re.compile(r"\d{1,3}(,\d{3})*(\.\d+)?")


def test_every_chart_axis_writes_its_numbers_one_way(phone_pages: dict[str, Any]) -> None:
    """Digits only on an axis ("0", "0.5", "1.5" with "Scale in millions" beneath), never
    "1,875,000" beside "1.25 million"."""
    mixed = []
    for path, found in phone_pages.items():
        for chart in found["charts"]:
            numbers = [t for t in chart["ticks"] if not t.startswith("Scale in ")]
            notes = [t for t in chart["ticks"] if t.startswith("Scale in ")]
            if len(numbers) < 2 or not all(PLAIN_NUMBER.fullmatch(t) for t in numbers):
                mixed.append(f"{path} {chart['title']!r}: {chart['ticks']}")
            elif len(notes) > 1:
                mixed.append(f"{path} {chart['title']!r}: more than one scale note {notes}")
    assert mixed == [], "axes with words or mixed formats:\n" + "\n".join(mixed)


def test_estimates_tables_stay_readable_on_a_phone(phone_pages: dict[str, Any]) -> None:
    narrow = []
    for path, found in phone_pages.items():
        for cell in found["cells"]:
            wanted = min(cell["needs"], CELL_EMS * cell["em"])
            if cell["width"] + 0.5 < wanted:
                narrow.append(
                    f"{path}: {cell['text']!r} is {cell['width']:.0f}px wide, needs {wanted:.0f}px"
                )
    assert narrow == [], "table columns squeezed on a phone:\n" + "\n".join(narrow)
