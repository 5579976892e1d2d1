"""Images that leave the site, wired into it: each quantity's chart files and every
page's share image (plan/share.py, Renderer.images, the theme's head)."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.adapter import page_meta, site_image
from generator.pipeline import check_facts
from generator.plan import Plan, SiteOptions, briefing_card, card_of, chart_files, plan_site
from generator.render import images, site_renderer
from generator.render.images import source_line
from generator.render.jinja import CompiledTemplates, compiled_templates
from generator.wording import value_label
from tests.conftest import CORPUS, FIXTURES, TODAY
from tests.test_images import png_header

REPO = Path(__file__).resolve().parent.parent

SVG = "{http://www.w3.org/2000/svg}"
SITE_URL = "https://briefing.example.org/harbour/"
# The hand-written page the generated pages link to.
DOCS_PAGES = {"methodology.md": "# Methodology\n\n## The headline estimate\n\n## Corrections\n"}


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


# --- share images


def test_home_topic_and_quantity_pages_have_cards_of_their_own(site: Built) -> None:
    """Who says what: a quantity's card has its headline figure (or both figures of a
    dispute) with the claimants; a topic's, its quantities'; a home page's, all of its
    briefing's. The others take their briefing's card, the site's pages the site's."""
    plan, files, _ = site
    own = {"home.html.j2", "hub.html.j2", "topic.html.j2", "quantity.html.j2"}
    for page in plan.pages.values():
        prefix = f"{page.part}/" if page.part else ""
        expected = (
            card_of(page.path, page.part) if page.template in own else briefing_card(page.part)
        )
        assert page.image == expected, page.path
        assert page.image in plan.files
        assert png_header(files[page.image]) == (1200, 630)  # type: ignore[arg-type]
        card = plan.cards[page.image]
        assert page.image_alt == card.alt and card.title in card.alt
        if page.template == "quantity.html.j2":
            views = plan.parts[page.part].views if page.part else plan.views
            assert views is not None
            quantity = page.data["quantity"]
            dispute = views.dispute(quantity)
            shown = [dispute.low, dispute.high] if dispute else [views.headline(quantity)]
            assert card.said == tuple(
                (value_label(e), " and ".join(c.name for c in views.claimants_of(e))) for e in shown
            )
            for figure, who in card.said:
                assert f"{who}: {figure}" in card.alt
        if page.template == "home.html.j2":
            views = plan.parts[page.part].views if page.part else plan.views
            assert views is not None
            assert len(card.said) >= len(views.quantities) > 0
        assert not prefix or page.image.startswith(prefix)
    if plan.parts:  # the hub and the site's own pages: the site's card
        assert plan.pages["index.md"].image == "cards/index.png"
        assert plan.pages["sources/index.md"].image == "cards/index.png"


def test_a_disputed_quantity_card_shows_both_figures_and_their_claimants() -> None:
    plan, files, _ = build(FIXTURES / "hong-kong-marches")
    disputed = [
        p for p in plan.pages.values() if p.template == "quantity.html.j2" and p.data["dispute"]
    ]
    assert disputed
    for page in disputed:
        dispute = page.data["dispute"]
        card = plan.cards[page.image]
        assert [figure for figure, _ in card.said] == [
            value_label(dispute.low),
            value_label(dispute.high),
        ]
        assert png_header(files[page.image]) == (1200, 630)  # type: ignore[arg-type]


def test_cards_are_drawn_once_and_read_back_byte_for_byte(tmp_path: Path) -> None:
    cache = tmp_path / "images"
    _, first, _ = build(CORPUS, SITE_URL, cache)
    kept = sorted(cache.glob("*.png"))
    assert kept, "the drawn PNGs are kept in the cache folder"
    stamps = {p: p.stat().st_mtime_ns for p in kept}
    _, second, _ = build(CORPUS, SITE_URL, cache)
    assert {p: p.stat().st_mtime_ns for p in kept} == stamps  # read back, not drawn again
    images = [p for p in first if p.endswith(".png")]
    assert all(first[p] == second[p] for p in images)
    _, uncached, _ = build(CORPUS, SITE_URL)
    assert all(first[p] == uncached[p] for p in images)


def test_many_images_are_drawn_in_a_pool_to_the_same_bytes(tmp_path: Path) -> None:
    svgs = {
        f"card-{n}.png": images.card_svg("Harbour briefing", f"Card {n}", [(str(n), "Port")])
        for n in range(images.POOL_FROM)
    }
    one = images.pngs(svgs, workers=1)
    pooled = images.pngs(svgs, tmp_path, workers=2)
    assert pooled == one
    assert len(list(tmp_path.glob("*.png"))) == images.POOL_FROM


def test_page_meta_names_the_image_for_every_engine(site: Built) -> None:
    plan, _, _ = site
    for page in plan.pages.values():
        meta = page_meta(page, engine_indexes=True)
        assert meta["image"] == page.image and meta["image_alt"] == page.image_alt
    extra = site_image(plan)
    assert extra == {
        "briefing_image": "cards/index.png",
        "briefing_image_alt": plan.cards["cards/index.png"].alt,
    }


# --- in the built site's head, every page (hand-written ones too)

_IMAGE_META = re.compile(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)"')


ZENSICAL = REPO / ".venv-zensical" / "bin" / "zensical"


def _built_site(tmp_path: Path, engine: str = "mkdocs", **env: str) -> Path:
    """The seed briefing built by `engine` (Zensical through export, like test_engines:
    skipped where it is not installed, except under CI)."""
    if engine == "zensical" and not ZENSICAL.exists():
        if os.environ.get("CI"):
            pytest.fail("zensical is not installed; run `make engines`")
        pytest.skip("zensical is not installed; run `make engines`")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--engine", engine, "--site-dir", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def _heads(site: Path) -> dict[Path, dict[str, str]]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html" or "embed" in page.relative_to(site).parts:
            continue  # an embed is framed by other sites' pages, not shared as a page
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        found[page] = {k: html.unescape(v) for k, v in _IMAGE_META.findall(head)}
    assert len(found) > 50
    return found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("engine", "given"),
    [
        ("mkdocs", "https://briefing.example.org/nk/"),
        ("zensical", "https://briefing.example.org/nk"),
    ],
)
def test_every_page_shares_an_absolute_1200x630_png_with_a_site_address(
    tmp_path: Path, engine: str, given: str
) -> None:
    """With or without the address's final slash, in every engine's head."""
    address = "https://briefing.example.org/nk/"
    site = _built_site(tmp_path, engine, SITE_URL=given)
    for page, meta in _heads(site).items():
        image = meta.get("og:image", "")
        assert image.startswith(address), page
        assert meta["twitter:image"] == image
        assert meta["twitter:card"] == "summary_large_image"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["og:image:alt"]
        assert png_header((site / image.removeprefix(address)).read_bytes()) == (1200, 630)
    quantity = _heads(site)[site / "estimates/north-korean-troops-for-russia/index.html"]
    assert quantity["og:image"] == address + "cards/estimates/north-korean-troops-for-russia.png"


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_without_an_address_the_share_image_is_relative_to_the_page(
    tmp_path: Path, engine: str
) -> None:
    site = _built_site(tmp_path, engine, SITE_URL="")
    for page, meta in _heads(site).items():
        image = meta["og:image"]
        assert "://" not in image and not image.startswith("/"), page
        assert png_header((page.parent / image).resolve().read_bytes()) == (1200, 630)


def test_the_png_cache_is_in_the_builds_cache_folder(tmp_path: Path) -> None:
    """A build keeps its PNGs in `images/` of its cache folder (the plugin's
    `cache_dir`), which it passes along with its compiled templates."""
    checked = check_facts(CORPUS, today=TODAY)
    plan = plan_site(checked.corpus, SiteOptions(docs_pages=DOCS_PAGES))
    renderer = site_renderer(checked.corpus, plan, compiled_templates(tmp_path / "cache"))
    assert renderer.image_cache == tmp_path / "cache" / "images"
    files = renderer.files()
    kept = {p.read_bytes() for p in (tmp_path / "cache" / "images").glob("*.png")}
    assert kept == {v for k, v in files.items() if k.endswith(".png")}
    assert site_renderer(checked.corpus, plan, CompiledTemplates()).image_cache is None
    chosen = site_renderer(checked.corpus, plan, images=tmp_path / "elsewhere")
    assert chosen.image_cache == tmp_path / "elsewhere"


def test_a_card_names_the_site_once_when_the_title_is_its_name(site: Built) -> None:
    """The site's name has a line of its own (the 30px line at the top) unless the
    card's title is that name already."""
    plan, _, _ = site
    for page in (p for p in plan.pages.values() if p.template == "home.html.j2"):
        card = plan.cards[page.image]
        svg = images.card_svg(card.site, card.title, card.said, card.footer)
        name_lines = [
            "".join(t.itertext())
            for t in ET.fromstring(svg).iter(f"{SVG}text")
            if t.get("font-size") == "30"
        ]
        assert name_lines == ([] if card.site == card.title else [card.site])
    other = images.card_svg("Another site", "Ships calling")
    assert next(t.text for t in ET.fromstring(other).iter(f"{SVG}text")) == "Another site"


def test_a_cards_text_alternative_names_what_it_has_room_for_then_how_many_more() -> None:
    """A home card of many quantities: its alt text (in the head of every page that
    takes the card) stays a few lines long, as the picture does."""
    from generator.plan.share import ALT_LINES, ShareCard

    said = tuple((f"about {n},000", f"Claimant {n}") for n in range(1, 201))
    alt = ShareCard("cards/index.png", "Site", "Briefing", said).alt
    assert alt.startswith("Briefing; Claimant 1: about 1,000; ")
    assert f"Claimant {ALT_LINES}: " in alt and f"Claimant {ALT_LINES + 1}:" not in alt
    assert alt.endswith(f"; and {200 - ALT_LINES} more figures")
    assert ShareCard("c.png", "Site", "Briefing", said[:2]).alt == (
        "Briefing; Claimant 1: about 1,000; Claimant 2: about 2,000"
    )
