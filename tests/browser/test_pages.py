"""Every page type in Chromium: no third-party requests, accessible, fits a phone.

Each page of each kind the generator makes (sitechecks.PAGE_TYPES) is loaded once at
desktop size (and a few again in dark mode): the visit records every request, runs axe-core
and writes a full-page screenshot to tests/artifacts/screenshots/ for a person to look at.
The tests below assert on those records, one test per page and concern.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browsing import PHONE, Visit, goto, open_context, screenshot
from sitechecks import (
    AXE_THEME_VIOLATIONS,
    PAGE_TYPES,
    SITE_BUGS_FIXED,
    AxeKnown,
    SiteServer,
    axe_nodes,
    axe_problems,
    run_axe,
)

pytestmark = pytest.mark.browser

PAGES = list(PAGE_TYPES.items())
IDS = list(PAGE_TYPES)
DARK = ["home", "topic", "quantity"]


@dataclass
class Report:
    visit: Visit
    axe: list[dict[str, Any]]
    scheme: str
    search_axe: list[dict[str, Any]] | None = None  # with the search dialog open and in use
    dialog_name: str | None = None


Reports = Callable[[str, str], Report]


@pytest.fixture(scope="session")
def reports(browser: Any, server: SiteServer, axe_js: Path) -> Iterator[Reports]:
    """Loads a page type once per colour scheme, on first use, and keeps what it found."""
    cache: dict[tuple[str, str], Report] = {}

    def report(name: str, scheme: str = "light") -> Report:
        if (name, scheme) not in cache:
            context, visit = open_context(browser, server.origin, color_scheme=scheme)
            try:
                page = context.new_page()
                goto(page, server.url(PAGE_TYPES[name]), wait_until="networkidle")
                body_scheme = page.get_attribute("body", "data-md-color-scheme")
                screenshot(page, f"desktop-{name}" + ("-dark" if scheme == "dark" else ""))
                found = Report(visit, run_axe(page), body_scheme)
                if scheme == "light":
                    _open_search(page)
                    found.search_axe = run_axe(page)
                    found.dialog_name = page.get_attribute(".md-search[role=dialog]", "aria-label")
                cache[(name, scheme)] = found
            finally:
                context.close()
        return cache[(name, scheme)]

    yield report


@pytest.mark.parametrize(("name", "path"), PAGES, ids=IDS)
def test_no_third_party_requests(reports: Reports, name: str, path: str) -> None:
    visit = reports(name, "light").visit
    assert visit.requests[0] == visit.origin + path
    # Material's search worker fetches the index as soon as the page has loaded.
    assert any(u.endswith("/search/search_index.json") for u in visit.requests)
    assert visit.third_party == [], f"requests to other hosts (aborted): {visit.third_party}"
    assert visit.errors == [], f"errors in the page: {visit.errors}"


@pytest.mark.parametrize(("name", "path"), PAGES, ids=IDS)
def test_no_serious_accessibility_violations(reports: Reports, name: str, path: str) -> None:
    report = reports(name, "light")
    assert report.scheme == "default"
    assert axe_problems(report.axe) == []


def _open_search(page: Any) -> None:
    """Open Material's search dialog as a reader does, and search until results show."""
    page.locator("input.md-search__input").click()
    page.wait_for_selector(".md-search__inner", state="visible")
    page.keyboard.type("troops", delay=15)
    page.wait_for_function(
        "() => /matching document/.test("
        "document.querySelector('.md-search-result__meta')?.textContent || '')"
    )


@pytest.mark.parametrize(("name", "path"), PAGES, ids=IDS)
def test_no_serious_accessibility_violations_with_search_open(
    reports: Reports, name: str, path: str
) -> None:
    report = reports(name, "light")
    assert report.search_axe is not None
    assert axe_problems(report.search_axe) == []


def test_search_dialog_has_an_accessible_name(reports: Reports) -> None:
    assert _known_bug(reports, SITE_BUGS_FIXED[3]) == []
    for name in PAGE_TYPES:
        report = reports(name, "light")
        assert report.dialog_name == "Search", name
        assert report.search_axe is not None
        assert not [n for n in axe_nodes(report.search_axe) if n[0] == "aria-dialog-name"], name


@pytest.mark.parametrize("name", DARK)
def test_no_serious_accessibility_violations_in_dark_mode(reports: Reports, name: str) -> None:
    report = reports(name, "dark")
    assert report.scheme == "slate"
    assert axe_problems(report.axe) == []


def test_every_allowed_theme_violation_still_occurs(reports: Reports) -> None:
    """An allow-list entry that no longer matches anything (Material fixed it) must go."""
    nodes = [n for name in PAGE_TYPES for n in axe_nodes(reports(name, "light").axe)]
    for allowed in AXE_THEME_VIOLATIONS:
        assert [n for n in nodes if allowed.matches(n[0], n[1])], f"remove: {allowed}"


def _known_bug(reports: Reports, bug: AxeKnown) -> list[str]:
    """The nodes on every page type, light and dark, that still show one known site bug."""
    found = []
    for name in PAGE_TYPES:
        for scheme in ("light", "dark") if name in DARK else ("light",):
            nodes = axe_nodes(reports(name, scheme).axe)
            found += [f"{name} ({scheme}): {line}" for r, t, line in nodes if bug.matches(r, t)]
    return found


def test_links_in_running_text_are_distinguishable(reports: Reports) -> None:
    assert _known_bug(reports, SITE_BUGS_FIXED[0]) == []


def test_header_tabs_have_enough_contrast(reports: Reports) -> None:
    assert _known_bug(reports, SITE_BUGS_FIXED[1]) == []


def test_footer_has_enough_contrast(reports: Reports) -> None:
    assert _known_bug(reports, SITE_BUGS_FIXED[2]) == []


@pytest.mark.parametrize(("name", "path"), PAGES, ids=IDS)
def test_phone_width_has_no_horizontal_scroll(
    new_context: Callable[..., tuple[Any, Visit]], server: SiteServer, name: str, path: str
) -> None:
    context, _ = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    goto(page, server.url(path))
    screenshot(page, f"phone-{name}")
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["inner"] == PHONE["width"]
    assert widths["scroll"] <= widths["inner"], f"page is wider than the phone: {widths}"
    # A wide table scrolls inside its own container, which stays within the screen.
    tables = page.evaluate(
        """() => Array.from(document.querySelectorAll('article table')).map(t => {
            let box = t.parentElement;
            while (box && box !== document.body) {
                const o = getComputedStyle(box).overflowX;
                if (o === 'auto' || o === 'scroll') break;
                box = box.parentElement;
            }
            const r = box.getBoundingClientRect();
            const w = t.getBoundingClientRect().width;
            return {wide: w > box.clientWidth + 1, left: r.left, right: r.right,
                    scroller: box === document.body ? 'body' : box.className || box.tagName};
        })"""
    )
    for table in tables:
        assert table["scroller"] != "body", f"a table with no scrolling container: {table}"
        assert table["left"] >= -1 and table["right"] <= PHONE["width"] + 1, table
    if name in ("home", "estimates", "quantity"):
        assert any(t["wide"] for t in tables), "expected a table wider than the phone here"
