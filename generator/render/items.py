"""A fact's item, rendered once and reused on every page that shows the fact; and the
other lines many items share, each rendered once: attributions, citations, claimant
links, footnote lines and dates' `<time>` tags.

A fact shows on many pages (its topics, the timelines, its article's, its claimants'
and its day's pages). Its item (`fact_item` in _macros.html.j2) is rendered once, by
the renderer of the fact's own briefing (so that its links lead into that briefing),
with its optional pieces marked (`PIECES`: its anchor and permalink, the link to its
home page). Each page takes the variant it asks for (`FactItems.variant`) and puts in
its own footnote reference, numbered per page (`Renderer.fact_item`).

The items of a site are kept in one `ItemCache`, shared by all its renderers; a live
preview's rebuild takes the items of unchanged facts from the last build (`reuse.py`).
"""

from __future__ import annotations

import functools
import re
import types
from typing import Any

import jinja2
from markupsafe import Markup

from generator.corpus import Corpus, FactRecord
from generator.dates import FuzzyDate
from generator.i18n import ENGLISH, Language
from generator.model import Claimant, Source
from generator.render.position import Position
from generator.views import Views
from generator.wording import attributed

# The optional pieces of a fact item, as `fact_item` in _macros.html.j2 marks them.
PIECES = types.SimpleNamespace(
    **{name: Markup(f"\x01{name}\x02") for name in ("anchor", "context")},
    note=Markup("\x01note\x02\x03"),
    end=Markup("\x03"),
)
_NOTE = "\x04"  # where a fact item takes the page's footnote reference
_PIECE = re.compile("\x01([a-z]+)\x02(.*?)\x03", re.S)

# A fact item as its pieces: (name, text), "" naming the text every variant has.
Pieces = list[tuple[str, str]]
# A variant of a fact item: the text before and after the page's footnote reference.
Variant = tuple[str, str]


class ItemCache:
    """The fact items a site's renderers have made, shared by them all: each fact's
    pieces with the fact they were made from (`pieces`, by fact id), and each variant
    pages asked for (`variants`, by fact id, anchor and context)."""

    def __init__(self) -> None:
        self.pieces: dict[str, tuple[FactRecord, Pieces]] = {}
        self.variants: dict[tuple[str, bool, bool], Variant] = {}


class FactItems:
    """One briefing's fact items and the lines they share, each rendered once for every
    page, through that briefing's `_macros.html.j2`."""

    def __init__(
        self,
        env: jinja2.Environment,
        corpus: Corpus,
        views: Views,
        position: Position,
        cache: ItemCache,
        language: Language = ENGLISH,
    ) -> None:
        self.env, self.corpus, self.views = env, corpus, views
        self.language = language
        self.position, self.cache = position, cache
        self._once: dict[tuple[str, str], Markup] = {}
        self._reported: dict[tuple[tuple[str, ...], str], str] = {}  # by claimants, article
        self._attributions: dict[tuple[tuple[str, ...], str | None], Markup] = {}
        self._time_tags: dict[FuzzyDate, Markup] = {}

    @functools.cached_property
    def macros(self) -> Any:
        """The module of _macros.html.j2 (made on first use: its macros call the
        environment's globals, which the renderer sets after making this)."""
        return self.env.get_template("_macros.html.j2").module

    def variant(self, fact: FactRecord, anchor: bool, context: bool) -> Variant:
        """A fact item with the pieces asked for, kept in the cache for the next use;
        the macro is rendered once per fact."""
        entry = self.cache.pieces.get(fact.id)
        if entry is None:
            position = self.position
            outer, position.fact = position.fact, fact
            html = str(self.macros.fact_item(fact))
            position.fact = outer
            cut = _PIECE.split(html)  # [text, name, piece, text, name, piece, ..., text]
            pieces = [("", cut[0])]
            for i in range(1, len(cut), 3):
                pieces += [(cut[i], cut[i + 1]), ("", cut[i + 2])]
            entry = self.cache.pieces[fact.id] = (fact, pieces)
        wanted = {"", "anchor" if anchor else "", "context" if context else ""}
        text = "".join(t if n in wanted else _NOTE * (n == "note") for n, t in entry[1])
        before, _, after = text.partition(_NOTE)
        item = self.cache.variants[fact.id, anchor, context] = (before, after)
        return item

    def attribution(self, fact: FactRecord) -> Markup:
        """Who a fact is attributed to, rendered once per claimants and relay (many
        facts share them)."""
        key = (tuple(fact.claimant), fact.via)
        html = self._attributions.get(key)
        if html is None:
            position = self.position
            outer, position.fact = position.fact, fact
            html = self._attributions[key] = self.macros.attribution_line(fact)
            position.fact = outer
        return html

    def cite(self, fact: FactRecord) -> str:
        """How to cite a fact: who said it, reported by which publisher, when; the
        publisher once when it speaks for itself (views.attributed). Put together once
        per claimants and article."""
        key = (tuple(fact.claimant), fact.source)
        line = self._reported.get(key)
        if line is None:
            source = self.corpus.source_by_id[fact.source]
            who = self.views.claimants_of(fact)
            line = self._reported[key] = attributed(who, source, self.language) + "."
        return line

    def time_tag(self, when: FuzzyDate) -> Markup:
        """The `time` macro for a date, rendered once per date (dates repeat)."""
        tag = self._time_tags.get(when)
        if tag is None:
            tag = self._time_tags[when] = self.macros.time(when)
        return tag

    def claimant_link(self, claimant: Claimant) -> Markup:
        return self._rendered("claimant_link_html", claimant)

    def citation_line(self, fact: FactRecord) -> Markup:
        """A fact's footnote, where an editors' summary cites it."""
        return self._rendered("citation_line", fact)

    def source_note_line(self, source: Source) -> Markup:
        """An article's footnote, where a fact it reported is shown."""
        return self._rendered("source_note_line", source)

    def _rendered(self, macro: str, record: FactRecord | Source | Claimant) -> Markup:
        """A macro of _macros.html.j2 for one record, rendered once for every page."""
        key = (macro, record.id)
        html = self._once.get(key)
        if html is None:
            position = self.position
            outer = position.fact
            if not isinstance(record, (Source, Claimant)):
                position.fact = record
            html = self._once[key] = getattr(self.macros, macro)(record)
            position.fact = outer
        return html
