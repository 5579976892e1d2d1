"""The browser checks catch what they are for: a copy of the site is broken on purpose,
served on its own port, and the same checks that pass on the seed site must fail on it.

(The checks that need no browser -- links, footnotes, citations -- have theirs in
test_static_site.py; the HTML checker's in test_html_valid.py.)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import goto, open_context
from sitechecks import PAGE_TYPES, SiteServer, axe_problems, page_file, run_axe

pytestmark = pytest.mark.browser

WEB_FONT = '<link href="https://fonts.googleapis.com/css?family=Roboto" rel="stylesheet">'


def _edit(site: Path, page: str, old: str, new: str) -> None:
    file = page_file(site, PAGE_TYPES[page])
    html = file.read_text(encoding="utf-8")
    assert old in html, f"{old!r} is not in {file}"
    file.write_text(html.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def broken_server(
    built_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SiteServer]:
    """A copy of the seed site with a web font on the topic page and inaccessible markup
    (an image with no alt text, a button with no name) on the about page."""
    site = Path(shutil.copytree(built_site, tmp_path_factory.mktemp("broken") / "site"))
    _edit(site, "topic", "</head>", WEB_FONT + "</head>")
    _edit(
        site,
        "about",
        "</article>",
        '<p><img src="../assets/images/favicon.png"><button type="button"></button></p></article>',
    )
    srv = SiteServer(site)
    yield srv
    srv.close()


def test_a_web_font_is_caught_as_a_third_party_request(
    browser: Any, broken_server: SiteServer
) -> None:
    context, visit = open_context(browser, broken_server.origin)
    try:
        page = context.new_page()
        goto(page, broken_server.url(PAGE_TYPES["topic"]), wait_until="networkidle")
    finally:
        context.close()
    assert [u for u in visit.third_party if u.startswith("https://fonts.googleapis.com/")]
    assert visit.blocked == visit.third_party, "every third-party request is aborted"


def test_the_intact_page_beside_it_makes_no_third_party_request(
    browser: Any, broken_server: SiteServer
) -> None:
    context, visit = open_context(browser, broken_server.origin)
    try:
        page = context.new_page()
        goto(page, broken_server.url(PAGE_TYPES["quantity"]), wait_until="networkidle")
    finally:
        context.close()
    assert visit.requests and visit.third_party == []


def test_inaccessible_markup_is_caught_by_axe(
    browser: Any, broken_server: SiteServer, axe_js: Path
) -> None:
    context, _ = open_context(browser, broken_server.origin)
    try:
        page = context.new_page()
        goto(page, broken_server.url(PAGE_TYPES["about"]))
        problems = axe_problems(run_axe(page))
    finally:
        context.close()
    assert any(p.startswith("critical image-alt") for p in problems), problems
    assert any(p.startswith("critical button-name") for p in problems), problems
