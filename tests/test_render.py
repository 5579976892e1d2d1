"""The renderer on the fixture corpus: golden pages, escaping, charts and data.

Golden files live in tests/golden/. After an intended change to the pages, run
`make golden` and review the diff like code.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from markupsafe import Markup, escape

from generator.dates import parse_date
from generator.model import Claimant, Source
from generator.pipeline import check_facts
from generator.plan import SiteOptions, plan_site
from generator.render import Renderer, render_site
from generator.render.charts import LINE_CHARS, range_chart, ticks_for
from generator.render.data import safe_cell
from generator.render.jinja import environment, escape_output
from generator.views import Views
from generator.wording import attributed, counted, full_stop, number
from tests.conftest import ARCHIVE, CORPUS, TODAY

GOLDEN = Path(__file__).parent / "golden"
# One page of every type, as HTML (a page's golden file is its path with .html).
GOLDEN_PAGES = [
    "index.md",
    "topics/index.md",
    "topics/traffic.md",
    "estimates/index.md",
    "estimates/ships-calling.md",
    "timeline/index.md",
    "sources/index.md",
    "sources/gazette-2031-03-14.md",
    "claimants/index.md",
    "claimants/port-authority.md",
    "disagreements.md",
    "known/index.md",
    "known/2031-03-14.md",
    "corrections.md",
    "changes.md",
    "downloads.md",
    "data/ships-calling.csv",
    "feed.xml",
]
# The pages of a long list, one year each: the fixture corpus with a page limit of 1.
GOLDEN_YEAR_PAGES = [
    "topics/traffic/2031.md",
    "timeline/1870s.md",
    "claimants/port-authority/2031.md",
]


@pytest.fixture(scope="module")
def files() -> dict[str, str | bytes]:
    checked = check_facts(CORPUS, today=TODAY, archive=ARCHIVE)
    assert checked.ok, checked.diagnostics
    return render_site(checked.corpus)


@pytest.fixture(scope="module")
def year_files() -> dict[str, str | bytes]:
    return render_site(check_facts(CORPUS, today=TODAY).corpus, SiteOptions(page_limit=1))


@pytest.mark.parametrize("page", GOLDEN_PAGES + GOLDEN_YEAR_PAGES)
def test_golden_page(
    page: str, files: dict[str, str | bytes], year_files: dict[str, str | bytes]
) -> None:
    golden = GOLDEN / re.sub(r"\.md$", ".html", page)
    content = (year_files if page in GOLDEN_YEAR_PAGES else files)[page]
    assert isinstance(content, str)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(content, encoding="utf-8")
    assert content == golden.read_text(encoding="utf-8"), f"run `make golden` if {page} changed"


# One page type in each shipped language besides English: the fixture corpus in a site
# of that language (golden/<language>/...).
GOLDEN_LANGUAGES = {
    "uk": "estimates/ships-calling.md",
    "ko": "estimates/ships-calling.md",
    "ar": "estimates/ships-calling.md",
}


@pytest.mark.parametrize(("code", "page"), GOLDEN_LANGUAGES.items())
def test_golden_page_in_each_language(code: str, page: str) -> None:
    corpus = check_facts(CORPUS, today=TODAY, archive=ARCHIVE).corpus
    content = render_site(corpus, SiteOptions(language=code))[page]
    assert isinstance(content, str)
    golden = GOLDEN / code / re.sub(r"\.md$", ".html", page)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(content, encoding="utf-8")
    assert content == golden.read_text(encoding="utf-8"), f"run `make golden` if {page} changed"


def test_pages_as_utf8_are_the_pages_encoded() -> None:
    """The build keeps pages as UTF-8 (`Renderer.page_utf8`, each page's way back to the
    root put in after encoding): byte for byte the page's HTML, at every depth."""
    corpus = check_facts(CORPUS, today=TODAY).corpus
    plan = plan_site(corpus, SiteOptions(page_limit=1))
    renderer = Renderer(corpus, plan)
    plan.files |= set(renderer.files())
    depths = set()
    for page in plan.pages.values():
        html = renderer.page(page)
        assert renderer.page_utf8(page) == html.encode("utf-8"), page.path
        depths.add(plan.root(page.path))
    assert {"", "../", "../../"} <= depths


