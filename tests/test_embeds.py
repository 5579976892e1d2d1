"""A quantity's embed (embed/ID/), its oEmbed description, the snippet the quantity
page offers, the oEmbed link in the page's head and the `_headers` file that lets other
sites frame the embeds and nothing else (render/embeds.py). The embed framed in a
browser is tests/browser/test_embeds.py."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.adapter import page_meta
from generator.pipeline import check_facts
from generator.plan import Plan, SiteOptions, embed_files, plan_site
from generator.render import site_renderer
from generator.render.embeds import headers
from generator.render.images import source_line
from generator.views import Views
from generator.wording import day_label, estimates_title, value_label
from tests.conftest import FIXTURES, TODAY
from tests.test_share_images import _built_site

REPO = Path(__file__).resolve().parent.parent
SITE_URL = "https://briefing.example.org/harbour/"
DOCS_PAGES = {"methodology.md": "# Methodology\n\n## The headline estimate\n\n## Corrections\n"}

Built = tuple[Plan, dict[str, str | bytes], dict[str, str]]


def build(corpus: Path, site_url: str = "", directory_urls: bool = True) -> Built:
    checked = check_facts(corpus, today=TODAY)
    assert checked.ok
    options = SiteOptions(site_url=site_url, docs_pages=DOCS_PAGES, directory_urls=directory_urls)
    plan = plan_site(checked.corpus, options)
    renderer = site_renderer(checked.corpus, plan)
    files, pages = renderer.files(), renderer.pages()
    assert renderer.problems == []
    return plan, files, pages


@pytest.fixture(scope="module", params=["corpus", "two-briefings"])
def site(request: pytest.FixtureRequest) -> Built:
    return build(FIXTURES / str(request.param), SITE_URL)


def quantities(plan: Plan) -> Iterator[tuple[str, str, Views]]:
    """(briefing folder or "", quantity id, the briefing's views) of each quantity with
    a chart."""
    found = 0
    for page in plan.pages.values():
        if page.template != "quantity.html.j2":
            continue
        views = plan.parts[page.part].views if page.part else plan.views
        assert views is not None
        if views.charted(page.data["quantity"]):
            found += 1
            yield page.part, page.data["quantity"].id, views
    assert found


def _prefix(part: str) -> str:
    return f"{part}/" if part else ""


# --- oEmbed


def test_each_oembed_description_is_oembed_1_0_rich_and_frames_an_embed_that_exists(
    site: Built,
) -> None:
    plan, files, _ = site
    for part, quantity_id, _ in quantities(plan):
        page_path, oembed_path = embed_files(quantity_id, _prefix(part))
        described = json.loads(str(files[oembed_path]))
        assert described["version"] == "1.0" and described["type"] == "rich"
        quantity = plan.pages[f"{_prefix(part)}estimates/{quantity_id}.md"].data["quantity"]
        assert described["title"] == estimates_title(quantity.label)
        assert described["provider_name"] and described["provider_url"] == SITE_URL
        assert isinstance(described["width"], int) and described["width"] > 0
        assert isinstance(described["height"], int) and described["height"] > 100
        # Its HTML frames the embed at its absolute address, which the site has...
        frames = re.findall(r'<iframe src="([^"]+)"', described["html"])
        assert len(frames) == 1
        assert frames[0] == f"{SITE_URL}{_prefix(part)}embed/{quantity_id}/"
        assert frames[0].removeprefix(SITE_URL) + "index.html" == page_path in files
        # ...and loads the resizing script, from the site too.
        script = re.findall(r'<script src="([^"]+)" async></script>', described["html"])
        assert script == [f"{SITE_URL}assets/embed.js"] and "assets/embed.js" in files


def test_the_quantity_page_offers_the_snippet_its_oembed_description_carries(
    site: Built,
) -> None:
    plan, files, pages = site
    for part, quantity_id, _ in quantities(plan):
        described = json.loads(str(files[embed_files(quantity_id, _prefix(part))[1]]))
        body = pages[f"{_prefix(part)}estimates/{quantity_id}.md"]
        offer = body[body.index('<details class="embed-this">') :]
        snippet = offer[offer.index("<code>") + 6 : offer.index("</code>")]
        assert html.unescape(snippet) == described["html"]
        assert "Embed this chart" in offer


def test_without_an_address_the_snippet_frames_the_embed_from_the_hosts_root() -> None:
    plan, files, _ = build(FIXTURES / "corpus", directory_urls=False)
    _, quantity_id, _ = next(quantities(plan))
    described = json.loads(str(files[embed_files(quantity_id)[1]]))
    assert "provider_url" not in described
    assert f'<iframe src="/embed/{quantity_id}/index.html"' in described["html"]
    assert '<script src="/assets/embed.js" async>' in described["html"]


def test_page_meta_names_the_oembed_description_of_quantity_pages_with_a_chart(
    site: Built,
) -> None:
    plan, files, _ = site
    with_chart = {f"{_prefix(part)}estimates/{q}.md" for part, q, _ in quantities(plan)}
    for path, page in plan.pages.items():
        meta = page_meta(page, engine_indexes=True)
        if path in with_chart:
            assert meta["oembed"] == page.oembed and page.oembed in files
            assert page.oembed.endswith("/oembed.json")
        else:
            assert "oembed" not in meta, path


# --- the embed page


def test_the_embed_shows_the_headline_the_chart_each_figure_and_links_back(
    site: Built,
) -> None:
    plan, files, _ = site
    for part, quantity_id, views in quantities(plan):
        quantity = next(q for q in views.quantities if q.id == quantity_id)
        page = plan.pages[f"{_prefix(part)}estimates/{quantity_id}.md"]
        embed = str(files[embed_files(quantity_id, _prefix(part))[0]])
        text = html.unescape(embed)
        dispute = views.dispute(quantity)
        if dispute:
            assert "Disputed: " + value_label(dispute.low) in text
        else:
            assert "Headline: " + value_label(views.headline(quantity)) in text
        assert '<svg class="range-chart"' in embed  # the chart, inline
        for estimate in views.charted(quantity):
            for claimant in views.claimants_of(estimate):
                assert claimant.name in text
            source = views.corpus.source_by_id[estimate.source]
            assert source_line(source).removeprefix("Source: ") in text
        assert page.lastmod is not None and f"Updated {day_label(page.lastmod)}." in text
        back = f'href="{SITE_URL}{plan.url(page.path)}" target="_blank"'
        assert back in embed
        assert "md-header" not in embed and "<nav" not in embed  # no site navigation


def test_the_embed_loads_nothing_but_the_sites_own_files(site: Built) -> None:
    plan, files, _ = site
    for part, quantity_id, _ in quantities(plan):
        path = embed_files(quantity_id, _prefix(part))[0]
        embed = str(files[path])
        loaded = re.findall(r'<(?:script|img|iframe)[^>]* src="([^"]*)"', embed)
        loaded += re.findall(r'<link rel="stylesheet" href="([^"]*)"', embed)
        assert sorted(loaded) == ["../" * path.count("/") + a for a in EMBED_OWN], loaded
        assert "<style" not in embed and " style=" not in embed  # the strict policy's
        assert re.findall(r"<script(?![^>]* src=)", embed) == []  # no inline script


EMBED_OWN = ["assets/embed-frame.js", "assets/embed.css"]


def test_a_quantity_whose_every_estimate_is_withdrawn_has_no_embed(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURES / "corpus", facts)
    plan, files, _ = build(facts, SITE_URL)
    _, quantity_id, views = next(quantities(plan))
    assert set(embed_files(quantity_id)) <= set(files)
    estimates = views.estimates_by_quantity[quantity_id]
    for path in facts.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for estimate in estimates:
            text = text.replace(
                f"  - id: {estimate.id}\n",
                f"  - id: {estimate.id}\n    withdrawn:\n      date: 2031-03-30\n"
                "      reason: The article corrected it.\n",
            )
        path.write_text(text, encoding="utf-8")
    checked = check_facts(facts, today=TODAY)
    assert checked.ok, [str(d) for d in checked.diagnostics]
    plan = plan_site(checked.corpus, SiteOptions(site_url=SITE_URL, docs_pages=DOCS_PAGES))
    files = site_renderer(checked.corpus, plan).files()
    assert not set(embed_files(quantity_id)) & set(files)
    assert not plan.pages[f"estimates/{quantity_id}.md"].oembed


# --- _headers: who may frame what


def header_rules(text: str) -> list[tuple[str, dict[str, str]]]:
    """A `_headers` file as (path pattern, headers) rules, in order."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, value = line.strip().split(":", 1)
            assert rules, f"a header before any path: {line!r}"
            rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules: list[tuple[str, dict[str, str]]], path: str) -> dict[str, list[str]]:
    """Every value of each header the rules matching a request path set: one value a
    header means Netlify (a later rule replaces) and Cloudflare Pages (rules are
    joined) send the same."""
    found: dict[str, list[str]] = {}
    for pattern, values in rules:
        matched = path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern
        if matched:
            for name, value in values.items():
                found.setdefault(name, []).append(value)
    return found


