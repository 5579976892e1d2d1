"""A site of several briefings: the fixture's two briefings (harbour traffic, bridge
tolls) share a claimant (the port authority) and an article (the Gazette's); and the
seed briefing, a folder of one, keeps every address it had."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.pipeline import check_facts
from generator.plan import SiteOptions, nav_order, plan_site
from generator.render import site_renderer
from tests.conftest import FIXTURES, TODAY
from tests.test_build import REPO, _build

TWO = FIXTURES / "two-briefings"
DOCS = {"methodology.md": (REPO / "site_src/methodology.md").read_text(encoding="utf-8")}
SITE_URL = "https://example.org/fd/"
ATOM = "{http://www.w3.org/2005/Atom}"
NAV = """nav:
  - Home: index.md
  - Harbour traffic: harbour/index.md
  - Bridge tolls: bridges/index.md
  - Sources: sources/index.md
  - Claimants: claimants/index.md
  - What changed: changes.md
  - Downloads: downloads.md
  - About:
      - about.md
      - methodology.md
"""


def build_two_briefings(root: Path, nav: str = NAV, **env: str) -> Path:
    """The fixture's two briefings built into one site in `root`, as `make build` does;
    the hand-written pages are the methodology and a short about page."""
    (root / "site_src").mkdir(parents=True)
    shutil.copy(REPO / "site_src" / "methodology.md", root / "site_src")
    (root / "site_src" / "about.md").write_text(
        "# About\n\nTwo briefings on Freedonia; see the [methodology](methodology.md).\n"
    )
    shutil.copytree(TWO, root / "facts")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_name: .*$", "site_name: Freedonia briefings", config)
    config = config[: config.index("\nnav:")] + "\n" + nav
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = _build(root, root / "site", **env)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "harbour: 2 facts, 0 errors, 0 warnings" in log
    (root / "build.log").write_text(log, encoding="utf-8")
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_two_briefings(tmp_path_factory.mktemp("briefings") / "project", SITE_URL=SITE_URL)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _main(site: Path, page: str) -> str:
    html = (site / page).read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def test_the_hub_lists_every_briefing_with_its_headline_figures(site: Path) -> None:
    hub = _main(site, "index.html")
    text = _text(hub)
    assert "Freedonia briefings" in text
    for title, home in (("Harbour traffic", "harbour/"), ("Bridge tolls", "bridges/")):
        assert f'href="{home}"' in hub
        assert title in text
    assert "Last updated 20 March 2031, from 2 articles, 2 facts and 2 claimants" in text
    assert "Last updated 14 March 2031, from 1 article, 2 facts and 1 claimant" in text
    # Each headline figure, linked into its own briefing, with its claimant and article.
    assert 'href="harbour/estimates/ships-calling/#authority-ships-february">about 1,200' in hub
    assert (
        'href="bridges/estimates/bridge-crossings/#authority-crossings-march">about 40,000' in hub
    )
    assert 'href="claimants/port-authority/"' in hub
    assert 'href="#fn:gazette-2031-03-14"' in hub


def _cards(hub: str) -> list[str]:
    """The briefings the hub lists, by folder, in its order."""
    return re.findall(r'<h3 id="([a-z0-9-]+)"', hub)


def test_the_hub_lists_the_briefings_in_the_order_of_the_nav(site: Path, tmp_path: Path) -> None:
    """Not alphabetically: the fixture's nav puts the harbour before the bridges, and a
    nav in the other order turns the hub round."""
    assert _cards(_main(site, "index.html")) == ["harbour", "bridges"]
    reversed_nav = NAV.replace(
        "  - Harbour traffic: harbour/index.md\n  - Bridge tolls: bridges/index.md\n",
        "  - Bridge tolls: bridges/index.md\n  - Harbour traffic: harbour/index.md\n",
    )
    assert reversed_nav != NAV
    other = build_two_briefings(tmp_path / "project", nav=reversed_nav)
    assert _cards(_main(other, "index.html")) == ["bridges", "harbour"]


def test_briefings_the_nav_leaves_out_come_newest_first() -> None:
    """By the latest article their facts cite: the harbour's (20 March 2031) before the
    bridges' (14 March), though `bridges` comes first by name; a briefing the nav names
    comes before those it does not."""
    checked = check_facts(TWO, today=TODAY)
    assert list(plan_site(checked.corpus, SiteOptions()).parts) == ["harbour", "bridges"]
    named = SiteOptions(order=("bridges", "missing"))
    assert list(plan_site(checked.corpus, named).parts) == ["bridges", "harbour"]


def test_the_nav_order_is_read_from_the_nav_of_mkdocs_yml() -> None:
    nav = yaml.safe_load(NAV)["nav"]
    assert nav_order(nav) == ("harbour", "bridges", "sources", "claimants")
    assert nav_order([{"A": [{"B": "b/index.md"}, "a/index.md"]}, "a/index.md"]) == ("b", "a")


def test_a_shared_claimants_page_has_claims_from_both_briefings(site: Path) -> None:
    page = _main(site, "claimants/port-authority/index.html")
    assert "Claims (3)" in _text(page)
    # The briefings in the order of the nav, as everywhere on the site.
    bridges, harbour = page.index('id="bridges"'), page.index('id="harbour"')
    assert harbour < page.index('id="authority-ships-february"') < bridges
    assert bridges < page.index('id="toll-raised"')
    # Each fact links to its home in its own briefing.
    assert 'href="../../bridges/topics/tolls/#toll-raised"' in page
    assert 'href="../../harbour/topics/traffic/#authority-ships-february"' in page
    # Each is cited by who said it and where, under its own briefing's heading, no ids.
    assert "Cite: Port Authority, reported by The Harbour Gazette, 14 March 2031." in _text(page)
    assert "fact authority-ships-february" not in _text(page)


def test_a_shared_articles_page_lists_its_facts_in_every_briefing(site: Path) -> None:
    page = _text(_main(site, "sources/gazette-2031-03-14/index.html"))
    assert "Facts from this article (3)" in page
    assert "Bridge tolls (2)" in page and "Harbour traffic (1)" in page


def test_the_site_indexes_say_in_which_briefings_each_source_and_claimant_is(
    site: Path,
) -> None:
    claimants = _text(_main(site, "claimants/index.html"))
    assert "Port Authority (Freedonia): 3 claims (Harbour traffic: 1; Bridge tolls: 2)" in claimants
    assert "Ministry of Shipping (Freedonia): 1 claim (Harbour traffic: 1)" in claimants
    sources = _text(_main(site, "sources/index.html"))
    assert "Every article the briefings cite" in sources
    assert "3 (Harbour traffic: 1; Bridge tolls: 2)" in sources


def test_each_briefing_has_its_own_pages_under_its_folder(site: Path) -> None:
    for folder in ("harbour", "bridges"):
        for page in ("", "topics/", "estimates/", "timeline/", "disagreements/", "known/"):
            assert (site / folder / page / "index.html").is_file(), folder + "/" + page
    home = _main(site, "harbour/index.html")
    assert "Harbour traffic" in _text(home)
    # The way round the briefing, and none of the other briefing's facts.
    assert 'href="../harbour/timeline/"' in home
    assert "toll-raised" not in home and "crossings" not in home
    assert not (site / "harbour" / "sources").exists()


def test_downloads_and_feeds_per_briefing_and_for_the_site(site: Path) -> None:
    def ids(path: str) -> set[str]:
        data = json.loads((site / path).read_text(encoding="utf-8"))
        return {fact["id"] for fact in data["facts"]}

    assert ids("harbour/data/facts.json") == {"authority-ships-february", "ministry-ships-winter"}
    assert ids("bridges/data/facts.json") == {"authority-crossings-march", "toll-raised"}
    assert ids("data/facts.json") == ids("harbour/data/facts.json") | ids("bridges/data/facts.json")
    assert (site / "harbour/data/ships-calling.csv").is_file()
    assert not (site / "harbour/data/bridge-crossings.csv").exists()

    def feed(path: str) -> tuple[str, set[str]]:
        root = ET.parse(site / path).getroot()
        self_link = root.find(f"{ATOM}link[@rel='self']")
        assert self_link is not None
        links = {e.get("href", "") for e in root.iter(f"{ATOM}link") if e.get("rel") is None}
        return self_link.get("href", ""), links

    own, links = feed("bridges/feed.xml")
    assert own == SITE_URL + "bridges/feed.xml"
    assert links == {
        SITE_URL + "bridges/topics/tolls/#toll-raised",
        SITE_URL + "bridges/topics/tolls/#authority-crossings-march",
    }
    own, links = feed("feed.xml")
    assert own == SITE_URL + "feed.xml"
    assert SITE_URL + "harbour/topics/traffic/#ministry-ships-winter" in links
    assert SITE_URL + "bridges/topics/tolls/#toll-raised" in links
    # Each page's head offers its briefing's feed (the site's, on the site's pages).
    feed_link = re.compile(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]*)"')
    assert feed_link.findall((site / "bridges/topics/tolls/index.html").read_text()) == [
        SITE_URL + "bridges/feed.xml"
    ]
    assert feed_link.findall((site / "claimants/port-authority/index.html").read_text()) == [
        SITE_URL + "feed.xml"
    ]
    # The site's downloads page leads to each briefing's.
    downloads = _main(site, "downloads/index.html")
    assert 'href="../harbour/downloads/"' in downloads
    assert 'href="../bridges/downloads/"' in downloads


def test_the_sites_tables_name_each_facts_briefing_and_validate(site: Path) -> None:
    import csv

    import frictionless

    rows = list(csv.DictReader((site / "data/facts.csv").open(encoding="utf-8")))
    assert {r["id"]: r["briefing"] for r in rows} == {
        "authority-ships-february": "harbour",
        "ministry-ships-winter": "harbour",
        "authority-crossings-march": "bridges",
        "toll-raised": "bridges",
    }
    header = (site / "harbour/data/facts.csv").read_text(encoding="utf-8").split(",", 1)[0]
    assert header == "id"  # a briefing's own tables need no such column
    for folder in ("data", "harbour/data"):
        report = frictionless.validate(site / folder / "datapackage.json")
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_search_covers_every_briefing(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "harbour/topics/traffic/#ministry-ships-winter" in locations
    assert "bridges/topics/tolls/#toll-raised" in locations
    assert "claimants/port-authority/" in locations


def test_the_plan_of_two_briefings_puts_each_under_its_folder() -> None:
    corpus = check_facts(TWO, today=TODAY).corpus
    plan = plan_site(corpus)
    site = {path for path, page in plan.pages.items() if not page.part}
    assert site == {
        "index.md",
        "sources/index.md",
        "sources/gazette-2031-03-14.md",
        "sources/bulletin-2031-03-20.md",
        "claimants/index.md",
        "claimants/port-authority.md",
        "claimants/shipping-ministry.md",
        "downloads.md",
        "corrections.md",
        "changes.md",
    }
    bridges = sorted(path for path, page in plan.pages.items() if page.part == "bridges")
    assert bridges == [
        "bridges/corrections.md",
        "bridges/disagreements.md",
        "bridges/downloads.md",
        "bridges/estimates/bridge-crossings.md",
        "bridges/estimates/index.md",
        "bridges/index.md",
        "bridges/known/2031-03-14.md",
        "bridges/known/index.md",
        "bridges/timeline/index.md",
        "bridges/timeline/tolls.md",
        "bridges/topics/index.md",
        "bridges/topics/tolls.md",
    ]
    assert set(plan.parts) == {"bridges", "harbour"}
    # Each briefing's records: its own, and the shared ones its facts cite.
    harbour = plan.parts["harbour"].corpus
    assert sorted(s.id for s in harbour.sources) == ["bulletin-2031-03-20", "gazette-2031-03-14"]
    assert [c.id for c in plan.parts["bridges"].corpus.claimants] == ["port-authority"]
    assert plan.pages["index.md"].title == "Briefings"  # no site name given, no shared briefing
    assert plan.root("bridges/topics/tolls.md") == "../../../"


def test_long_lists_of_a_site_of_briefings_get_a_page_per_year_and_no_broken_link() -> None:
    """With one fact a page, every list is split by year, a shared claimant's per
    briefing; each year's page leads back to its list, and every link holds."""
    corpus = check_facts(TWO, today=TODAY).corpus
    plan = plan_site(corpus, SiteOptions(page_limit=1, docs_pages=DOCS))
    renderer = site_renderer(corpus, plan)
    plan.files |= {*renderer.files(), "build.json"}
    pages = {path: renderer.page(page) for path, page in plan.pages.items()}
    assert renderer.problems == []
    year = pages["claimants/port-authority/bridges/2031.md"]
    assert 'Part of <a href="../../../../claimants/port-authority/">' in year
    assert "Port Authority, in Bridge tolls" in year
    assert (
        'href="../../claimants/port-authority/bridges/2031/"'
        in pages["claimants/port-authority.md"]
    )
    assert "harbour/topics/traffic/2031.md" in pages