def test_every_page_type_is_generated(files: dict[str, str | bytes]) -> None:
    expected = {
        "index.md",
        "topics/index.md",
        "topics/traffic.md",
        "topics/history.md",
        "estimates/index.md",
        "estimates/ships-calling.md",
        "timeline/index.md",
        "timeline/traffic.md",
        "timeline/history.md",
        "sources/index.md",
        "sources/gazette-2031-03-14.md",
        "sources/bulletin-2031-03-20.md",
        "claimants/index.md",
        "claimants/mara-quint.md",
        "downloads.md",
        "data/facts.json",
        "data/facts.csv",
        "data/ships-calling.csv",
        "data/schema.json",
        "feed.xml",
        "assets/briefing.css",
        "assets/briefing.js",
    }
    assert expected <= set(files)


def test_rendering_is_deterministic() -> None:
    def once() -> dict[str, str | bytes]:
        return render_site(check_facts(CORPUS, today=TODAY).corpus)

    assert once() == once()


def test_topic_page_cites_claimant_date_and_article(files: dict[str, str | bytes]) -> None:
    page = str(files["topics/traffic.md"])
    item = page[page.index('<li class="fact fact-estimate" id="authority-ships-february">') :]
    item = item[: item.index("</li>")]
    assert '<a href="../../claimants/port-authority/">Port Authority</a>' in item
    assert '<time datetime="2031-02" class="date date-month">as of February 2031</time>' in item
    assert '<a class="footnote-ref" href="#fn:gazette-2031-03-14">' in item
    note = page[page.index('<li id="fn:gazette-2031-03-14">') :]
    assert note.startswith('<li id="fn:gazette-2031-03-14">\n<p>The Harbour Gazette, [Ships crowd')


def test_summary_citations_become_numbered_footnotes(files: dict[str, str | bytes]) -> None:
    page = str(files["topics/traffic.md"])
    assert (
        'in February <sup id="fnref:c-authority-ships-february"><a class="footnote-ref" '
        'href="#fn:c-authority-ships-february">1</a></sup>'
    ) in page
    assert (
        '<li id="fn:c-authority-ships-february">\n<p>Port Authority, reported by '
        "The Harbour Gazette, 14 March 2031. "
        '<a href="../../topics/traffic/#authority-ships-february">See the fact</a>.'
    ) in page


def test_timeline_shows_spans_at_their_precision(files: dict[str, str | bytes]) -> None:
    page = str(files["timeline/index.md"])
    assert 'class="date date-span">between the late 1870s and the early 1880s</time>' in page


def test_fact_text_is_escaped_as_text(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(CORPUS, tmp_path / "facts")
    history = tmp_path / "facts" / "history.yaml"
    hostile = "<script>alert(1)</script> [click](javascript:alert(2)) {: onclick=x } *bold*"
    history.write_text(
        history.read_text().replace(
            "The first harbour wall went up over several years.", json.dumps(hostile)
        )
    )
    checked = check_facts(tmp_path / "facts", today=TODAY)
    assert checked.ok, checked.diagnostics
    page = str(render_site(checked.corpus)["topics/history.md"])
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(2))" in page
    assert "{: onclick=x } *bold*" in page  # HTML is not Markdown: nothing else to escape


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "plain",
        "<a href=\"x\">'&'</a>",
        "\u00e9t\u00e9 & <i>",
        Markup("<em>kept</em>"),
        Markup(""),
        1500,
        -7,
        2.5,
        1e300 * 10,
        float("nan"),
        1e-7,
        None,
        True,
        _Html(),
        type("S", (str,), {})("<sub>"),
    ],
)
def test_templates_escape_as_markupsafe_does(value: object) -> None:
    """`{{ value }}` goes through `escape_output`, a shorter way to markupsafe's `escape`."""
    result = escape_output(value)
    assert type(result) is Markup
    assert result == escape(value)
    template = environment().from_string("<p>{{ value }}</p>")
    assert template.render(value=value) == f"<p>{escape(value)}</p>"


def test_chart_is_svg_with_title_and_desc(files: dict[str, str | bytes]) -> None:
    page = str(files["estimates/ships-calling.md"])
    assert '<svg class="range-chart"' in page and 'role="img"' in page
    assert '<title id="chart-title-ships-calling">Estimates of Ships calling at the harbour' in page
    assert '<desc id="chart-desc-ships-calling">Ministry of Shipping: up to 1,500;' in page


