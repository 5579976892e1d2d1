"""Render the planned pages as HTML, and the site's other files; no MkDocs needed.

`Renderer.page()` turns a page of a `Plan` into the HTML of its body, through
Jinja templates with autoescaping: every value from a fact file is escaped once,
as HTML, where it lands. Templates write links with `url(path, anchor)`, which
checks each against the plan (a broken one becomes a located diagnostic) and
writes it from the site's root behind `ROOT`; a page's `ROOT` becomes its own way
back to the root once the page is complete (`Plan.root`).

A fact shows on many pages (its topics, the timelines, its article's, its
claimants' and its day's pages), so its item is rendered once, each page takes
the optional pieces it asks for, and only its footnote reference, numbered per
page, is put in per use (`Renderer.fact_item`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from generator.corpus import Corpus, FactRecord
from generator.dates import FuzzyDate
from generator.diagnostics import Diagnostic, Location, error
from generator.model import Claimant, Estimate, Quantity, Source
from generator.plan import (
    ASSET_FILES,
    Heading,
    Page,
    Part,
    Plan,
    SiteOptions,
    plain_summary,
    plan_site,
)
from generator.render import charts, data, jsonld
from generator.render.jinja import CompiledTemplates, environment
from generator.views import Views, sort_value, when_of
from generator.wording import (
    MIXED_MEASURES_WORDS,
    as_of_words,
    attributed,
    counted,
    date_words,
    day_label,
    full_stop,
    measure_words,
    period_label,
    published,
    value_label,
    when_words,
)

__all__ = ["ASSET_FILES", "Renderer", "SiteOptions", "render_site", "site_renderer"]

ASSETS = Path(__file__).parent / "assets"
# Templates whose pages show nothing of the facts but what the page's plan holds (its
# data, headings and claims) and what `Renderer.frame` describes: a rebuild whose frame
# is unchanged keeps such a page when its plan is unchanged (`generate.Reuse`). Pages
# of other templates (summaries citing facts, the home page's figures, indexes, the
# timeline's filters) are always rendered again.
SELF_CONTAINED = frozenset(
    {"claimant.html.j2", "source.html.j2", "known.html.j2", "part.html.j2", "quantity.html.j2"}
)

# Links are written from the site's root behind ROOT, which each page replaces with
# its own way back to the root; fact files cannot hold it (control characters are refused).
ROOT = "\x00"
_ROOT_UTF8 = ROOT.encode()
# The optional pieces of a fact item, as `fact_item` in _macros.html.j2 marks them.
PIECES = types.SimpleNamespace(
    **{name: Markup(f"\x01{name}\x02") for name in ("anchor", "context")},
    note=Markup("\x01note\x02\x03"),
    end=Markup("\x03"),
)
_NOTE = "\x04"  # where a fact item takes the page's footnote reference
_PIECE = re.compile("\x01([a-z]+)\x02(.*?)\x03", re.S)
# Styles and scripts the pages need, added to the site by the plugin and by export.
# A footnote reference, as Python-Markdown's footnotes write it (Material's tooltips read
# it); the first reference to a note has the id its note leads back to.
_REF = '<sup{id}><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>'

_new_str = str.__new__
as_markup: Callable[[str], Markup] = functools.partial(_new_str, Markup)


class Note(NamedTuple):
    key: str
    number: int
    content: Markup


class Notes:
    """A page's footnotes, numbered in the order the page first refers to them."""

    def __init__(self, content: Callable[[str], Markup]) -> None:
        self._content = content
        self._numbers: dict[str, int] = {}
        self._again: dict[str, str] = {}  # each note's later references, written once

    def ref(self, key: str) -> str:
        again = self._again.get(key)
        if again is not None:
            return again
        number = self._numbers[key] = len(self._numbers) + 1
        self._again[key] = _REF.format(id="", key=key, number=number)
        return _REF.format(id=f' id="fnref:{key}"', key=key, number=number)

    @property
    def entries(self) -> list[Note]:
        return [Note(key, number, self._content(key)) for key, number in self._numbers.items()]


