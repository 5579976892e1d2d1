"""Corrections readers can see, on a copy of the seed briefing: a correction shows with
its fact wherever the fact appears, on the Corrections page, in the feed, in JSON-LD and
in the downloads; a withdrawn fact keeps its page and its links, marked withdrawn with
its reason, and leaves the headline, the key figures and the charts."""

from __future__ import annotations

import atexit
import csv
import io
import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.history import Change, Commit, History
from generator.pipeline import check_facts
from generator.plan import SiteOptions, plan_site
from generator.render import site_renderer
from tests.conftest import FIXTURES
from tests.conftest import TODAY as FIXTURE_TODAY
from tests.test_corrections import CORRECTION, FACT, QUANTITY, SEED, TODAY, _add

REPO = Path(__file__).resolve().parent.parent
DOCS = {"methodology.md": (REPO / "site_src/methodology.md").read_text(encoding="utf-8")}
SITE_URL = "https://example.org/nk/"
ATOM = "{http://www.w3.org/2005/Atom}"
CORRECTED_ON = '<time datetime="2025-01-10">10 January 2025</time>'
SAID = "An earlier version gave more than 11,000; the article says over 10,000."
WITHDRAWN = "    withdrawn: {date: 2025-01-12, reason: The article was retracted.}\n"


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    shutil.copytree(SEED, tmp_path / "facts")
    return tmp_path / "facts"


# Drawn PNGs are kept by content for the whole module: every test draws the same cards.
IMAGES = Path(tempfile.mkdtemp(prefix="briefing-test-images-"))
atexit.register(shutil.rmtree, IMAGES, True)


def _site(facts: Path, site_url: str = SITE_URL) -> dict[str, str]:
    """Every page and file of the briefing in `facts`, with no broken link."""
    checked = check_facts(facts, today=TODAY)
    assert checked.diagnostics == [], [str(d) for d in checked.diagnostics]
    plan = plan_site(checked.corpus, SiteOptions(site_url=site_url, docs_pages=DOCS))
    renderer = site_renderer(checked.corpus, plan, images=IMAGES)
    files = renderer.files()
    plan.files |= {*files, "build.json"}
    pages = {path: renderer.page(page) for path, page in plan.pages.items()}
    assert renderer.problems == [], [str(p) for p in renderer.problems]
    return {**pages, **{k: v for k, v in files.items() if isinstance(v, str)}}


def _item(html: str, fact_id: str) -> str:
    """The list item of a fact on a page (its anchored item, else the first)."""
    match = re.search(rf'<li class="fact[^"]*" id="{fact_id}">.*?</li>', html, re.S)
    if match is None:
        starts = [m.start() for m in re.finditer(r'<li class="fact', html)]
        found = [
            html[s : html.index("</li>", s)]
            for s in starts
            if f"#{fact_id}" in html[s : html.index("</li>", s)]
        ]
        assert found, f"{fact_id} is not on the page"
        return found[0]
    return match.group(0)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- with the fact, wherever it appears


def test_a_correction_shows_with_its_fact_and_its_date_on_every_page_of_the_fact(
    facts: Path,
) -> None:
    _add(facts, FACT, CORRECTION)
    site = _site(facts)
    # Its home page, its quantity's page, its claimant's and its article's.
    pages = [
        "topics/deployment.md",
        f"estimates/{QUANTITY}.md",
        "claimants/bloomberg-news.md",
        "sources/bloomberg-2024-11-17.md",
    ]
    for page in pages:
        item = _item(site[page], FACT)
        assert f"<strong>Corrected</strong> {CORRECTED_ON}: {SAID}" in item, page


def test_a_fact_without_corrections_shows_no_notice(facts: Path) -> None:
    site = _site(facts)
    assert "fact-notice" not in site["topics/deployment.md"]
    assert "withdrawn-mark" not in site["topics/deployment.md"]