@pytest.mark.parametrize(
    ("top", "labels", "unit"),
    [
        (2_500_000, ["0", "0.5", "1", "1.5", "2", "2.5"], "millions"),
        (2_000_000, ["0", "0.5", "1", "1.5", "2"], "millions"),
        (2_500, ["0", "500", "1,000", "1,500", "2,000", "2,500"], ""),
        (10_000, ["0", "2,500", "5,000", "7,500", "10,000"], ""),
        (1, ["0", "0.25", "0.5", "0.75", "1"], ""),
    ],
)
def test_chart_axis_writes_its_numbers_one_way(top: float, labels: list[str], unit: str) -> None:
    """Round steps, every label in the same form: never "1,875,000" beside "1.25 million"."""
    values, found, found_unit = ticks_for(top)
    assert found == labels and found_unit == unit
    assert values[0] == 0 and values[-1] == top


def test_chart_labels_are_wrapped_short_and_marks_placed_in_percent() -> None:
    corpus = check_facts(CORPUS, today=TODAY).corpus
    estimates = [f for f in corpus.facts if getattr(f, "quantity", None) == "ships-calling"]
    long_name = "The Very Long Official Name of a Ministry of Shipping and Harbours"
    chart = range_chart(estimates, {e.id: long_name for e in estimates})
    for mark in chart.marks:
        assert len(mark.lines) > 1
        assert all(len(line.text) <= LINE_CHARS for line in mark.lines)
        assert " ".join(line.text for line in mark.lines) == mark.label
        assert 0 <= mark.x1 <= mark.x2 <= 100
        assert mark.y > mark.lines[-1].y  # the mark sits under its label
    assert [tick.at for tick in chart.ticks][:: len(chart.ticks) - 1] == [0, 100]
    assert chart.axis_y > chart.marks[-1].y


def test_headline_rule_prefers_latest_as_of(files: dict[str, str | bytes]) -> None:
    checked = check_facts(CORPUS, today=TODAY)
    views = Views(checked.corpus)
    quantity = checked.corpus.quantity_by_id["ships-calling"]
    assert views.headline(quantity).id == "bulletin-ships-range"


def test_csv_downloads_carry_citations_and_neutralise_formulas(
    files: dict[str, str | bytes],
) -> None:
    rows = list(csv.DictReader(io.StringIO(str(files["data/facts.csv"]))))
    assert len(rows) == 5
    assert all(r["publisher"] and r["published"] and r["claimant"] for r in rows)
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("-3") == "'-3"
    assert safe_cell("plain") == "plain"


def test_facts_json_round_trips(files: dict[str, str | bytes]) -> None:
    data = json.loads(files["data/facts.json"])
    assert {f["id"] for f in data["facts"]} == {
        "authority-ships-february",
        "ministry-ships-winter",
        "bulletin-ships-range",
        "quint-triumph",
        "wall-built",
    }


def test_facts_json_gives_each_record_a_line(files: dict[str, str | bytes]) -> None:
    """One record per line, so a diff of two downloads shows which facts changed."""
    text = str(files["data/facts.json"])
    data = json.loads(text)
    lines = text.splitlines()
    start = lines.index('  "facts": [')
    facts = [
        json.loads(line.removesuffix(","))
        for line in lines[start + 1 : start + 1 + len(data["facts"])]
    ]
    assert facts == data["facts"]
    assert lines[start + 1 + len(facts)] == "  ]"
    records = sum(len(v) + 2 if isinstance(v, list) and v else 1 for v in data.values())
    assert len(lines) == records + 2


@pytest.mark.parametrize(
    ("text", "label", "precision"),
    [
        ("2024-10-18", "18 October 2024", "day"),
        ("2024-10", "October 2024", "month"),
        ("2024", "2024", "year"),
        ("197X", "the 1970s", "decade"),
        ("late 197X", "late 1970s", "part"),
        ("late 197X/early 198X", "late 1970s to early 1980s", "span"),
        ("2024-10~", "about October 2024", "month"),
        ("2024-10?", "October 2024 (uncertain)", "month"),
        ("../2024-10-22", "by 22 October 2024", "span"),
        ("2024-06/..", "since June 2024", "ongoing"),
    ],
)
def test_date_labels_keep_their_precision(text: str, label: str, precision: str) -> None:
    parsed = parse_date(text)
    assert parsed.label() == label
    assert parsed.precision == precision


