"""Whole builds through the same door as `make build`: `python -m generator build`.

A fixture project (the hand-made corpus with the repo's mkdocs.yml and site_src/)
is built into a temporary folder; the seed briefing is built once as well.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parent.parent


def _build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "BRIEFING_TODAY": "2031-04-01", **env},
        check=False,
    )


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "site_src", root / "site_src")
    shutil.copytree(CORPUS, root / "facts")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("seed") / "site"
    result = _build(REPO, site, BRIEFING_TODAY="")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_seed_estimate_shows_claimant_and_article_date(seed_site: Path) -> None:
    page = (seed_site / "estimates/north-korean-troops-for-russia/index.html").read_text()
    body = page[page.index("<tbody>") :]
    row = next(r for r in body.split("<tr>") if "about 1,500" in r)
    assert "National Intelligence Service" in row
    assert "Bloomberg, 22 October 2024" in row


def test_seed_timeline_shows_late_1970s(seed_site: Path) -> None:
    page = (seed_site / "timeline/index.html").read_text()
    assert "between the late 1970s and the early 1980s</time>" in page


def test_seed_site_has_every_page_type(seed_site: Path) -> None:
    for path in [
        "index.html",
        "topics/deployment/index.html",
        "estimates/index.html",
        "timeline/diplomacy/index.html",
        "sources/bloomberg-2024-11-17/index.html",
        "claimants/south-korea-nis/index.html",
        "downloads/index.html",
        "methodology/index.html",
        "data/facts.json",
        "data/facts.csv",
        "data/schema.json",
        "feed.xml",
        "search/search_index.json",
    ]:
        assert (seed_site / path).is_file(), path


def test_seed_site_requests_no_web_fonts(seed_site: Path) -> None:
    for page in seed_site.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page


def test_build_reports_the_generators_own_time(project: Path, tmp_path: Path) -> None:
    """A build says how long the facts took to read, check and render (`make bench`
    reads this line to weigh the generator against the whole build)."""
    site = tmp_path / "site"
    result = _build(project, site)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("briefing: "))
    found = re.fullmatch(
        r"briefing: (\d+) pages and (\d+) other files generated from the facts "
        r"in ([0-9.]+) s \(([0-9.]+) s CPU\)",
        line,
    )
    assert found, line
    # The embeds (embed/ID/index.html) are files of the site, not the engine's pages.
    html = len([p for p in site.rglob("*.html") if "embed" not in p.relative_to(site).parts])
    written = len(list((project / "site_src").rglob("*.md")))
    assert int(found[1]) == html - written - 1  # and 404.html
    assert float(found[3]) > 0
    assert float(found[4]) > 0


def test_broken_fact_fails_build_and_keeps_last_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert _build(project, site).returncode == 0
    before = _digest(site)
    facts = project / "facts" / "traffic.yaml"
    facts.write_text(facts.read_text().replace("value: 1200", "value: 1_200"))
    result = _build(project, site)
    assert result.returncode == 1
    assert "facts/traffic.yaml:10:12: error[number-format]" in result.stderr
    assert "Traceback" not in result.stderr
    assert _digest(site) == before
    assert not list(tmp_path.glob(".site-*")), "the staging folder was left behind"


def test_broken_link_in_a_page_fails_build(project: Path, tmp_path: Path) -> None:
    (project / "site_src" / "about.md").write_text("# About\n\n[gone](nowhere.md)\n")
    result = _build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "nowhere.md" in result.stderr
    assert not (tmp_path / "site").exists()


def test_two_builds_are_byte_identical(project: Path, tmp_path: Path) -> None:
    """Also when the second takes the templates the first compiled (the generator's and
    the theme's) from the project's .cache/briefing."""
    first, second = tmp_path / "one", tmp_path / "two"
    assert _build(project, first, SOURCE_DATE_EPOCH="1900000000").returncode == 0
    cached = list((project / ".cache" / "briefing").glob("*/*.bin"))
    assert {path.parent.name.split("-")[0] for path in cached} == {"templates", "theme"}
    assert _build(project, second, SOURCE_DATE_EPOCH="1900000000").returncode == 0
    assert _digest(first) == _digest(second)


def test_cache_dir_empty_keeps_compiled_templates_in_memory(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      facts: facts\n" in text
    config.write_text(
        text.replace("      facts: facts\n", '      facts: facts\n      cache_dir: ""\n')
    )
    assert _build(project, tmp_path / "site").returncode == 0
    assert not (project / ".cache").exists()


def test_every_claim_is_described_once_in_json_ld_at_its_permalink(seed_site: Path) -> None:
    import json
    import re

    pages = sorted(seed_site.rglob("*.html"))
    assert len(pages) > 50
    homes: dict[str, list[Path]] = {}
    for page in pages:
        html = page.read_text()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = [json.loads(block) for block in blocks]  # every block parses
        home = page == seed_site / "index.html"
        # The Dataset cites every article: on the home page only, not on each page.
        assert [d["@type"] for d in data if "@type" in d] == (["Dataset"] if home else []), page
        for node in (n for d in data for n in d.get("@graph", [])):
            assert node["@type"] in ("Claim", "NewsArticle")
            if node["@type"] == "Claim":
                assert node["author"] and node["appearance"]["@type"] == "NewsArticle"
                assert f'id="{node["@id"][1:]}"' in html  # the claim's anchor is on the page
                homes.setdefault(node["@id"], []).append(page.relative_to(seed_site))
    assert len(homes) > 50  # every statement and estimate of the seed briefing
    assert {claim: where for claim, where in homes.items() if len(where) > 1} == {}
    assert {str(where[0]).split("/")[0] for where in homes.values()} == {"topics"}
    source = (seed_site / "sources/bloomberg-2024-10-22/index.html").read_text()
    assert '"@type":"NewsArticle","datePublished":"2024-10-22"' in source


def test_build_is_stamped_with_its_provenance(project: Path, tmp_path: Path) -> None:
    import json

    from generator.provenance import facts_hash

    site = tmp_path / "site"
    assert _build(project, site, SOURCE_DATE_EPOCH="1900000000").returncode == 0
    stamp = json.loads((site / "build.json").read_text())
    assert stamp["built"] == "2030-03-17T17:46:40Z"
    assert stamp["facts_sha256"] == facts_hash(project / "facts")
    assert stamp["generator"]
    # In the about page's colophon, where its `<!-- colophon -->` line was, in full...
    about = (site / "about" / "index.html").read_text()
    colophon = about[about.index('id="colophon"') :]
    assert stamp["facts_sha256"] in colophon and stamp["built"] in colophon
    assert f"briefing generator {stamp['generator']}" in colophon
    assert "<!-- colophon -->" not in about
    # ...and in no reader's footer, on any page.
    for page in site.rglob("*.html"):
        html = page.read_text()
        footer = html[html.index("<footer") :] if "<footer" in html else ""
        assert stamp["facts_sha256"][:12] not in footer, page
        assert "Built 2030" not in footer, page


def test_the_colophon_names_the_commit_and_no_footer_does(project: Path, tmp_path: Path) -> None:
    """A project in git: its commit is in the about page's colophon (and build.json),
    never in the footer every page shows."""
    env = {"GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.org"}
    env |= {"GIT_COMMITTER_NAME": "E", "GIT_COMMITTER_EMAIL": "e@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "facts"]):
        subprocess.run(["git", *args], cwd=project, check=True, env={**os.environ, **env})
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True, check=True
    ).stdout.strip()
    site = tmp_path / "site"
    assert _build(project, site).returncode == 0
    about = (site / "about" / "index.html").read_text()
    assert commit in about[about.index('id="colophon"') :]
    assert f'"commit": "{commit}"' in (site / "build.json").read_text()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text()
        footer = html[html.index("<footer") :] if "<footer" in html else ""  # embeds: none
        assert commit[:7] not in footer, page
        if page.parent.name != "about":
            assert commit[:7] not in html, page


def test_search_indexes_each_fact_once_on_its_topic_page(seed_site: Path) -> None:
    """Pages that repeat facts (timeline, known-on days, articles, claimants, charts,
    citation lines) stay out of the index, so it grows with the facts, not the pages."""
    import html
    import json

    from generator.pipeline import check_facts

    docs = json.loads((seed_site / "search/search_index.json").read_text())["docs"]
    repeats = [d["location"] for d in docs if d["location"].startswith(("known/2", "timeline/"))]
    assert repeats == []
    text = html.unescape(" ".join(d["text"] for d in docs))
    assert "Cite:" not in text and "Every estimate on one scale" not in text
    facts = check_facts(REPO / "facts").corpus.facts
    counts = {f.id: text.count(" ".join(f.text.split())) for f in facts}
    assert {fact_id: n for fact_id, n in counts.items() if n != 1} == {}
    topics = [d for d in docs if d["location"].startswith("topics/")]
    assert any("Ponomarenko" in d["text"] for d in topics)
    # A claimant's page is still found by its name, without its list of claims.
    assert any(d["location"].startswith("claimants/") and "Ponomarenko" in d["title"] for d in docs)


def test_a_site_split_by_year_builds_with_every_link_and_anchor_valid(
    project: Path, tmp_path: Path
) -> None:
    """MkDocs runs strict, with links and anchors validated: one broken link fails it."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert "      facts: facts\n" in text
    config.write_text(
        text.replace("      facts: facts\n", "      facts: facts\n      page_limit: 1\n")
    )
    site = tmp_path / "site"
    result = _build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    year = (site / "topics/traffic/2031/index.html").read_text()
    assert 'id="authority-ships-february"' in year
    source = (site / "sources/gazette-2031-03-14/index.html").read_text()
    assert 'href="../../topics/traffic/2031/#authority-ships-february"' in source