def test_a_withdrawn_fact_keeps_its_page_and_anchor_marked_with_its_date_and_reason(
    facts: Path,
) -> None:
    _add(facts, FACT, WITHDRAWN)
    site = _site(facts)  # no broken link: every link to the fact still leads to it
    item = _item(site["topics/deployment.md"], FACT)
    assert item.startswith(f'<li class="fact fact-estimate fact-withdrawn" id="{FACT}">')
    assert '<strong class="withdrawn-mark">Withdrawn</strong>' in item
    assert (
        '<strong>Withdrawn</strong> <time datetime="2025-01-12">12 January 2025</time>: '
        "The article was retracted." in item
    )
    assert "over 10,000 soldiers" in item  # kept, not erased
    # Its row on the quantity's page, with the anchor links to it lead to.
    quantity = site[f"estimates/{QUANTITY}.md"]
    row = quantity[quantity.index(f'<span id="{FACT}"></span>') :]
    row = row[: row.index("</tr>")]
    assert "withdrawn-mark" in row
    # And on the day it became known, where its row stays too.
    day = site["known/2024-11-17.md"]
    row = day[day.index(f"#{FACT}") :]
    assert "withdrawn-mark" in row[: row.index("</tr>")]


# --- headlines, key figures and charts


def _headline(html: str) -> str:
    start = html.index("<p><strong>Headline:</strong>")
    return html[start : html.index("</p>", start)]


def _chart(html: str) -> str:
    start = html.index('<figure class="range-chart">')
    return html[start : html.index("</figure>", start)]


def test_a_withdrawn_headline_leaves_the_headline_the_key_figures_and_the_charts(
    facts: Path,
) -> None:
    before = _site(facts)
    assert f"#{FACT}" in _headline(before[f"estimates/{QUANTITY}.md"])
    assert "Bloomberg News: more than 10,000" in _chart(before[f"estimates/{QUANTITY}.md"])
    home = before["index.md"]
    assert f"#{FACT}" in home[: home.index('id="latest-events"')]

    _add(facts, FACT, WITHDRAWN)
    site = _site(facts)
    page = site[f"estimates/{QUANTITY}.md"]
    assert f"#{FACT}" not in _headline(page)
    chart = _chart(page)
    assert "Bloomberg News: more than 10,000" not in chart
    assert "Volodymyr Zelenskiy: 10,000" in chart
    assert "Every estimate not withdrawn on one scale" in chart
    steps = page[page.index('<figure class="range-chart step-chart">') :]
    assert "more than 10,000" not in steps[: steps.index("</figure>")]
    home = site["index.md"]
    assert f"#{FACT}" not in home[: home.index('id="latest-events"')]
    assert f"#{FACT}" not in site["estimates/index.md"]
    # Still on the quantity's page, in its table and its list.
    assert f'<span id="{FACT}"></span>' in page
    assert "over 10,000 soldiers" in _item(page, FACT)


def test_a_quantity_whose_every_estimate_is_withdrawn_says_so_and_has_no_chart_or_key_figure(
    facts: Path,
) -> None:
    _add(facts, "syria-deployment-800", WITHDRAWN, "history.yaml")
    site = _site(facts)
    page = site["estimates/north-korea-syria-deployment.md"]
    said = "<strong>Headline:</strong> none. Every estimate of this quantity has been withdrawn"
    assert said in page
    assert '<figure class="range-chart">' not in page
    assert '<span id="syria-deployment-800"></span>' in page  # its row, where links lead
    assert "withdrawn-mark" in _item(page, "syria-deployment-800")
    home = site["index.md"]
    assert "north-korea-syria-deployment" not in home[: home.index('id="latest-events"')]
    index = site["estimates/index.md"]
    row = index[index.index("estimates/north-korea-syria-deployment/") :]
    assert "None: every estimate is withdrawn" in row[: row.index("</tr>")]
    topic = site["topics/history.md"]
    line = topic[topic.index("estimates/north-korea-syria-deployment/") :]
    assert "every estimate withdrawn" in line[: line.index("</li>")]


def test_withdrawn_figures_leave_the_chart_files_and_the_share_cards(facts: Path) -> None:
    """A chart file draws only standing figures; a quantity whose every estimate is
    withdrawn has no chart file, and no card says a withdrawn figure."""
    _add(facts, FACT, WITHDRAWN)
    _add(facts, "syria-deployment-800", WITHDRAWN, "history.yaml")
    site = _site(facts)
    svg = site[f"estimates/{QUANTITY}/chart.svg"]
    assert "Zelenskiy" in svg and "more than 10,000" not in svg
    assert "estimates/north-korea-syria-deployment/chart.svg" not in site
    assert "north-korea-syria-deployment/chart.svg" not in site["downloads.md"]
    checked = check_facts(facts, today=TODAY)
    plan = plan_site(checked.corpus, SiteOptions(site_url=SITE_URL, docs_pages=DOCS))
    said = [figure for card in plan.cards.values() for figure, _ in card.said]
    assert said and "more than 10,000" not in said and "about 800" not in said