def test_late_decade_covers_its_last_third() -> None:
    parsed = parse_date("late 197X")
    assert (parsed.earliest.year, parsed.latest.isoformat()) == (1977, "1979-12-31")


@pytest.mark.parametrize(
    ("value", "text"), [(1500, "1,500"), (1_280_000, "1.28 million"), (2.5, "2.5")]
)
def test_numbers_read_as_words(value: float, text: str) -> None:
    assert number(value) == text


COUNTED_NOUNS = r"(?:article|fact|claim|claimant|estimate|quote|change|other fact)"


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [
        (1, "article", "1 article"),
        (0, "fact", "0 facts"),
        (2, "quote", "2 quotes"),
        (1_200, "claim", "1,200 claims"),
        (3, "other fact", "3 other facts"),
    ],
)
def test_a_count_takes_its_noun_in_the_right_number(count: int, noun: str, text: str) -> None:
    assert counted(count, noun) == text


def test_no_page_says_one_of_a_plural(files: dict[str, str | bytes]) -> None:
    """The fixture's home page, topics and claimants each count one of something."""
    pages = {p: str(t) for p, t in files.items() if p.endswith(".md")}
    wrong = {
        p: re.findall(rf"\b1 {COUNTED_NOUNS}s\b", t)
        for p, t in pages.items()
        if re.search(rf"\b1 {COUNTED_NOUNS}s\b", t)
    }
    assert wrong == {}
    assert "1 fact" in pages["index.md"] and "1 claim" in pages["claimants/index.md"]


@pytest.mark.parametrize(
    ("text", "stop"),
    [
        ("The wall was built", "."),
        ("The wall was built.", ""),
        ("Was it built?", ""),
        ('He said "built."', ""),
        ("It was cut short…", ""),
        ("It ends (so.)", ""),
    ],
)
def test_a_generated_full_stop_is_added_only_where_the_text_has_none(text: str, stop: str) -> None:
    assert full_stop(text) == stop


def _source(publisher: str) -> Source:
    return Source(id="s", publisher=publisher, title="T", published="2019-06-17")


@pytest.mark.parametrize(
    ("claimants", "publisher", "line"),
    [
        ([("Example News", "news-organisation")], "Example News", "Example News, 17 June 2019"),
        ([("Bloomberg News", "news-organisation")], "Bloomberg", "Bloomberg News, 17 June 2019"),
        ([("The Gazette", "news-organisation")], "Gazette", "The Gazette, 17 June 2019"),
        ([("Port Authority", "government")], "Port Authority", "Port Authority, 17 June 2019"),
        (
            [("Example", "person")],
            "Example News",
            "Example, reported by Example News, 17 June 2019",
        ),
        (
            [("Kyiv Post", "news-organisation"), ("Ukraine's military", "military")],
            "Kyiv Post",
            "Kyiv Post and Ukraine's military, reported by Kyiv Post, 17 June 2019",
        ),
    ],
)
def test_a_citation_names_the_publisher_once_when_it_speaks_for_itself(
    claimants: list[tuple[str, str]], publisher: str, line: str
) -> None:
    who = [Claimant(id=f"c{i}", name=n, kind=k) for i, (n, k) in enumerate(claimants)]
    assert attributed(who, _source(publisher)) == line


def test_cite_lines_are_short_and_show_no_ids(files: dict[str, str | bytes]) -> None:
    corpus = check_facts(CORPUS, today=TODAY).corpus
    lines = [
        line
        for text in files.values()
        if isinstance(text, str)
        for line in re.findall(r"Cite: (.*?)</span>", text)
    ]
    assert lines
    for line in lines:
        assert not [f.id for f in corpus.facts if f.id in line], line
        assert re.fullmatch(r"[^;]+, reported by [^,;]+, \d{1,2} \w+ \d{4}\.", line), line
    assert "Port Authority, reported by The Harbour Gazette, 14 March 2031." in lines


