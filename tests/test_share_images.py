"""Images that leave the site, wired into it: each quantity's chart files and every
page's share image (plan/share.py, Renderer.images, the theme's head)."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.pipeline import check_facts
from generator.plan import Plan, SiteOptions, chart_files, plan_site
from generator.render import site_renderer
from generator.render.images import source_line
from tests.conftest import FIXTURES, TODAY

SVG = "{http://www.w3.org/2000/svg}"
SITE_URL = "https://briefing.example.org/harbour/"
# The hand-written page the generated pages link to.
DOCS_PAGES = {"methodology.md": "# Methodology\n\n## The headline estimate\n"}


def png_header(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


Built = tuple[Plan, dict[str, str | bytes], dict[str, str]]


def build(corpus: Path, site_url: str = "", cache: Path | None = None) -> Built:
    """A corpus's plan, its files (downloads, chart files, cards) and its pages' HTML."""
    checked = check_facts(corpus, today=TODAY)
    assert checked.ok
    plan = plan_site(checked.corpus, SiteOptions(site_url=site_url, docs_pages=DOCS_PAGES))
    renderer = site_renderer(checked.corpus, plan, images=cache)
    files = renderer.files()
    pages = renderer.pages()
    assert renderer.problems == []
    return plan, files, pages


@pytest.fixture(scope="module", params=["corpus", "two-briefings"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    cache = tmp_path_factory.mktemp("images")
    return build(FIXTURES / str(request.param), SITE_URL, cache)


def quantity_folders(plan: Plan) -> list[tuple[str, str]]:
    """(briefing folder or "", quantity id) of every quantity page."""
    found = []
    for page in plan.pages.values():
        if page.template == "quantity.html.j2":
            found.append((page.part, page.data["quantity"].id))
    assert found
    return found


# --- chart files


def test_each_quantity_has_its_chart_as_svg_and_png(site: Built) -> None:
    plan, files, _ = site
    for part, quantity in quantity_folders(plan):
        svg, png = chart_files(quantity, f"{part}/" if part else "")
        assert {svg, png} <= plan.files, "the plan lists the chart files"
        assert isinstance(files[svg], str) and isinstance(files[png], bytes)
        root = ET.fromstring(files[svg])
        assert png_header(files[png]) == (1200, int(root.get("height", "0")))


def test_a_chart_file_names_every_claimant_and_article(site: Built) -> None:
    plan, files, _ = site
    for page in (p for p in plan.pages.values() if p.template == "quantity.html.j2"):
        part = plan.parts[page.part] if page.part else None
        corpus = part.corpus if part else plan.views.corpus if plan.views else None
        assert corpus is not None
        views = part.views if part else plan.views
        assert views is not None
        quantity = page.data["quantity"]
        svg = files[chart_files(quantity.id, f"{page.part}/" if page.part else "")[0]]
        assert isinstance(svg, str)
        root = ET.fromstring(svg)
        text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
        desc = "".join(root.find(f"{SVG}desc").itertext())  # type: ignore[union-attr]
        for estimate in views.estimates_by_quantity[quantity.id]:
            source = corpus.source_by_id[estimate.source]
            for claimant in views.claimants_of(estimate):
                assert claimant.name in text and claimant.name in desc
            assert source.title in desc
            # The source line may wrap over two lines of the image: its words are there.
            line = source_line(source)
            assert all(word in text for word in line.split()), line


def test_the_quantity_page_and_the_downloads_link_the_chart_files(site: Built) -> None:
    plan, _, pages = site
    for part, quantity in quantity_folders(plan):
        prefix = f"{part}/" if part else ""
        for path in (f"{prefix}estimates/{quantity}.md", f"{prefix}downloads.md"):
            for file in chart_files(quantity, prefix):
                assert f'href="{plan.root(path)}{file}"' in pages[path], (path, file)
