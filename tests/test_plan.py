"""The page plan of the fixture corpus, as data: every page, its table of contents,
its anchors and what search holds of it; and links checked against the plan."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.corpus import Corpus
from generator.pipeline import check_facts
from generator.plan import (
    BriefingPlanner,
    Part,
    Plan,
    SiteOptions,
    SitePlanner,
    forge_urls,
    plan_site,
    url_of,
)
from generator.render import Renderer, render_site
from generator.views import Views
from tests.conftest import CORPUS, FIXTURES, TODAY

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_site(check_facts(CORPUS, today=TODAY).corpus)


def _toc(page_path: str, plan: Plan) -> list[tuple[int, str, list[str]]]:
    page = plan.pages[page_path]
    return [(h.level, h.id, [c.id for c in h.children]) for h in page.h1.children]


def test_the_plan_lists_every_page_of_the_fixture_corpus(plan: Plan) -> None:
    assert sorted(plan.pages) == [
        "changes.md",
        "claimants/index.md",
        "claimants/mara-quint.md",
        "claimants/port-authority.md",
        "claimants/shipping-ministry.md",
        "corrections.md",
        "disagreements.md",
        "downloads.md",
        "estimates/index.md",
        "estimates/ships-calling.md",
        "index.md",
        "known/2031-03-14.md",
        "known/2031-03-20.md",
        "known/index.md",
        "sources/bulletin-2031-03-20.md",
        "sources/gazette-2031-03-14.md",
        "sources/index.md",
        "timeline/history.md",
        "timeline/index.md",
        "timeline/traffic.md",
        "topics/history.md",
        "topics/index.md",
        "topics/traffic.md",
    ]
    assert {p: page.template for p, page in plan.pages.items()}["known/2031-03-14.md"] == (
        "known.html.j2"
    )


def test_each_page_knows_its_title_contents_anchors_and_search(plan: Plan) -> None:
    topic = plan.pages["topics/traffic.md"]
    assert (topic.title, topic.h1.id) == ("Traffic", "traffic")
    assert _toc("topics/traffic.md", plan) == [(2, "estimates", []), (2, "facts", [])]
    facts = {"ministry-ships-winter", "authority-ships-february", "quint-triumph"}
    assert topic.anchors == {"traffic", "estimates", "facts", "bulletin-ships-range"} | facts
    # Search holds the summary and each fact whose home the topic is, at its anchor.
    assert [e.anchor for e in topic.search] == [
        "",
        "ministry-ships-winter",
        "authority-ships-february",
        "quint-triumph",
        "bulletin-ships-range",
    ]
    assert topic.search[0].text.startswith("Counts of ships differ")
    assert "[@" not in topic.description
    assert [f.id for f in topic.claims] == [e.anchor for e in topic.search[1:]]
    assert str(topic.lastmod) == "2031-03-20"
    # A quantity's page: its estimates are anchors (table rows), its table one search entry.
    quantity = plan.pages["estimates/ships-calling.md"]
    assert {"bulletin-ships-range", "ministry-ships-winter"} <= quantity.anchors
    assert len(quantity.search) == 1 and "1,100 to 1,400" in quantity.search[0].text
    # Disagreements anchors each contested quantity under its own id, below its heading.
    assert _toc("disagreements.md", plan) == [
        (2, "competing-estimates", ["ships-calling"]),
        (2, "denied-and-disputed-claims", []),
    ]
    assert _toc("known/2031-03-14.md", plan)[0] == (
        2,
        "estimates",
        ["ships-calling-at-the-harbour"],
    )
    assert _toc("claimants/port-authority.md", plan) == [(2, "claims", [])]
    # Pages that repeat facts indexed elsewhere are not searched.
    unsearched = {p for p, page in plan.pages.items() if not page.search}
    assert unsearched == {
        "timeline/index.md",
        "timeline/traffic.md",
        "timeline/history.md",
        "known/index.md",
        "known/2031-03-14.md",
        "known/2031-03-20.md",
        "changes.md",
        "disagreements.md",
    }


@pytest.fixture(scope="module")
def two() -> tuple[Corpus, list[Part]]:
    """The two-briefings fixture's records and its briefings, harbour first."""
    corpus = check_facts(FIXTURES / "two-briefings", today=TODAY).corpus
    names = ("harbour", "bridges")
    return corpus, [Part(n, sub := corpus.part_corpus(n), Views(sub)) for n in names]