def served(path: str) -> list[str]:
    """The request paths a built HTML file (from the site's root) is served at."""
    if path == "index.html":
        return ["/", "/index.html"]
    if path.endswith("/index.html"):
        return ["/" + path.removesuffix("index.html"), "/" + path]
    return ["/" + path]


def html_files(plan: Plan, files: dict[str, str | bytes]) -> list[str]:
    """Every HTML file of a built site: the plan's pages, the hand-written ones, the
    engine's 404 page and the embeds."""
    urls = [plan.url(p) for p in [*plan.pages, *plan.options.docs_pages]]
    built = [u + "index.html" if u.endswith("/") or not u else u for u in urls]
    return [*built, "404.html", *(p for p in files if p.endswith(".html"))]


def check_framing(rules: list[tuple[str, dict[str, str]]], pages: list[str]) -> int:
    """Embeds framed by any site, every other page by none; returns the embeds seen."""
    embeds = 0
    for page in pages:
        for path in served(page):
            sent = headers_for(rules, path)
            assert sent["X-Content-Type-Options"] == ["nosniff"], path
            if "embed" in page.split("/"):
                embeds += 1
                policy = sent["Content-Security-Policy"]
                assert len(policy) == 1 and policy[0].endswith("frame-ancestors *"), path
                assert "default-src 'self'" in policy[0], path
                assert "X-Frame-Options" not in sent, path
            else:
                assert sent["Content-Security-Policy"] == ["frame-ancestors 'none'"], path
                assert sent["X-Frame-Options"] == ["DENY"], path
    return embeds


