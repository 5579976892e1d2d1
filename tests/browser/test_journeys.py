"""What a reader does: search, sort a table, filter the timeline, read a chart, go dark,
tab to a citation, print a topic."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import PHONE, SCREENSHOTS, goto, screenshot
from sitechecks import PAGE_TYPES, SiteServer

pytestmark = pytest.mark.browser


def search(page: Any, query: str) -> list[str]:
    """Type into Material's search box as a reader does; the paths of the results, in order."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)  # Material searches on keyup, not on input
    page.wait_for_function(
        "() => /matching document/.test("
        "document.querySelector('.md-search-result__meta')?.textContent || '')"
    )
    hrefs: list[str] = page.eval_on_selector_all(
        "li.md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"
    )
    return [urlsplit(h).path for h in hrefs]


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("Ponomarenko", "/claimants/dmytro-ponomarenko/"),
        # lunr splits on whitespace and hyphens only (search_index.json: "[\s\-]+"), so a
        # figure is indexed as written, "15,000", and found when typed that way.
        ("15,000", PAGE_TYPES["quantity"]),
    ],
)
def test_search_finds_the_right_page(
    page: Any, server: SiteServer, query: str, wanted: str
) -> None:
    goto(page, server.url("/"))
    results = search(page, query)
    assert wanted in results[:3], f"{query!r}: {wanted} is not among the first results {results}"
    link = f"li.md-search-result__item > a.md-search-result__link[href*='{wanted}']"
    page.locator(link).first.click()
    page.wait_for_url(f"**{wanted}**")
    assert query in page.inner_text("article")
    # search.highlight: Material marks the words searched for on the page it opens.
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for()
    assert query.lower() in marks.first.inner_text().lower()


def _estimate_values(page: Any) -> list[float]:
    values: list[str] = page.eval_on_selector_all(
        "article table tbody tr td:first-child data[value]", "els => els.map(e => e.value)"
    )
    return [float(v) for v in values]


def _click_cell_edge(page: Any, header: Any) -> None:
    """Click a header cell near its bottom-right corner: inside the cell, off its label."""
    header.scroll_into_view_if_needed()
    cell = header.bounding_box()
    label = header.locator("button").bounding_box()
    x, y = cell["x"] + cell["width"] - 2, cell["y"] + cell["height"] - 2
    inside_label = (
        label["x"] <= x <= label["x"] + label["width"]
        and label["y"] <= y <= label["y"] + label["height"]
    )
    assert not inside_label, f"the click at ({x}, {y}) would land on the label {label}"
    page.mouse.click(x, y)


def test_estimates_table_sorts_by_value_then_by_date(page: Any, server: SiteServer) -> None:
    goto(page, server.url(PAGE_TYPES["quantity"]))
    page.wait_for_selector("article table thead th button.sort-button")
    buttons = page.locator("article table thead th button.sort-button")
    assert buttons.count() == 5, "every header of the estimates table should be a button"
    before = _estimate_values(page)
    assert len(before) >= 3 and before != sorted(before), "pick a quantity listed out of order"

    estimate = page.locator(
        "article table thead th", has=page.locator("button", has_text="Estimate")
    )
    _click_cell_edge(page, estimate)  # anywhere in the header cell, not only its label
    assert _estimate_values(page) == sorted(before)
    assert estimate.get_attribute("aria-sort") == "ascending"

    estimate.locator("button").press("Enter")  # a keyboard user sorts the same way
    assert _estimate_values(page) == sorted(before, reverse=True)
    assert estimate.get_attribute("aria-sort") == "descending"

    as_of = page.locator("article table thead th", has=page.locator("button", has_text="As of"))
    _click_cell_edge(page, as_of)
    dates: list[str] = page.eval_on_selector_all(
        "article table tbody tr td:nth-child(4) time[datetime]",
        "els => els.map(e => e.getAttribute('datetime'))",
    )
    assert dates == sorted(dates)
    assert as_of.get_attribute("aria-sort") == "ascending"
    assert estimate.get_attribute("aria-sort") is None