class Renderer:
    """Renders one briefing's pages; in a site of several, the site's own pages, with a
    `Renderer` of each briefing (`parts`) for that briefing's pages and for its facts
    wherever they appear (so that their links lead into their own briefing)."""

    def __init__(
        self,
        corpus: Corpus,
        plan: Plan,
        views: Views | None = None,
        part: str = "",
        parts: dict[str, Renderer] | None = None,
        compiled: CompiledTemplates | None = None,
    ) -> None:
        self.corpus, self.plan = corpus, plan
        self.options = plan.options
        self.views = views or Views(corpus, self.options.page_limit)
        self.prefix = f"{part}/" if part else ""
        self.parts = parts or {}
        self.env = environment(compiled)
        self.env.globals.update(self._globals())
        self._macros: Any = self.env.get_template("_macros.html.j2").module
        self._problems: list[Diagnostic] = []
        self._page: Page | None = None
        self._fact: FactRecord | None = None  # the fact whose item is being rendered
        self._notes = Notes(self._note_content)
        self._urls: dict[str, str] = {}
        self._pieces: dict[str, list[tuple[str, str]]] = {}  # a fact item's, by fact id
        self._items: dict[tuple[str, bool, bool], tuple[str, str]] = {}  # by variant
        self._once: dict[tuple[str, str], Markup] = {}
        self._reported: dict[tuple[tuple[str, ...], str], str] = {}  # by claimants, article
        self._attributions: dict[tuple[tuple[str, ...], str | None], Markup] = {}
        self._time_tags: dict[FuzzyDate, Markup] = {}

    def _globals(self) -> dict[str, Any]:
        corpus = self.corpus
        return {
            "corpus": corpus,
            "views": self.views,
            "briefing": corpus.briefing,
            "claimants": corpus.claimant_by_id,
            "sources": corpus.source_by_id,
            "topics": corpus.topic_by_id,
            "status_words": {k: s.words for k, s in corpus.vocabulary.statuses.items()},
            "kind_words": {k: t.heading for k, t in corpus.vocabulary.claimant_kinds.items()},
            "feed_entries": data.FEED_ENTRIES,
            "mixed_measures_words": MIXED_MEASURES_WORDS,
            "value_label": value_label,
            "counted": counted,
            "full_stop": full_stop,
            "measure_words": measure_words,
            "when_of": when_of,
            "when_words": when_words,
            "date_words": date_words,
            "as_of_words": as_of_words,
            "sort_value": sort_value,
            "published": published,
            "day_label": day_label,
            "period_label": period_label,
            "url": self.url,
            "note_ref": self.note_ref,
            "summary": self.summary,
            "cite": self.cite,
            "attributed": attributed,
            "kind_label": self.kind_label,
            "fact_items": self.fact_items,
            "fact_url": self.fact_url,
            "summary_text": plain_summary,
            "briefing_card": self.briefing_card,
            "attribution": self.attribution,
            "claimant_link": self.claimant_link,
            "forge": self.forge,
            "piece": PIECES,
            "time_tag": self.time_tag,
            "chart": self.chart,
            "step_chart": self.step_chart,
        }

    # --- links

    @property
    def problems(self) -> list[Diagnostic]:
        """Broken links, at the facts whose items made them, in every briefing."""
        return [*self._problems, *(p for r in self.parts.values() for p in r.problems)]

    def _owner(self, record: FactRecord) -> Renderer:
        """The renderer of a fact's own briefing (this one for a site of one)."""
        return self.parts.get(self.corpus.part(record), self) if self.parts else self

    def url(self, path: str, anchor: str = "") -> Markup:
        """A link to a page or file of the site (its path in the docs folder), checked.
        A briefing of a site of several links to its own page or file of that path, or
        else to the site's (`sources/…`, hand-written pages)."""
        if self.prefix:
            local = self.prefix + path
            if local in self.plan.pages or local in self.plan.files:
                path = local
        anchors = self.plan.anchors(path)
        if anchors is None and path not in self.plan.files:
            target = f"{path}#{anchor}" if anchor else path
            self._broken(f"links to {target}, which the site does not have")
        elif anchor and anchors is not None and anchor not in anchors:
            self._broken(f"links to {path}#{anchor}, which that page does not have")
        address = self._urls.get(path)
        if address is None:
            address = self._urls[path] = ROOT + (self.plan.url(path) or "./")
        return as_markup(f"{address}#{anchor}" if anchor else address)

    def _broken(self, what: str) -> None:
        page = self._page.path if self._page else "a page"
        if self._fact is not None:
            where, whose = self._fact.loc, f"fact {self._fact.id} on {page}"
        else:
            where, whose = Location(page), page
        self._problems.append(error(where, "broken-link", f"{whose} {what}"))

    def frame(self) -> tuple[Any, ...]:
        """What a page of a SELF_CONTAINED template shows besides its plan: the records
        other than facts (names, titles, articles), the options, every page with its
        anchors (which also say where each fact lives: its anchor is on its home page)
        and every file (what links lead to), and each briefing's records. Call once the
        plan is complete."""
        corpus, plan = self.corpus, self.plan
        return (
            dataclasses.replace(self.options, history=None),  # What changed is not one
            corpus.briefings,
            corpus.sources,
            corpus.claimants,
            corpus.topics,
            corpus.quantities,
            corpus.part_of_file,
            {path: page.anchors for path, page in plan.pages.items()},
            plan.files,
            {n: (r.corpus.sources, r.corpus.claimants) for n, r in self.parts.items()},
        )

    def items(self) -> dict[str, tuple[FactRecord, list[tuple[str, str]]]]:
        """Each fact item rendered so far, in every briefing: its fact and its pieces."""
        found: dict[str, tuple[FactRecord, list[tuple[str, str]]]] = {}
        for renderer in (self, *self.parts.values()):
            by_id = renderer.corpus.fact_by_id
            found |= {i: (by_id[i], pieces) for i, pieces in renderer._pieces.items()}
        return found

    def reuse_items(self, before: dict[str, tuple[FactRecord, list[tuple[str, str]]]]) -> None:
        """Take the items of `before` (another renderer's `items()`, made with the same
        frame) whose facts did not change."""
        for fact in self.corpus.facts:
            old = before.get(fact.id)
            if old is not None and (old[0] is fact or old[0] == fact):
                self._owner(fact)._pieces[fact.id] = old[1]

    # --- what templates call

    def note_ref(self, source_id: str) -> Markup:
        """A reference to the footnote that cites an article."""
        return as_markup(self._notes.ref(source_id))

    def _note_content(self, key: str) -> Markup:
        if key.startswith("c-"):  # a summary's citation of a fact
            fact = self.corpus.fact_by_id[key[2:]]
            return self._owner(fact)._rendered("citation_line", fact)
        return self._rendered("source_note_line", self.corpus.source_by_id[key])

    def fact_item(self, fact: FactRecord, anchor: bool = True, context: bool = True) -> Markup:
        """The `fact_item` macro with the pieces a page asks for (see the macro)."""
        item = self._items.get((fact.id, anchor, context))
        if item is None:
            item = self._new_item(fact, anchor, context)
        before, after = item
        return as_markup("".join((before, self._notes.ref(fact.source), after)))

    def fact_items(
        self, facts: list[FactRecord], anchor: bool = True, home: str | None = None
    ) -> Markup:
        """`fact_item` for each fact, one per line; with `home` (a topic id), the link to a
        fact's home page is left out where that topic is its home."""
        items, ref, home_topic = self._items, self._notes.ref, self.views.home_topic
        out: list[str] = []
        for fact in facts:
            context = home is None or home_topic(fact) != home
            item = items.get((fact.id, anchor, context))
            if item is None:
                item = self._new_item(fact, anchor, context)
            out += ("\n", item[0], ref(fact.source), item[1])
        return as_markup("".join(out[1:]))

    def _new_item(self, fact: FactRecord, anchor: bool, context: bool) -> tuple[str, str]:
        """A variant of a fact's item, kept for the next use: rendered by the renderer
        of the fact's own briefing, so that its links lead into that briefing."""
        owner = self._owner(fact)
        owner._page = self._page  # where a broken link in the item is reported
        item = self._items[fact.id, anchor, context] = owner._variant(fact, anchor, context)
        return item

    def _variant(self, fact: FactRecord, anchor: bool, context: bool) -> tuple[str, str]:
        """A fact item with the pieces asked for, as the text before and after its
        footnote reference; the macro is rendered once per fact."""
        pieces = self._pieces.get(fact.id)
        if pieces is None:
            outer, self._fact = self._fact, fact
            html = str(self._macros.fact_item(fact))
            self._fact = outer
            cut = _PIECE.split(html)  # [text, name, piece, text, name, piece, ..., text]
            pieces = [("", cut[0])]
            for i in range(1, len(cut), 3):
                pieces += [(cut[i], cut[i + 1]), ("", cut[i + 2])]
            self._pieces[fact.id] = pieces
        wanted = {"", "anchor" if anchor else "", "context" if context else ""}
        text = "".join(t if n in wanted else _NOTE * (n == "note") for n, t in pieces)
        before, _, after = text.partition(_NOTE)
        return before, after

    def fact_url(self, fact: FactRecord) -> Markup:
        """A link to a fact on its home page, in its own briefing."""
        owner = self._owner(fact)
        return owner.url(owner.views.fact_page(fact) + ".md", fact.id)

    def briefing_card(self, heading: Heading, part: Part) -> Markup:
        """A briefing of a site of several as the hub lists it (`briefing_card` in
        _macros.html.j2), rendered by that briefing's renderer, with this page's notes."""
        renderer = self.parts[part.name]
        renderer._notes = self._notes
        return Markup(renderer._macros.briefing_card(heading, part))

    def forge(self, fact: FactRecord) -> tuple[str, str] | None:
        """Where to edit a fact's file on the forge, and to see it at the fact's line."""
        options = self.options
        if not options.edit_url:
            return None
        path = Path(fact.loc.path)
        if options.project:
            try:
                path = path.resolve().relative_to(Path(options.project).resolve())
            except ValueError:
                return None
        name = path.as_posix()
        return options.edit_url + name, f"{options.view_url}{name}#L{fact.loc.line}"

    def attribution(self, fact: FactRecord) -> Markup:
        """Who a fact is attributed to, rendered once per claimants and relay (many
        facts share them)."""
        key = (tuple(fact.claimant), fact.via)
        html = self._attributions.get(key)
        if html is None:
            outer, self._fact = self._fact, fact
            html = self._attributions[key] = self._macros.attribution_line(fact)
            self._fact = outer
        return html

    def claimant_link(self, claimant: Claimant) -> Markup:
        return self._rendered("claimant_link_html", claimant)

    def time_tag(self, when: FuzzyDate) -> Markup:
        """The `time` macro for a date, rendered once per date (dates repeat)."""
        tag = self._time_tags.get(when)
        if tag is None:
            tag = self._time_tags[when] = self._macros.time(when)
        return tag

    def _rendered(self, macro: str, record: FactRecord | Source | Claimant) -> Markup:
        """A macro of _macros.html.j2 for one record, rendered once for every page."""
        key = (macro, record.id)
        html = self._once.get(key)
        if html is None:
            outer = self._fact
            if not isinstance(record, (Source, Claimant)):
                self._fact = record
            html = self._once[key] = getattr(self._macros, macro)(record)
            self._fact = outer
        return html

    def summary(self, text: str) -> Markup:
        """Editors' summary: paragraphs and emphasis kept, [@fact-id] as footnotes."""
        return summary_html(text, lambda fact_id: self._notes.ref(f"c-{fact_id}"))

    def cite(self, fact: FactRecord) -> str:
        """How to cite a fact: who said it, reported by which publisher, when; the
        publisher once when it speaks for itself (views.attributed). Put together once
        per claimants and article."""
        key = (tuple(fact.claimant), fact.source)
        line = self._reported.get(key)
        if line is None:
            source = self.corpus.source_by_id[fact.source]
            line = self._reported[key] = attributed(self.views.claimants_of(fact), source) + "."
        return line

    def kind_label(self, fact: FactRecord) -> str:
        kinds: list[Claimant] = self.views.claimants_of(fact)
        return ", ".join(dict.fromkeys(c.kind.replace("-", " ") for c in kinds))

    def chart(self, quantity: Quantity, estimates: list[Estimate]) -> Markup:
        names = {e.id: " and ".join(c.name for c in self.views.claimants_of(e)) for e in estimates}
        layout = charts.range_chart(estimates, names)
        return Markup(
            self.env.get_template("chart.svg.j2").render(
                chart=layout,
                id=quantity.id,
                title=f"Estimates of {quantity.label}",
                desc="; ".join(mark.label for mark in layout.marks),
            )
        )

    def step_chart(self, quantity: Quantity) -> Markup | None:
        """The step chart of the headline by day of reporting (None for a single day)."""
        history = self.views.headline_by_day(quantity)
        if len(history) < 2:
            return None
        points = []
        for day, estimate in history:
            who = " and ".join(c.name for c in self.views.claimants_of(estimate))
            source = self.corpus.source_by_id[estimate.source]
            points.append(
                (
                    f"{day.day} {day:%b %Y}",
                    sort_value(estimate),
                    f"{who} ({source.publisher})",
                    value_label(estimate),
                )
            )
        layout = charts.step_chart(points)
        return Markup(
            self.env.get_template("steps.svg.j2").render(
                chart=layout,
                id=quantity.id,
                title=f"Headline estimate of {quantity.label} by date of reporting",
                desc="; ".join(step.label for step in layout.steps),
            )
        )

    # --- pages

    def page(self, page: Page) -> str:
        """The HTML of one page's body."""
        return self._body(page).replace(ROOT, self.plan.root(page.path))

    def page_utf8(self, page: Page) -> bytes:
        """`page()` as UTF-8; its way back to the root is put in after encoding, where
        replacing is several times faster (no UTF-8 sequence holds a 0 byte)."""
        root = self.plan.root(page.path).encode()
        return self._body(page).encode().replace(_ROOT_UTF8, root)

    def _body(self, page: Page) -> str:
        """A page's HTML with its links from the site's root behind ROOT (written by
        its briefing's renderer, in a site of several)."""
        if page.part and page.part in self.parts:
            return self.parts[page.part]._body(page)
        self._page, self._notes = page, Notes(self._note_content)
        site_url = self.options.site_url.rstrip("/") + "/" if self.options.site_url else "/"
        page_url = site_url + self.plan.url(page.path) if self.options.site_url else ""
        block = jsonld.page_block(
            self.corpus, site_url, page.claims, page.data.get("source"), page_url
        )
        html = self.env.get_template(page.template).render(
            page=page, notes=self._notes, jsonld=block, **page.data
        )
        self._page = None
        return html

    def pages(self) -> dict[str, str]:
        return {path: self.page(page) for path, page in self.plan.pages.items()}

    def files(self) -> dict[str, str | bytes]:
        """The site's files other than pages: data downloads, the feed and assets; and
        in a site of several briefings, each briefing's downloads and feed too."""
        result: dict[str, str | bytes] = {}
        for renderer in self.parts.values():
            result |= {renderer.prefix + k: v for k, v in renderer.downloads().items()}
        result |= self.downloads()
        for path in (*ASSET_FILES["css"], *ASSET_FILES["js"]):
            result[path] = (ASSETS / Path(path).name).read_text(encoding="utf-8")
        return result

    def downloads(self) -> dict[str, str | bytes]:
        """The data downloads and the feed of this renderer's briefing (or site)."""
        result: dict[str, str | bytes] = dict(data.downloads(self.corpus, self.views))
        result["feed.xml"] = data.feed(
            self.corpus, self.env, self.options, self._feed_page, self.prefix
        )
        return result

    def _feed_page(self, fact: FactRecord) -> str:
        """A fact's page, from the site's root without ".md", for the feed."""
        owner = self._owner(fact)
        return owner.prefix + owner.views.fact_page(fact)