# --- the Corrections page


def _entries(html: str) -> list[str]:
    """The Corrections page's entries, as text."""
    found = re.findall(r'<li class="notice-[a-z]+">.*?</li>', html, re.S)
    return [_text(entry) for entry in found]


def test_the_corrections_page_lists_corrections_and_withdrawals_newest_first_linking_to_each_fact(
    facts: Path,
) -> None:
    _add(
        facts,
        FACT,
        "    corrections:\n"
        "      - {date: 2024-12-01, text: First fix.}\n"
        f"      - {{date: 2025-01-10, text: '{SAID}'}}\n",
    )
    _add(facts, "syria-deployment-800", WITHDRAWN, "history.yaml")
    site = _site(facts)
    page = site["corrections.md"]
    entries = _entries(page)
    assert [e.split(":")[0].strip() for e in entries] == [
        "Withdrawn 12 January 2025",
        "Corrected 10 January 2025",
        "Corrected 1 December 2024",
    ]
    assert entries[0].endswith("The article was retracted.")
    assert entries[1].endswith(SAID) and entries[2].endswith("First fix.")
    assert 'href="../topics/history/#syria-deployment-800"' in page
    assert page.count(f'href="../topics/deployment/#{FACT}"') == 2
    assert "No corrections so far" not in page


def test_a_briefing_without_corrections_has_the_page_saying_so(facts: Path) -> None:
    page = _site(facts)["corrections.md"]
    assert _entries(page) == []
    assert "No corrections so far: no fact has been corrected or withdrawn." in page


def test_a_site_of_several_has_a_corrections_page_for_each_briefing_and_one_for_all(
    tmp_path: Path,
) -> None:
    shutil.copytree(FIXTURES / "two-briefings", tmp_path / "facts")
    _add(
        tmp_path / "facts",
        "toll-raised",
        "    corrections:\n      - {date: 2031-03-25, text: The toll was misstated.}\n",
        "bridges/facts.yaml",
    )
    _add(
        tmp_path / "facts",
        "authority-ships-february",
        "    withdrawn: {date: 2031-03-28, reason: Misread.}\n",
        "harbour/facts.yaml",
    )
    checked = check_facts(tmp_path / "facts", today=FIXTURE_TODAY)
    assert checked.diagnostics == [], [str(d) for d in checked.diagnostics]
    plan = plan_site(checked.corpus, SiteOptions(docs_pages=DOCS))
    renderer = site_renderer(checked.corpus, plan)
    plan.files |= {*renderer.files(), "build.json"}
    pages = {path: renderer.page(page) for path, page in plan.pages.items()}
    assert renderer.problems == []
    site = _entries(pages["corrections.md"])
    assert [e.split(":")[0].strip() for e in site] == [
        "Withdrawn 28 March 2031 · Harbour traffic",
        "Corrected 25 March 2031 · Bridge tolls",
    ]
    assert 'href="../harbour/topics/traffic/#authority-ships-february"' in pages["corrections.md"]
    assert [e.split(":")[0].strip() for e in _entries(pages["bridges/corrections.md"])] == [
        "Corrected 25 March 2031"
    ]
    assert [e.split(":")[0].strip() for e in _entries(pages["harbour/corrections.md"])] == [
        "Withdrawn 28 March 2031"
    ]
    # The way round each briefing leads to its Corrections page.
    assert (
        'href="../../../bridges/corrections/">Corrections</a>' in pages["bridges/topics/tolls.md"]
    )


# --- the feed


def _feed(xml: str) -> dict[str, dict[str, str]]:
    """The feed's entries by id (the part after the feed's own id)."""
    root = ET.fromstring(xml)
    entries = {}
    for entry in root.iter(f"{ATOM}entry"):
        fields = {child.tag.removeprefix(ATOM): (child.text or "") for child in entry}
        link = entry.find(f"{ATOM}link")
        assert link is not None
        fields["link"] = link.get("href", "")
        author = entry.find(f"{ATOM}author/{ATOM}name")
        fields["author"] = author.text or "" if author is not None else ""
        entries[fields["id"].partition("#")[2]] = fields
    return entries