def test_the_site_planner_alone_plans_the_sites_own_pages_by_briefing(
    two: tuple[Corpus, list[Part]],
) -> None:
    """Over every briefing's records, the site planner plans the hub, the sources,
    the claimants, the downloads and What changed at the site's root, and no page of a
    briefing's; its pages group facts by briefing in the order it is given them."""
    corpus, parts = two
    site = corpus.site_corpus("Freedonia briefings")
    for order in (parts, parts[::-1]):
        pages = SitePlanner(site, Views(site), SiteOptions(), order).plan()
        names = [part.name for part in order]
        top = ["index.md", "downloads.md", "corrections.md", "changes.md"]
        assert [p for p in pages if "/" not in p] == top
        assert {p.split("/")[0] for p in pages} - set(top) == {
            "sources",
            "claimants",
        }
        assert {page.part for page in pages.values()} == {""}
        assert pages["index.md"].template == "hub.html.j2"
        assert [card.id for card in pages["index.md"].h1.children[0].children] == names
        assert pages["downloads.md"].data["parts"] == order
        authority = pages["claimants/port-authority.md"]  # claims in both briefings
        assert [part.name for _, part, _, _ in authority.data["groups"]] == names
        assert [h.id for h in authority.h1.children[0].children] == names
        gazette = pages["sources/gazette-2031-03-14.md"]  # cited by both
        assert [part.name for _, part, _ in gazette.data["groups"]] == names


def test_the_briefing_planner_alone_plans_one_briefings_pages_under_its_folder(
    two: tuple[Corpus, list[Part]],
) -> None:
    """A briefing's planner plans its own pages under its folder, and those only: the
    same pages the whole site has under that folder."""
    corpus, parts = two
    harbour = parts[0]
    pages = BriefingPlanner(harbour.corpus, harbour.views, SiteOptions(), "harbour").plan()
    assert all(path.startswith("harbour/") for path in pages)
    assert {page.part for page in pages.values()} == {"harbour"}
    assert {page.feed for page in pages.values()} == {"harbour/feed.xml"}
    assert pages["harbour/index.md"].template == "home.html.j2"
    assert pages["harbour/downloads.md"].search[0].text.startswith("The briefing's data")
    in_site = plan_site(corpus).pages
    assert list(pages) == [path for path, page in in_site.items() if page.part == "harbour"]


def test_urls_and_the_way_back_to_the_root_come_from_the_path(plan: Plan) -> None:
    assert url_of("index.md") == ""
    assert url_of("topics/index.md") == "topics/"
    assert url_of("topics/traffic.md") == "topics/traffic/"
    assert url_of("topics/traffic/2031.md") == "topics/traffic/2031/"
    assert url_of("topics/traffic.md", directory_urls=False) == "topics/traffic.html"
    assert url_of("data/facts.csv") == "data/facts.csv"
    assert [plan.root(p) for p in ("index.md", "changes.md", "topics/traffic.md")] == [
        "",
        "../",
        "../../",
    ]
    flat = plan_site(check_facts(CORPUS, today=TODAY).corpus, SiteOptions(directory_urls=False))
    assert [flat.root(p) for p in ("index.md", "changes.md", "topics/traffic.md")] == [
        "",
        "",
        "../",
    ]


def test_a_broken_link_is_reported_at_the_fact_that_made_it() -> None:
    corpus = check_facts(CORPUS, today=TODAY).corpus
    plan = plan_site(corpus)
    del plan.pages["topics/history.md"]  # every link to a fact whose home it was breaks
    renderer = Renderer(corpus, plan)
    plan.files |= set(renderer.files())
    renderer.pages()
    problems = [p for p in renderer.problems if "wall-built" in p.message]
    assert problems, [str(p) for p in renderer.problems]
    first = problems[0]
    assert first.code == "broken-link" and first.severity == "error"
    assert first.loc.path.endswith("history.yaml") and first.loc.line > 0
    assert "fact wall-built on " in first.message
    assert "links to topics/history.md#wall-built" in first.message