_CITATION = re.compile(r"\[@([a-z0-9-]+)\]")
_STRONG = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])")


def summary_html(text: str, cite: Callable[[str], str]) -> Markup:
    """Editors' summary as HTML: paragraphs, **strong** and *emphasis* kept, every
    other character text; `cite(fact_id)` gives the reference for a [@fact-id]."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        pieces = _CITATION.split(" ".join(paragraph.split()))
        for i in range(0, len(pieces), 2):
            escaped = str(escape(pieces[i]))
            escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
            pieces[i] = _EMPHASIS.sub(r"<em>\2</em>", escaped)
        for i in range(1, len(pieces), 2):
            pieces[i] = cite(pieces[i])
        out.append(f"<p>{''.join(pieces)}</p>")
    return as_markup("\n".join(out))


def render_errors(lines: list[str]) -> str:
    """For a live preview of broken facts: the page shown in place of every page."""
    return environment().get_template("errors.html.j2").render(lines=lines)


def dataset_jsonld(
    corpus: Corpus, options: SiteOptions | None = None, views: Views | None = None
) -> str:
    """The briefing's schema.org Dataset block, for the head of the home page."""
    site_url = options.site_url.rstrip("/") + "/" if options and options.site_url else "/"
    return str(jsonld.dataset_block(corpus, site_url, views))


def site_renderer(
    corpus: Corpus, plan: Plan, compiled: CompiledTemplates | None = None
) -> Renderer:
    """The renderer of a planned site: of its one briefing, or of a site of several,
    with a renderer for each briefing (`compiled`: where compiled templates are kept)."""
    if not plan.parts:
        return Renderer(corpus, plan, plan.views, compiled=compiled)
    parts = {
        name: Renderer(part.corpus, plan, part.views, part=name, compiled=compiled)
        for name, part in plan.parts.items()
    }
    site = plan.views.corpus if plan.views else corpus.site_corpus(plan.options.title)
    return Renderer(site, plan, plan.views, parts=parts, compiled=compiled)


def render_site(corpus: Corpus, options: SiteOptions | None = None) -> dict[str, str | bytes]:
    """Every page body and file of the site, for a corpus that passed the checker."""
    plan = plan_site(corpus, options)
    renderer = site_renderer(corpus, plan)
    files = renderer.files()
    return {**renderer.pages(), **files}


def build_time(corpus: Corpus, options: SiteOptions) -> datetime:
    if options.build_time:
        return options.build_time
    newest = max((s.published_day for s in corpus.sources), default=None)
    if newest is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return datetime(newest.year, newest.month, newest.day, tzinfo=UTC)