def test_each_correction_and_withdrawal_is_an_entry_in_the_feed_linking_to_its_fact(
    facts: Path,
) -> None:
    assert not any(
        i.startswith(("correction-", "withdrawal-")) for i in _feed(_site(facts)["feed.xml"])
    )
    _add(facts, FACT, CORRECTION)
    _add(facts, "syria-deployment-800", WITHDRAWN, "history.yaml")
    entries = _feed(_site(facts)["feed.xml"])
    corrected = entries[f"correction-1-{FACT}"]
    assert corrected["title"].startswith("Corrected: By the time of the report, North Korea")
    assert corrected["summary"] == f"Corrected on 10 January 2025: {SAID}"
    assert corrected["updated"] == "2025-01-10T00:00:00Z"
    assert corrected["link"] == f"{SITE_URL}topics/deployment/#{FACT}"
    assert corrected["author"] == "The editors"
    withdrawn = entries["withdrawal-syria-deployment-800"]
    assert withdrawn["summary"] == "Withdrawn on 12 January 2025. Why: The article was retracted."
    assert withdrawn["link"] == f"{SITE_URL}topics/history/#syria-deployment-800"
    # Newest first: the withdrawal and the correction lead the feed.
    assert list(entries)[:2] == ["withdrawal-syria-deployment-800", f"correction-1-{FACT}"]


# --- JSON-LD


def _claims(html: str) -> dict[str, dict[str, object]]:
    """The schema.org Claims of a page's JSON-LD, by fact id."""
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block is not None
    graph = json.loads(block.group(1))["@graph"]
    return {str(c["@id"]).partition("#")[2]: c for c in graph if c["@type"] == "Claim"}


def test_a_correction_is_a_correction_comment_on_the_facts_claim(facts: Path) -> None:
    assert "correction" not in _claims(_site(facts)["topics/deployment.md"])[FACT]
    _add(
        facts,
        FACT,
        "    corrections:\n"
        "      - {date: 2024-12-01, text: First fix.}\n"
        f"      - {{date: 2025-01-10, text: '{SAID}'}}\n"
        "    withdrawn: {date: 2025-01-12, reason: The article was retracted.}\n",
    )
    claim = _claims(_site(facts)["topics/deployment.md"])[FACT]
    assert claim["@id"] == f"{SITE_URL}topics/deployment/#{FACT}"
    assert claim["correction"] == [
        {
            "@type": "CorrectionComment",
            "datePublished": "2025-01-12",
            "text": "Withdrawn. Why: The article was retracted.",
        },
        {"@type": "CorrectionComment", "datePublished": "2025-01-10", "text": SAID},
        {"@type": "CorrectionComment", "datePublished": "2024-12-01", "text": "First fix."},
    ]


def test_a_corrected_event_is_a_claim_with_its_correction_comment(facts: Path) -> None:
    """Events are not Claims in the pages' JSON-LD, unless a notice must be given."""
    event = "kyiv-post-strike-near-donetsk"
    assert event not in _claims(_site(facts)["topics/combat.md"])
    _add(
        facts,
        event,
        "    corrections:\n      - {date: 2024-12-01, text: First fix.}\n",
        "combat.yaml",
    )
    claim = _claims(_site(facts)["topics/combat.md"])[event]
    assert claim["correction"] == [
        {"@type": "CorrectionComment", "datePublished": "2024-12-01", "text": "First fix."}
    ]
    assert "dateCreated" not in claim  # the day it happened is not the day it was said


# --- the downloads


