"""The renderer's parts (generator/render/): each job in its module, and a site's
renderers working together through public, typed interfaces only: one `Position` (the
page and fact being rendered) and one `ItemCache` (the fact items made) shared by all."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from generator import wording
from generator.corpus import FactRecord
from generator.pipeline import check_facts
from generator.plan import SiteOptions, plan_site
from generator.render import Renderer, data, site_renderer
from generator.render.notes import Notes
from tests.conftest import CORPUS, TODAY
from tests.test_briefings import DOCS, TWO

RENDER = Path(__file__).resolve().parents[1] / "generator" / "render"


def _private_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """`x._name` where `x` is not `self`, `cls` or `super()`: another object's private
    field or method (dunders aside)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        name = node.attr
        if not name.startswith("_") or (name.startswith("__") and name.endswith("__")):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls", "__self"):
            continue
        if isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "super":
            continue
        found.append((node.lineno, ast.unparse(node)))
    return found


def test_no_part_of_the_renderer_touches_another_objects_private_fields() -> None:
    found = {
        path.name: uses
        for path in sorted(RENDER.glob("*.py"))
        if (uses := _private_uses(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}


def test_the_private_field_check_finds_one() -> None:
    assert _private_uses(ast.parse("owner._pieces[fact.id] = pieces")) == [(1, "owner._pieces")]
    assert _private_uses(ast.parse("self._pieces = {}; super()._output(x)")) == []


def test_every_render_module_says_what_it_holds() -> None:
    for path in RENDER.glob("*.py"):
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path.name


def _two_briefings() -> tuple[Renderer, Any]:
    corpus = check_facts(TWO, today=TODAY).corpus
    plan = plan_site(corpus, SiteOptions(docs_pages=DOCS))
    renderer = site_renderer(corpus, plan)
    plan.files |= {*renderer.files(), "build.json"}
    return renderer, plan


def test_a_broken_link_in_another_briefings_fact_is_reported_at_the_page_showing_it() -> None:
    """A fact of the harbour briefing on a page of the site (its article's) is written
    by the harbour's renderer; its broken link names the fact and that page."""
    renderer, plan = _two_briefings()
    del plan.pages["harbour/topics/traffic.md"]  # the harbour facts' home page
    renderer.page(plan.pages["sources/gazette-2031-03-14.md"])
    problems = [str(p) for p in renderer.problems]
    assert problems, "the broken link was not reported"
    assert all("harbour/facts.yaml" in p for p in problems), problems
    assert any(
        "fact authority-ships-february on sources/gazette-2031-03-14.md links to "
        "topics/traffic.md#authority-ships-february, which the site does not have" in p
        for p in problems
    ), problems


def test_each_fact_item_is_rendered_once_in_a_site_of_several_briefings() -> None:
    """However many pages and renderers show a fact, its item's macro runs once, in
    its own briefing's renderer; every page takes it from the shared cache."""
    renderer, _ = _two_briefings()
    made: Counter[tuple[str, str]] = Counter()
    for name, each in [("", renderer), *renderer.parts.items()]:
        macros = each.renderings.macros
        original = macros.fact_item

        def counted(fact: FactRecord, _name: str = name, _macro: Any = original) -> Any:
            made[_name, fact.id] += 1
            return _macro(fact)

        macros.fact_item = counted
    pages = renderer.pages()
    assert renderer.problems == []
    corpus = renderer.corpus
    assert made == Counter({(corpus.part(f), f.id): 1 for f in corpus.facts})
    # a fact's item on the site's own page, with its link into its own briefing
    in_context = 'href="../../harbour/topics/traffic/#authority-ships-february"'
    assert in_context in pages["sources/gazette-2031-03-14.md"]
    assert set(renderer.items()) == {f.id for f in corpus.facts}


def test_renderers_that_do_not_share_the_sites_position_are_refused() -> None:
    """A briefing's renderer with its own Position would report its broken links at
    no page, and render its items again: a site's renderers are made together."""
    corpus = check_facts(TWO, today=TODAY).corpus
    plan = plan_site(corpus, SiteOptions(docs_pages=DOCS))
    parts = {
        name: Renderer(part.corpus, plan, part.views, name) for name, part in plan.parts.items()
    }
    with pytest.raises(ValueError, match="site_renderer"):
        Renderer(corpus.site_corpus("Freedonia"), plan, plan.views, parts=parts)


def test_footnotes_are_numbered_in_the_order_a_page_first_refers_to_them() -> None:
    notes = Notes(lambda key: Markup(wording.counted(len(key), "letter")))  # any content
    first = notes.ref("b-source")
    assert first == (
        '<sup id="fnref:b-source"><a class="footnote-ref" href="#fn:b-source">1</a></sup>'
    )
    assert notes.ref("a-source").endswith(">2</a></sup>")
    assert notes.ref("b-source") == '<sup><a class="footnote-ref" href="#fn:b-source">1</a></sup>'
    assert [(n.key, n.number, n.content) for n in notes.entries] == [
        ("b-source", 1, "8 letters"),
        ("a-source", 2, "8 letters"),
    ]


def test_the_downloads_words_come_from_the_wording_module() -> None:
    """Every column a download can have is described in `wording.COLUMN_WORDS`, and
    the Data Package says what wording says."""
    corpus = check_facts(CORPUS, today=TODAY).corpus
    several = check_facts(TWO, today=TODAY).corpus
    columns = {c for each in (corpus, several) for group in data.columns(each) for c in group}
    assert columns <= set(wording.COLUMN_WORDS)
    assert {n: words for n, (_, words) in data.FIELDS.items()} == wording.COLUMN_WORDS
