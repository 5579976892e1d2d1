"""The "Cite this" box of a quantity's page: text, BibTeX and CSL-JSON to copy, each
as generator/citation.py makes it, each parsing with its usual library."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import bibtexparser
import pytest

from generator.pipeline import check_facts
from generator.plan import SiteOptions, plan_site
from generator.render import site_renderer
from tests.conftest import FIXTURES, TODAY

SITE_URL = "https://briefing.example.org/harbour/"
DOCS_PAGES = {"methodology.md": "# Methodology\n\n## The headline estimate\n"}
BOX = re.compile(r'<details class="cite-this">(.*?)</details>', re.S)
PRE = re.compile(r"<pre><code>(.*?)</code></pre>", re.S)


@pytest.fixture(scope="module", params=["corpus", "hong-kong-marches"])
def quantity_pages(request: pytest.FixtureRequest) -> list[tuple[Any, list[str], Any, str]]:
    """Each quantity page: its plan, the three blocks of its box, its views and its
    address."""
    checked = check_facts(FIXTURES / str(request.param), today=TODAY)
    assert checked.ok
    plan = plan_site(checked.corpus, SiteOptions(site_url=SITE_URL, docs_pages=DOCS_PAGES))
    renderer = site_renderer(checked.corpus, plan)
    found = []
    for path, page in plan.pages.items():
        if page.template != "quantity.html.j2":
            continue
        boxes = BOX.findall(renderer.page(page))
        assert len(boxes) == 1, path
        blocks = [html.unescape(b) for b in PRE.findall(boxes[0])]
        views = plan.parts[page.part].views if page.part else plan.views
        found.append((page, blocks, views, SITE_URL + plan.url(path)))
    assert found
    return found


def test_the_bibtex_on_the_page_parses_and_names_the_claimants(
    quantity_pages: list[tuple[Any, list[str], Any, str]],
) -> None:
    for page, (_, bibtex, _), views, address in quantity_pages:
        library = bibtexparser.parse_string(bibtex)
        assert not library.failed_blocks, [b.error for b in library.failed_blocks]
        (entry,) = library.entries
        quantity = page.data["quantity"]
        assert entry.key == f"quantity:{quantity.id}"
        fields = {f.key: str(f.value) for f in entry.fields}
        assert fields["url"] == address
        dispute = page.data["dispute"]
        shown = [dispute.low, dispute.high] if dispute else [page.data["headline"]]
        for estimate in shown:
            for claimant in views.claimants_of(estimate):
                assert claimant.name in fields["author"]


def test_the_text_and_csl_json_name_the_figures_and_the_page(
    quantity_pages: list[tuple[Any, list[str], Any, str]],
) -> None:
    for page, (text, _, csl), views, address in quantity_pages:
        quantity = page.data["quantity"]
        (item,) = json.loads(csl)
        assert item["id"] == f"quantity:{quantity.id}" and item["type"] == "dataset"
        assert item["URL"] == address
        assert quantity.label in text and item["URL"] in text
        headline = page.data["headline"]
        names = [c.name for c in views.claimants_of(headline)]
        if page.data["dispute"] is None:
            assert all(n in text for n in names)
            assert [a["literal"] for a in item["author"]] == names