def test_keyboard_sorts_from_tab_to_the_header(page: Any, server: SiteServer) -> None:
    """Tab reaches each header's button; Space and Enter sort, as a click does."""
    goto(page, server.url(PAGE_TYPES["quantity"]))
    page.wait_for_selector("article table thead th button.sort-button")
    estimate = page.locator(
        "article table thead th", has=page.locator("button", has_text="Estimate")
    )
    before = _estimate_values(page)
    page.locator("article table").first.evaluate(
        "t => { const a = document.createElement('a'); a.href = '#'; a.id = 'start'; t.before(a); }"
    )
    page.focus("#start")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "Estimate", f"Tab from before the table reached {focused!r}"
    page.keyboard.press("Space")
    assert _estimate_values(page) == sorted(before)
    page.keyboard.press("Enter")
    assert _estimate_values(page) == sorted(before, reverse=True)
    assert estimate.get_attribute("aria-sort") == "descending"


def _headline_figures(page: Any) -> list[str]:
    cells: list[str] = page.eval_on_selector_all(
        "article table tbody tr td:nth-child(3) data a", "els => els.map(e => e.textContent)"
    )
    return cells


def test_headline_column_sorts_by_number(page: Any, server: SiteServer) -> None:
    """3, 6, then "more than 10,000": figures sort by number, never as text."""
    goto(page, server.url(PAGE_TYPES["estimates"]))
    page.wait_for_selector("article table thead th button.sort-button")
    headline = page.locator(
        "article table thead th", has=page.locator("button", has_text="Headline")
    )

    def number(text: str) -> float:
        match = re.search(r"(\d[\d,]*(?:\.\d+)?)(\s*million)?", text)
        assert match, text
        return float(match[1].replace(",", "")) * (1_000_000 if match[2] else 1)

    _click_cell_edge(page, headline)
    shown = _headline_figures(page)
    figures = [number(t) for t in shown]
    assert len(figures) >= 5
    assert figures == sorted(figures), shown
    assert sorted(shown) != shown, "text order would differ: the test must tell them apart"
    headline.locator("button").press("Enter")
    assert [number(t) for t in _headline_figures(page)] == sorted(figures, reverse=True)


def _shown_fact_ids(page: Any) -> list[str]:
    """The fact behind each item on a listing page: its anchor, or its "In context" link."""
    ids: list[str] = page.eval_on_selector_all(
        "article li.fact",
        """items => items.map(li => {
            if (li.id) return li.id;
            const a = li.querySelector('.fact-meta a[href*="topics/"][href*="#"]');
            return a ? decodeURIComponent(a.hash.slice(1)) : '(no link) ' + li.textContent;
        })""",
    )
    return ids


def _on_timeline(fact: dict[str, Any]) -> bool:
    """The timeline's rule (views.timeline, when_of): every dated fact, an estimate by its
    as-of date, any other claim by when it was stated."""
    if fact.get("date") or fact.get("stated"):
        return True
    return fact["kind"] == "estimate" and bool(fact.get("as_of"))


def test_timeline_filters_show_only_their_topic(
    page: Any, server: SiteServer, facts: dict[str, Any]
) -> None:
    dated = [f for f in facts["facts"] if _on_timeline(f)]
    events = {f["id"] for f in facts["facts"] if f["kind"] == "event"}
    goto(page, server.url("/timeline/"))
    everything = _shown_fact_ids(page)
    assert sorted(everything) == sorted(f["id"] for f in dated)
    assert events <= set(everything), "every event belongs on the timeline"
    for topic in [t["id"] for t in facts["topics"]]:
        goto(page, server.url(f"/timeline/{topic}/"))
        shown = _shown_fact_ids(page)
        wanted = [f["id"] for f in dated if topic in f["topics"]]
        assert len(shown) == len(wanted), f"/timeline/{topic}/ shows {len(shown)} of {len(wanted)}"
        assert sorted(shown) == sorted(wanted), f"/timeline/{topic}/"
        assert {i for i in shown if i in events} == {
            f["id"] for f in facts["facts"] if f["id"] in events and topic in f["topics"]
        }
        # The filter links back to all topics, and marks this one as current (not a link).
        links = page.evaluate(
            """() => {
                const p = Array.from(document.querySelectorAll('article p'))
                    .find(p => p.textContent.trim().startsWith('Show:'));
                return p ? Array.from(p.querySelectorAll('a[href]'),
                                      a => new URL(a.href).pathname) : null;
            }"""
        )
        assert links is not None, f"/timeline/{topic}/ has no topic filter"
        assert "/timeline/" in links
        assert f"/timeline/{topic}/" not in links
        assert len(links) == len(facts["topics"])