@pytest.mark.parametrize("directory_urls", [True, False])
def test_headers_let_any_site_frame_the_embeds_and_no_site_frame_another_page(
    site: Built, directory_urls: bool
) -> None:
    plan, files, _ = site
    if not directory_urls:
        checked = check_facts(_corpus_of(plan), today=TODAY)
        options = SiteOptions(site_url=SITE_URL, docs_pages=DOCS_PAGES, directory_urls=False)
        plan = plan_site(checked.corpus, options)
        files = site_renderer(checked.corpus, plan).files()
    rules = header_rules(str(files["_headers"]))
    pages = html_files(plan, files)
    assert check_framing(rules, pages) == 2 * len(list(quantities(plan)))


def _corpus_of(plan: Plan) -> Path:
    return FIXTURES / ("two-briefings" if plan.parts else "corpus")


def test_a_rule_that_would_frame_every_page_is_caught() -> None:
    """The check above fails on a `_headers` whose embed rule also covers other pages."""
    text = headers(["index.md", "estimates/ships.md"], [])
    broken = text.replace("/embed/*", "/*", 1)
    with pytest.raises(AssertionError):
        check_framing(header_rules(broken), ["index.html", "estimates/ships/index.html"])
    check_framing(header_rules(text), ["index.html", "estimates/ships/index.html"])


# --- through the engine: the head's oEmbed link, and the files in the built site


_OEMBED_LINK = re.compile(
    r'<link rel="alternate" type="application/json\+oembed" href="([^"]*)" title="([^"]*)">'
)


@pytest.mark.slow
def test_the_built_quantity_pages_offer_oembed_discovery_and_the_embeds_are_there(
    tmp_path: Path,
) -> None:
    site = _built_site(tmp_path, "mkdocs", SITE_URL="https://briefing.example.org/nk/")
    linked = 0
    for page in sorted((site / "estimates").glob("*/index.html")):
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        found = _OEMBED_LINK.findall(head)
        quantity_id = page.parent.name
        if not (site / "embed" / quantity_id).is_dir():
            assert found == [], page
            continue
        linked += 1
        [(href, title)] = found
        assert href == f"https://briefing.example.org/nk/embed/{quantity_id}/oembed.json"
        described = json.loads((site / urlsplit(href).path.removeprefix("/nk/")).read_text())
        assert described["title"].endswith(html.unescape(title))  # "Estimates of" the page's
        assert (site / "embed" / quantity_id / "index.html").is_file()
    assert linked >= 5
    # The framing rules cover every HTML file the engine wrote.
    rules = header_rules((site / "_headers").read_text(encoding="utf-8"))
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    assert check_framing(rules, pages) == 2 * linked


@pytest.mark.slow
def test_without_an_address_no_page_offers_oembed(tmp_path: Path) -> None:
    """oEmbed consumers fetch the description from elsewhere: without the site's address
    there is none to give (and Material would fetch a sitemap.xml beside it)."""
    site = _built_site(tmp_path, "mkdocs", SITE_URL="")
    for page in site.rglob("*.html"):
        assert "application/json+oembed" not in page.read_text(encoding="utf-8"), page


@pytest.mark.slow
def test_a_projects_own_headers_file_is_published_in_place_of_the_builds(
    tmp_path: Path,
) -> None:
    """A `_headers` in the docs folder (as docs/security.md once advised) is the
    project's choice: the build keeps it, says so, and writes none of its own; export
    keeps it too."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "site_src", project / "site_src")
    shutil.copytree(FIXTURES / "corpus", project / "facts")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    own = "/*\n  X-Frame-Options: SAMEORIGIN\n"
    (project / "site_src" / "_headers").write_text(own, encoding="utf-8")
    env = {**os.environ, "BRIEFING_TODAY": "2031-04-01"}
    for command, written in (
        (["build", "--site-dir", str(tmp_path / "site")], tmp_path / "site" / "_headers"),
        (["export", str(tmp_path / "tree")], tmp_path / "tree" / "docs" / "_headers"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "generator", *command],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert written.read_text(encoding="utf-8") == own
        assert "site_src/_headers is the project's own, so the build writes none" in result.stderr
    assert (tmp_path / "site" / "embed").is_dir()