def test_the_downloads_carry_corrections_and_the_withdrawal(facts: Path) -> None:
    _add(
        facts,
        FACT,
        "    corrections:\n"
        "      - {date: 2024-12-01, text: First fix.}\n"
        f"      - {{date: 2025-01-10, text: '{SAID}'}}\n",
    )
    _add(facts, "syria-deployment-800", WITHDRAWN, "history.yaml")
    site = _site(facts)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(site["data/facts.csv"]))}
    assert rows[FACT]["corrections"] == f"2025-01-10: {SAID} | 2024-12-01: First fix."
    assert (rows[FACT]["withdrawn"], rows[FACT]["withdrawn_reason"]) == ("", "")
    withdrawn = rows["syria-deployment-800"]  # kept, with the day and the reason
    assert (withdrawn["withdrawn"], withdrawn["withdrawn_reason"]) == (
        "2025-01-12",
        "The article was retracted.",
    )
    assert withdrawn["corrections"] == ""
    quantity = list(csv.DictReader(io.StringIO(site["data/north-korea-syria-deployment.csv"])))
    assert [(r["id"], r["withdrawn"]) for r in quantity] == [("syria-deployment-800", "2025-01-12")]
    facts_json = {f["id"]: f for f in json.loads(site["data/facts.json"])["facts"]}
    assert facts_json[FACT]["corrections"] == [
        {"date": "2024-12-01", "text": "First fix."},
        {"date": "2025-01-10", "text": SAID},
    ]
    assert facts_json["syria-deployment-800"]["withdrawn"] == {
        "date": "2025-01-12",
        "reason": "The article was retracted.",
    }
    package = json.loads(site["data/datapackage.json"])
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["withdrawn"]["type"] == "date"
    assert "newest first" in fields["corrections"]["description"]


# --- review on every pull request


@pytest.mark.parametrize(
    "workflow",
    [
        ".github/workflows/briefing.yml",
        "generator/project_template/dot-github/workflows/briefing.yml.j2",
    ],
)
def test_a_pull_request_is_checked_against_its_target_branch_for_missing_corrections(
    workflow: str,
) -> None:
    text = (REPO / workflow).read_text(encoding="utf-8")
    text = text.replace("{% raw -%}", "").replace("{% endraw -%}", "")
    steps = yaml.safe_load(text)["jobs"]["test"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the target branch's history is there
    (step,) = [s for s in steps if "--base" in s.get("run", "")]
    assert step["if"] == "github.event_name == 'pull_request'"
    run = step["run"].replace('"$BASE"', step["env"]["BASE"])
    assert " check --strict --base origin/${{ github.base_ref }}" in run


def test_a_withdrawn_figure_leaves_the_competing_estimates_of_the_disagreements(
    facts: Path,
) -> None:
    def competing(html: str) -> str:
        start = html.index('id="competing-estimates"')
        return html[start : html.index('id="denied-and-disputed-claims"')]

    assert f"#{FACT}" in competing(_site(facts)["disagreements.md"])
    _add(facts, FACT, WITHDRAWN)
    page = competing(_site(facts)["disagreements.md"])
    assert f"#{FACT}" not in page and "Volodymyr Zelenskiy" in page


def test_a_change_that_wrote_a_notice_is_told_once_in_the_feed_by_the_notice(
    facts: Path,
) -> None:
    """What changed lists the commits; the feed tells a correction or a withdrawal by
    its notice alone, and keeps the other changes of the history."""
    _add(facts, FACT, CORRECTION)
    _add(facts, "syria-deployment-800", WITHDRAWN, "history.yaml")
    corpus = check_facts(facts, today=TODAY).corpus
    fact = corpus.fact_by_id[FACT]
    changes = [
        Change("corrected", FACT, fact.text, notices=list(fact.corrections)),
        Change("withdrawn", "syria-deployment-800", "About 800 sent to Syria."),
        Change("updated", "sk-officials-no-comment", "Bloomberg asked for comment."),
        Change("corrected", "nis-troops-planned-12000", "Without its notice.", corrected=["bound"]),
    ]
    history = History([Commit("0123456789abcdef", "2025-01-12", "Corrections", changes)])
    plan = plan_site(corpus, SiteOptions(site_url=SITE_URL, history=history, docs_pages=DOCS))
    feed = site_renderer(corpus, plan).files()["feed.xml"]
    assert isinstance(feed, str)
    entries = _feed(feed)
    told = sorted(i for i in entries if i.startswith(("change-", "correction-", "withdrawal-")))
    assert told == [
        "change-0123456789ab-nis-troops-planned-12000",
        "change-0123456789ab-sk-officials-no-comment",
        f"correction-1-{FACT}",
        "withdrawal-syria-deployment-800",
    ]