def test_quantity_chart_is_described_and_followed_by_its_table(
    page: Any, server: SiteServer
) -> None:
    goto(page, server.url(PAGE_TYPES["quantity"]))
    charts = page.locator("article figure.range-chart svg[role=img]")
    assert charts.count() >= 1
    assert charts.first.is_visible()
    found = page.evaluate(
        """() => {
            const table = document.querySelector('article table');
            const charts = Array.from(
                document.querySelectorAll('article figure.range-chart svg[role=img]'));
            return charts.map(svg => {
                const title = svg.querySelector(':scope > title');
                const desc = svg.querySelector(':scope > desc');
                const figure = svg.closest('figure');
                const between = [];
                for (let n = figure.nextElementSibling; n && !n.contains(table);
                     n = n.nextElementSibling) between.push(n.tagName);
                return {
                    kind: svg.getAttribute('class'),
                    title: title && title.textContent.trim(),
                    desc: desc && desc.textContent.trim(),
                    labelled: (svg.getAttribute('aria-labelledby') || '').split(/\\s+/),
                    titleId: title && title.id, descId: desc && desc.id,
                    follows: !!(figure.compareDocumentPosition(table)
                                & Node.DOCUMENT_POSITION_FOLLOWING),
                    between: between,
                    marks: svg.querySelectorAll('g.chart-row').length,
                    rows: table.tBodies[0].rows.length,
                };
            });
        }"""
    )
    for chart in found:
        # Every chart is named and described for a screen reader, by its own title and desc.
        assert chart["title"] and chart["desc"], chart
        assert chart["titleId"] in chart["labelled"], chart
        assert chart["descId"] in chart["labelled"], chart
        # The table of the same figures comes after the chart, with only charts between.
        assert chart["follows"], chart
        assert set(chart["between"]) <= {"FIGURE"}, chart
    ranges = [c for c in found if "range-chart" in (c["kind"] or "").split()]
    assert len(ranges) == 1, found
    assert ranges[0]["marks"] == ranges[0]["rows"], "one mark per estimate in the table"
    assert "Ponomarenko" in ranges[0]["desc"] and "15,000" in ranges[0]["desc"]


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of a CSS `rgb(r, g, b)` colour."""
    channels = [
        int(float(c)) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]
    ]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "scheme",
    ["light", "dark"],
)
def test_chart_marks_stand_out_from_the_page(
    new_context: Any, server: SiteServer, scheme: str
) -> None:
    context, _ = new_context(color_scheme=scheme)
    page = context.new_page()
    goto(page, server.url(PAGE_TYPES["quantity"]))
    colours = page.evaluate(
        r"""() => {
            const mark = document.querySelector('figure.range-chart .chart-bar, '
                                                + 'figure.range-chart .chart-point');
            let bg = 'rgba(0, 0, 0, 0)';
            for (let n = mark.closest('figure'); n; n = n.parentElement) {
                bg = getComputedStyle(n).backgroundColor;
                if (!/rgba\(.*, 0\)$/.test(bg) && bg !== 'transparent') break;
            }
            return {mark: getComputedStyle(mark).stroke, background: bg};
        }"""
    )
    assert _contrast(colours["mark"], colours["background"]) >= 3, colours


def test_chart_labels_are_legible_on_a_phone(new_context: Any, server: SiteServer) -> None:
    context, _ = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    goto(page, server.url(PAGE_TYPES["quantity"]))
    smallest = page.evaluate(
        """() => {
            const sizes = [];
            for (const svg of document.querySelectorAll('figure.range-chart svg[role=img]')) {
                // A chart with a viewBox scales its text with its width; one without
                // (positions in percent) keeps the stylesheet's size.
                const box = svg.viewBox.baseVal;
                const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
                for (const t of svg.querySelectorAll('text'))
                    sizes.push(parseFloat(getComputedStyle(t).fontSize) * scale);
            }
            return Math.min(...sizes);
        }"""
    )
    assert smallest >= 10, f"the smallest chart text is {smallest:.1f}px on a 390px screen"


def test_dark_mode_toggle_switches_to_slate(page: Any, server: SiteServer) -> None:
    goto(page, server.url(PAGE_TYPES["topic"]))
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    toggle = page.locator("form[data-md-component=palette] label.md-header__button:visible")
    assert toggle.count() == 1
    assert toggle.get_attribute("title") == "Switch to dark mode"
    toggle.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    back = page.locator("form[data-md-component=palette] label.md-header__button:visible")
    assert back.get_attribute("title") == "Switch to light mode"
    # The choice is remembered on the next page.
    goto(page, server.url(PAGE_TYPES["quantity"]))
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"


def test_tab_reaches_a_footnote_and_its_tooltip_names_the_article(
    page: Any, server: SiteServer
) -> None:
    goto(page, server.url(PAGE_TYPES["topic"]))
    page.locator("body").focus()
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('a.footnote-ref')"):
            break
    else:
        pytest.fail("200 presses of Tab never reached a footnote reference")
    ref = page.locator("a.footnote-ref:focus")
    # Material (content.footnote.tooltips) appends a div.md-tooltip2 holding a copy of the
    # note to <body> and points the reference's aria-controls at it while it is focused.
    page.wait_for_function(
        "() => { const id = document.activeElement.getAttribute('aria-controls');"
        " const tip = id && document.getElementById(id);"
        " return !!tip && tip.classList.contains('md-tooltip2--active')"
        " && getComputedStyle(tip).opacity === '1'; }"
    )
    tip = page.locator(f"#{ref.get_attribute('aria-controls')}")
    assert tip.is_visible()
    box = tip.locator(".md-tooltip2__inner").bounding_box()
    assert box and box["width"] > 50 and box["height"] > 10
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    note_id = ref.get_attribute("href")[1:]
    note = page.evaluate("id => document.getElementById(id).innerText", note_id)
    text = tip.inner_text()
    assert "Bloomberg" in text
    assert text.strip()[:40] == note.strip()[:40]
    screenshot(page, "desktop-topic-footnote-tooltip", full_page=False)


def test_printed_topic_keeps_its_citations(page: Any, server: SiteServer) -> None:
    goto(page, server.url(PAGE_TYPES["topic"]))
    page.emulate_media(media="print")
    footnotes = page.locator("article .footnote")
    assert footnotes.is_visible()
    assert "Bloomberg" in footnotes.inner_text()
    assert footnotes.locator("li").count() >= 2
    pdf = SCREENSHOTS.parent / "topic-print.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    data = page.pdf(path=str(pdf), format="A4", print_background=False)
    assert data.startswith(b"%PDF") and len(data) > 10_000
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return  # poppler-utils is not installed: the DOM check above has to do
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Bloomberg" in text
    assert "Every fact from this article" in text


def test_a_quote_is_drawn_in_quotation_marks(page: Any, server: SiteServer) -> None:
    """The browser sets a `q`'s marks: the stylesheet must leave them (and show every quote)."""
    goto(page, server.url(PAGE_TYPES["topic"]))
    found = page.evaluate(
        """() => Array.from(document.querySelectorAll('article .fact-quote q')).map(q => ({
            before: getComputedStyle(q, '::before').content,
            after: getComputedStyle(q, '::after').content,
            quotes: getComputedStyle(q).quotes,
            visible: q.getBoundingClientRect().width > 0,
        }))"""
    )
    assert found, "the topic page shows no quote"
    for q in found:
        assert q["before"] == "open-quote" and q["after"] == "close-quote", q
        assert q["quotes"] != "none" and q["visible"], q