def test_a_broken_link_fails_the_build_and_names_where_it_is(tmp_path: Path) -> None:
    """A hand-written page the generated pages link to is missing: the build stops with
    the generator's located message, and the site is not written."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "site_src", project / "site_src")
    shutil.copytree(CORPUS, project / "facts")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "site_src" / "methodology.md").unlink()
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("      - methodology.md\n", ""))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={"BRIEFING_TODAY": "2031-04-01", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "estimates/index.md: error[broken-link]: estimates/index.md links to "
        "methodology.md#the-headline-estimate" in result.stderr
    )
    assert not (tmp_path / "site").exists()


def test_forge_addresses_come_from_repo_url_and_edit_uri() -> None:
    repo = "https://github.com/newsroom/briefing"
    assert forge_urls(repo, "edit/main/site_src/", "site_src") == (
        f"{repo}/edit/main/",
        f"{repo}/blob/main/",
    )
    gitlab = "https://gitlab.com/newsroom/briefing"
    assert forge_urls(gitlab, "-/edit/main/site_src", "site_src") == (
        f"{gitlab}/-/edit/main/",
        f"{gitlab}/-/blob/main/",
    )
    # No edit_uri, or one that does not end with the docs folder: no links.
    assert forge_urls(repo, None, "site_src") == ("", "")
    assert forge_urls(repo, "edit/master/docs/", "site_src") == ("", "")


def test_each_fact_links_to_its_file_and_line_on_the_forge() -> None:
    corpus = check_facts(CORPUS, today=TODAY).corpus
    options = SiteOptions(
        edit_url="https://forge.example/r/edit/main/",
        view_url="https://forge.example/r/blob/main/",
        project=str(CORPUS.parent),
    )
    page = str(render_site(corpus, options)["topics/history.md"])
    fact = corpus.fact_by_id["wall-built"]
    assert (
        '<a href="https://forge.example/r/edit/main/corpus/history.yaml" '
        'rel="noopener noreferrer">Edit this fact</a>'
    ) in page
    view = f"https://forge.example/r/blob/main/corpus/history.yaml#L{fact.loc.line}"
    assert f'<a href="{view}" rel="noopener noreferrer">View the YAML</a>' in page
    # Without a forge, no such links.
    assert "Edit this fact" not in str(render_site(corpus)["topics/history.md"])


def test_a_build_with_repo_url_and_edit_uri_links_each_fact_to_its_file(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "site_src", project / "site_src")
    shutil.copytree(CORPUS, project / "facts")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    forge = "repo_url: https://forge.example/newsroom/briefing\nedit_uri: edit/main/site_src/\n"
    (project / "mkdocs.yml").write_text(forge + config, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={"BRIEFING_TODAY": "2031-04-01", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "topics" / "history" / "index.html").read_text(encoding="utf-8")
    base = "https://forge.example/newsroom/briefing"
    assert f'<a href="{base}/edit/main/facts/history.yaml" rel="noopener noreferrer">' in page
    assert f'href="{base}/blob/main/facts/history.yaml#L' in page


@pytest.mark.parametrize("corpus", ["corpus", "two-briefings"])
def test_a_build_makes_one_views_per_corpus(
    corpus: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The plan's views are the renderer's and the Dataset's: a build of one briefing
    makes one `Views`; a site of several, one per briefing and one for the site."""
    from generator import views as views_module
    from generator.pipeline import generate

    made: list[object] = []
    original = views_module.Views.__init__

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(views_module.Views, "__init__", counted)
    repo = Path(__file__).resolve().parent.parent
    pages = {p.name: p.read_text(encoding="utf-8") for p in (repo / "site_src").glob("*.md")}
    facts = repo / "tests" / "fixtures" / corpus
    generated = generate(facts, SiteOptions(docs_pages=pages), today=TODAY)
    assert generated.ok, generated.diagnostics[:3]
    parts = len(generated.plan.parts) if generated.plan else 0
    assert len(made) == (parts + 1 if parts else 1)


@pytest.mark.parametrize("corpus", ["corpus", "two-briefings"])
def test_the_plan_knows_every_file_before_it_is_rendered(corpus: str) -> None:
    """The plan lists the downloads, feeds and assets the renderer then writes, so links
    to them are checked against the plan and nothing is added to it after planning."""
    from generator.plan import BUILD_STAMP
    from generator.render import site_renderer

    checked = check_facts(Path(__file__).parent / "fixtures" / corpus, today=TODAY)
    assert checked.corpus is not None
    plan = plan_site(checked.corpus)
    planned = set(plan.files)
    written = set(site_renderer(checked.corpus, plan).files())
    assert written | {BUILD_STAMP} == planned  # build.json is the build's own (generate)
    assert plan.files == planned