def test_the_seed_briefing_keeps_its_addresses() -> None:
    """A folder of one briefing: every page, anchor and file at the address it had
    before sites of several briefings (tests/golden/seed-addresses.txt)."""
    corpus = check_facts(REPO / "facts").corpus
    plan = plan_site(corpus)
    files = site_renderer(corpus, plan).files()
    addresses = [
        (plan.url(path) or "./") + (f"#{anchor}" if anchor else "")
        for path, page in plan.pages.items()
        for anchor in ["", *page.anchors]
    ]
    expected = (REPO / "tests/golden/seed-addresses.txt").read_text(encoding="utf-8").split()
    assert sorted([*addresses, *files]) == sorted(expected)


def _write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def test_the_checker_keeps_each_briefing_to_its_own_records(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(TWO, facts)
    with (facts / "bridges/facts.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "  - id: ministry-on-bridges\n"
            "    kind: statement\n"
            "    topics: [tolls, traffic]\n"
            "    text: The ministry spoke of the bridges.\n"
            "    source: bulletin-2031-03-20\n"
            "    claimant: shipping-ministry\n"
            "    date: 2031-03-19\n"
        )
    with (facts / "shared.yaml").open("a", encoding="utf-8") as file:
        file.write("  - id: nobody\n    name: Nobody\n    kind: government\n")
    _write(
        facts,
        "more.yaml",
        "topics:\n  - id: loose\n    title: Loose\n    order: 9\n"
        "    summary: A topic outside any briefing.\n",
    )
    checked = check_facts(facts, today=TODAY)
    found = {(d.code, d.loc.path.split("facts/")[-1], d.loc.line) for d in checked.diagnostics}
    assert ("other-briefing", "bridges/facts.yaml", 31) in found  # topic `traffic`
    assert ("other-briefing", "bridges/facts.yaml", 33) in found  # the harbour's article
    assert ("other-briefing", "bridges/facts.yaml", 34) in found  # the harbour's claimant
    assert ("shared-record", "more.yaml", 2) in found
    assert ("unused-claimant", "shared.yaml", 14) in found
    warning = next(d for d in checked.diagnostics if d.code == "unused-claimant")
    assert warning.severity == "warning" and "of any briefing" in warning.message
    summary = checked.summary()
    assert "bridges: 3 facts, 3 errors, 0 warnings" in summary
    assert "harbour: 2 facts, 0 errors, 0 warnings" in summary
    assert "shared files: 1 error, 2 warnings" in summary


def test_briefing_folders_take_names_the_site_does_not_use(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(TWO, facts)
    (facts / "bridges").rename(facts / "sources")
    (facts / "harbour").rename(facts / "Harbour")
    checked = check_facts(facts, today=TODAY)
    bad = sorted(
        d.loc.path.split("facts/")[-1] for d in checked.diagnostics if d.code == "bad-folder-name"
    )
    assert bad == ["Harbour/briefing.yaml", "sources/briefing.yaml"]


def test_checking_one_briefing_reads_the_site_and_shows_its_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check --briefing harbour` reads the whole site (the harbour cites shared
    records) and shows the harbour's problems and the shared files', not the others'."""
    facts = tmp_path / "facts"
    shutil.copytree(TWO, facts)
    monkeypatch.chdir(tmp_path)
    bridges = (facts / "bridges/facts.yaml").read_text(encoding="utf-8")
    (facts / "bridges/facts.yaml").write_text(bridges.replace("bound: about", "bound: roughly"))
    today = ["--today", TODAY.isoformat()]
    assert main(["check", "facts", "--briefing", "harbour", *today]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "check ok: 0 errors, 0 warnings in the briefing `harbour` and the shared files "
        "(the whole site in facts was read)\n"
    )
    assert "bridges: 1 fact, 1 error" in out
    assert main(["check", "facts", "--briefing", "bridges", *today]) == 1
    assert "facts/bridges/facts.yaml:" in capsys.readouterr().out
    assert main(["check", "facts", "--briefing", "ferries", *today]) == 2
    assert "its briefings: bridges, harbour" in capsys.readouterr().err


def test_a_briefing_left_out_of_the_nav_is_named_with_the_line_to_add(tmp_path: Path) -> None:
    nav = NAV.replace("  - Bridge tolls: bridges/index.md\n", "")
    site = build_two_briefings(tmp_path / "project", nav=nav)
    log = (site.parent / "build.log").read_text(encoding="utf-8")
    assert "the briefing `bridges` is not in the nav of mkdocs.yml" in log
    assert "`- Bridge tolls: bridges/index.md`" in log
    assert "`harbour`" not in log
