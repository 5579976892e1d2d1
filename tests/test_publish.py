"""Publishing: the site's address (sitemap, robots.txt, canonical links, cards, feed)
with SITE_URL set, one warning and no sitemap without it, and a quiet build log."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.render import jsonld
from tests.test_build import REPO, _build

SITE_URL = "https://example.org/nk/"
NOT_IN_NAV = 'not included in the "nav"'
NOTES = """---
description: Notes on reading the figures
lastmod: 2024-11-17
---

# Notes

A hand-written page left out of the nav.
"""


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed briefing built as `make build` does, without SITE_URL."""
    site = tmp_path_factory.mktemp("plain") / "site"
    result = _build(REPO, site, BRIEFING_TODAY="", SITE_URL="")
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result.stdout + result.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed briefing with SITE_URL set, plus a hand-written page with meta."""
    root = tmp_path_factory.mktemp("published") / "project"
    shutil.copytree(REPO / "site_src", root / "site_src")
    shutil.copytree(REPO / "facts", root / "facts")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "site_src" / "notes.md").write_text(NOTES)
    site = root / "site"
    result = _build(root, site, BRIEFING_TODAY="", SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result.stdout + result.stderr


def _pages(site: Path, embeds: bool = False) -> dict[str, str]:
    """Every page, by its address: {"https://example.org/nk/topics/": html}; the embeds
    (framed by other sites, not pages of the site's own) only with `embeds`."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        folder = path.parent.relative_to(site).as_posix()
        if folder.startswith("embed/") != embeds:
            continue
        pages[SITE_URL + ("" if folder == "." else folder + "/")] = path.read_text()
    return pages


def test_an_embed_is_left_to_its_quantity_page_by_search_engines(
    published: tuple[Path, str],
) -> None:
    """Not in the sitemap, not indexed, and its canonical address is its quantity's page."""
    site, _ = published
    embeds = _pages(site, embeds=True)
    assert embeds
    listed = _sitemap(site)
    for address, html in embeds.items():
        assert address not in listed
        assert '<meta name="robots" content="noindex">' in html
        quantity = address.replace("/embed/", "/estimates/")
        assert f'<link rel="canonical" href="{quantity}">' in html, address
        assert quantity in listed


def _sitemap(site: Path) -> dict[str, str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site / "sitemap.xml").getroot()
    return {
        u.findtext("s:loc", namespaces=namespace) or "": u.findtext(
            "s:lastmod", namespaces=namespace
        )
        or ""
        for u in root.findall("s:url", namespace)
    }


def test_without_site_url_the_build_warns_once_and_writes_no_sitemap(
    seed_build: tuple[Path, str],
) -> None:
    site, log = seed_build
    assert log.count("site_url is not set") == 1, log
    for name in ("sitemap.xml", "sitemap.xml.gz", "robots.txt"):
        assert not (site / name).exists(), name
    assert "generated empty output" not in log
    # No feed link either: Material's script would fetch a sitemap.xml beside it.
    assert 'type="application/atom+xml"' not in (site / "index.html").read_text()


def test_seed_build_log_has_only_the_projects_messages(seed_build: tuple[Path, str]) -> None:
    _, log = seed_build
    assert NOT_IN_NAV not in log
    assert "WARNING" not in log
    mkdocs_lines = [line for line in log.splitlines() if line.startswith("INFO")]
    for line in mkdocs_lines:  # MkDocs' own three lines: cleaning, building, built
        assert re.match(
            r"INFO +- +(Cleaning site|Building documentation|Documentation built)", line
        )
    assert len(log.splitlines()) <= 8, log


def test_a_hand_written_page_left_out_of_the_nav_is_still_reported(
    published: tuple[Path, str],
) -> None:
    _, log = published
    assert NOT_IN_NAV in log
    reported = log[log.index(NOT_IN_NAV) :].splitlines()[1:]
    assert [line.strip() for line in reported if line.strip().startswith("- ")] == ["- notes.md"]


def test_sitemap_lists_every_page_with_its_lastmod(published: tuple[Path, str]) -> None:
    site, _ = published
    pages = _pages(site)
    listed = _sitemap(site)
    assert set(listed) == set(pages)
    assert len(listed) > 60
    assert listed[SITE_URL + "notes/"] == "2024-11-17"  # from the page's meta
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", day) for day in listed.values())
    assert (site / "robots.txt").read_text().splitlines()[-1] == f"Sitemap: {SITE_URL}sitemap.xml"


def test_every_page_has_a_canonical_link_card_and_the_feed(published: tuple[Path, str]) -> None:
    site, _ = published
    for address, html in _pages(site).items():
        assert f'<link rel="canonical" href="{address}">' in html, address
        assert f'<meta property="og:url" content="{address}">' in html, address
        for tag in ("og:title", "og:description", "og:site_name", "og:type"):
            assert re.search(rf'<meta property="{tag}" content="[^"]+">', html), (address, tag)
        for tag in ("twitter:card", "twitter:title", "twitter:description"):
            assert re.search(rf'<meta name="{tag}" content="[^"]+">', html), (address, tag)
        feed = re.escape('<link rel="alternate" type="application/atom+xml" title="')
        assert re.search(feed + rf'[^"]+" href="{re.escape(SITE_URL)}feed\.xml">', html), address


def test_card_takes_description_and_modified_time_from_page_meta(
    published: tuple[Path, str],
) -> None:
    site, _ = published
    notes = (site / "notes/index.html").read_text()
    assert '<meta property="og:description" content="Notes on reading the figures">' in notes
    assert '<meta property="article:modified_time" content="2024-11-17">' in notes
    assert '<meta property="og:title" content="Notes">' in notes
    home = (site / "index.html").read_text()
    assert '<meta property="og:type" content="website">' in home
    # The site's name as text, once escaped (Material's page titles are HTML).
    assert 'content="North Korean troops in Russia&#39;s war on Ukraine"' in home


def test_feed_ids_and_links_are_absolute(published: tuple[Path, str]) -> None:
    site, _ = published
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    ids = [e.text or "" for e in feed.iter(f"{atom}id")]
    links = [e.get("href", "") for e in feed.iter(f"{atom}link")]
    assert len(ids) > 50 and len(links) == len(ids)
    assert all(i.startswith(SITE_URL) for i in ids), ids[:3]
    assert all(link.startswith(SITE_URL) for link in links), links[:3]
    pages = set(_pages(site))
    for link in links[1:]:
        assert link.split("#")[0] in pages, link


def test_json_ld_addresses_are_absolute(published: tuple[Path, str]) -> None:
    site, _ = published
    home = (site / "index.html").read_text()
    assert f'"url":"{SITE_URL}"' in home
    urls = re.findall(r'"contentUrl":"([^"]+)"', home)
    assert urls and all(u.startswith(SITE_URL + "data/") for u in urls)


def test_a_claims_id_is_its_anchor_on_its_page() -> None:
    from generator.pipeline import check_facts
    from generator.plan import SiteOptions
    from generator.render import render_site

    corpus = check_facts(REPO / "facts").corpus
    fact = next(f for f in corpus.facts if f.kind == "estimate" and f.topics[0] == "deployment")
    page = str(render_site(corpus, SiteOptions(site_url=SITE_URL))["topics/deployment.md"])
    assert f'"@id":"{SITE_URL}topics/deployment/#{fact.id}"' in page
    assert f'"@id":"#{fact.id}"' in jsonld.page_block(corpus, SITE_URL, [fact])