def test_a_quote_shows_in_quotation_marks_wherever_its_fact_does(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(CORPUS, tmp_path / "facts")
    sources = tmp_path / "facts" / "sources.yaml"
    sources.write_text(
        sources.read_text().replace(
            "    archive: gazette-2031-03-14.txt\n",
            "    archive: gazette-2031-03-14.txt\n    url: https://gazette.example.org/ships\n",
        )
    )
    checked = check_facts(tmp_path / "facts", today=TODAY)
    assert checked.ok, checked.diagnostics
    files = render_site(checked.corpus)
    quote = (
        '<span class="fact-quote">— <q cite="https://gazette.example.org/ships">'
        "a quiet triumph</q>, said Mara Quint.</span>"
    )
    items = {
        path: item
        for path, text in files.items()
        if path.endswith(".md")
        for item in re.findall(r'<li class="fact .*?</li>', str(text), re.S)
        if 'id="quint-triumph"' in item or '#quint-triumph"' in item
    }
    # Its topic, article, claimant, the timeline and the day it became known.
    pages = {"topics/traffic.md", "sources/gazette-2031-03-14.md", "claimants/mara-quint.md"}
    assert pages | {"timeline/index.md", "known/2031-03-14.md"} <= set(items), set(items)
    assert {path for path, item in items.items() if quote not in item} == set()
    # A fact with no quote has no quotation line.
    assert sum(str(t).count('class="fact-quote"') for t in files.values()) == sum(
        str(t).count(quote) for t in files.values()
    )


def test_disagreements_page_sets_denials_and_estimates_side_by_side(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(CORPUS, tmp_path / "facts")
    traffic = tmp_path / "facts" / "traffic.yaml"
    traffic.write_text(
        traffic.read_text()
        .replace(
            "    quote: a quiet triumph\n",
            "    quote: a quiet triumph\n    disputes: ministry-ships-winter\n",
        )
        .replace(
            "    as_of: 2031-02\n",
            "    as_of: 2031-02\n    status: sent\n    measure: cumulative\n",
        )
    )
    checked = check_facts(tmp_path / "facts", today=TODAY)
    assert checked.ok, checked.diagnostics
    page = str(render_site(checked.corpus)["disagreements.md"])
    claim = page.index('<li><strong>The claim:</strong> <a href="../claimants/shipping-ministry/">')
    response = page.index('<li><strong>Disputed by</strong> <a href="../claimants/mara-quint/">')
    assert claim < response
    table = page[page.index('<h3 id="ships-calling">') : page.index('<h2 id="denied')]
    assert table.count('href="../estimates/ships-calling/#') == 3
    # The Status column says what a figure counts; the Estimate column beside it does not.
    for row in re.findall(r"<tr>\n<td>.*?</tr>", table, re.S):
        estimate, status = [re.sub(r"<.*?>", "", c) for c in re.findall(r"<td>(.*?)</td>", row)][
            1:3
        ]
        assert status == "—" or status not in estimate, row
    assert "<td>sent, counted over time</td>" in table and "(sent" not in table


def test_known_on_pages_show_each_days_additions_and_the_headline_then(
    files: dict[str, str | bytes],
) -> None:
    first = str(files["known/2031-03-14.md"])
    later = str(files["known/2031-03-20.md"])
    assert "1,100 to 1,400" not in first  # reported on 20 March only
    port_authority = '<a href="../../claimants/port-authority/">Port Authority</a>'
    assert f"Headline by then: <strong>about 1,200</strong>, per {port_authority}" in first
    assert "The first harbour wall went up" in first  # that day's other facts
    assert (
        '<a href="../../estimates/ships-calling/#bulletin-ships-range">1,100 to 1,400</a>' in later
    )
    assert "Headline by then: <strong>1,100 to 1,400</strong>" in later
    assert f"It replaced about 1,200, per {port_authority}" in later
    # A day lists its own additions only: 14 March's figures are not repeated.
    assert "ministry-ships-winter" not in later and "wall-built" not in later
    assert 'Later: <a href="../../known/2031-03-20/">20 March 2031</a>' in first
    index = str(files["known/index.md"])
    cells = re.findall(r"<td>(.*?)</td>", index)
    assert [re.sub(r"<.*?>", "", c) for c in cells] == (
        ["14 March 2031", "1", "2", "2", "2", "20 March 2031", "1", "1", "3", "2"]
    )
    assert 'href="../known/2031-03-14/"' in index


def test_json_ld_cannot_be_closed_by_a_fact() -> None:
    from generator.render.jsonld import serialise

    block = str(serialise({"text": "</script><script>alert(1)</script> & <!--"}))
    assert block.count("</script>") == 1 and block.endswith("</script>")
    assert json.loads(block.split(">", 1)[1].rsplit("<", 1)[0])["text"].startswith("</script>")


def test_step_chart_follows_the_headline_by_day_of_reporting(
    files: dict[str, str | bytes],
) -> None:
    page = str(files["estimates/ships-calling.md"])
    assert '<svg class="step-chart"' in page
    # 14 March: the authority's February count (latest as-of); 20 March: the review.
    assert "1. 14 Mar 2031: Port Authority (The Harbour Gazette), about 1,200" in page
    assert "2. 20 Mar 2031: Ministry of Shipping (Port Bulletin), 1,100 to 1,400" in page


def test_long_lists_get_a_page_per_year_and_links_follow_the_facts() -> None:
    corpus = check_facts(CORPUS, today=TODAY).corpus
    options = SiteOptions(page_limit=1)
    files = render_site(corpus, options)
    plan = plan_site(corpus, options)
    topic = str(files["topics/traffic.md"])
    assert '<tr><td><a href="../../topics/traffic/2030/">2030</a></td><td>1</td></tr>' in topic
    assert '<tr><td><a href="../../topics/traffic/2031/">2031</a></td><td>3</td></tr>' in topic
    assert 'id="authority-ships-february"' not in topic  # the facts moved to the years
    year = str(files["topics/traffic/2031.md"])
    assert '<li class="fact fact-estimate" id="authority-ships-february">' in year
    assert 'Part of <a href="../../../topics/traffic/">Traffic</a>' in year
    assert 'Earlier: <a href="../../../topics/traffic/2030/">2030</a>' in year
    assert '<a href="../../../claimants/port-authority/">Port Authority</a>' in year
    # A topic's years are searched: each fact whose home the year page is.
    assert "authority-ships-february" in {
        e.anchor for e in plan.pages["topics/traffic/2031.md"].search
    }
    # Every link to the fact now points at its year page.
    source = str(files["sources/gazette-2031-03-14.md"])
    assert '<a href="../../topics/traffic/2031/#authority-ships-february">In context</a>' in source
    assert '<a href="../../topics/traffic/2031/#authority-ships-february">See the fact</a>' in topic
    # The timeline and a claimant split the same way, out of the search index.
    timeline = str(files["timeline/index.md"])
    assert '<tr><td><a href="../timeline/1870s/">1870s</a></td><td>1</td></tr>' in timeline
    assert plan.pages["timeline/2031.md"].search == []
    assert '<a href="../../claimants/port-authority/2031/">2031</a>' in str(
        files["claimants/port-authority.md"]
    )
    # Competing estimates become a line per quantity (its page has them side by side).
    disagreements = str(files["disagreements.md"])
    row = disagreements[disagreements.index("<tbody>") : disagreements.index("</tbody>")]
    cells = [re.sub(r"<.*?>", "", c) for c in re.findall(r"<td>(.*?)</td>", row)]
    assert cells == ["Ships calling at the harbour", "2", "3", "about 1,200", "up to 1,500", "—"]
    # The markers of cached items (root, footnote place) never reach a page.
    assert [p for p, text in files.items() if any(c in str(text) for c in "\x00\x01")] == []
    # A list that fits stays on one page: history has one fact.
    assert '<li class="fact fact-event" id="wall-built">' in str(files["topics/history.md"])
    assert not [p for p in files if p.startswith("topics/history/")]


def test_the_feed_carries_only_the_newest_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    import xml.etree.ElementTree as ET

    from generator.render import data

    monkeypatch.setattr(data, "FEED_ENTRIES", 2)
    feed = str(render_site(check_facts(CORPUS, today=TODAY).corpus)["feed.xml"])
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(feed).findall(f"{atom}entry")
    # 20 March's one fact first, then 14 March's by what they say (never by id).
    assert [e.findtext(f"{atom}id").rsplit("#", 1)[1] for e in entries] == [
        "bulletin-ships-range",
        "ministry-ships-winter",
    ]
