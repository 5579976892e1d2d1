"""Render a checked corpus into the site's pages: {path: content}, no MkDocs needed.

`render_site` returns every generated file, Markdown pages and data downloads
alike, keyed by its path inside the docs folder. The MkDocs plugin feeds them into
a build as in-memory files; `python -m generator export` writes them to disk.

One `Renderer` owns the Jinja environments: Markdown templates escape every value
as Markdown text (see `markdown.py`); SVG and XML templates escape it as markup.
Both use StrictUndefined, so a typo in a template fails the build.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup, escape

from generator.corpus import Corpus, FactRecord
from generator.dates import FuzzyDate
from generator.model import Claimant, Estimate, Source
from generator.render import charts, data, jsonld, markdown
from generator.render.markdown import as_markup
from generator.render.views import (
    KIND_WORDS,
    PAGE_LIMIT,
    STATUS_WORDS,
    Listing,
    Views,
    day_label,
    period,
    period_label,
    published,
    sort_value,
    value_label,
)

if TYPE_CHECKING:
    from generator.history import History

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
CITATION = re.compile(r"\[@([a-z0-9-]+)\]")
# Stands for a page's path to the docs root in cached fact items; fact files cannot
# hold it (control characters are refused).
ROOT_MARKER = "\x00root\x00"
PIECE = re.compile("\x01([a-z]+)\x02(.*?)\x03", re.S)  # an optional piece of a fact item
# Styles and scripts the pages need, added to the site by the plugin and by export.
ASSET_FILES = {"css": ["assets/briefing.css"], "js": ["assets/briefing.js"]}


@dataclass(frozen=True)
class SiteOptions:
    site_url: str = ""  # absolute URL of the published site, for the feed
    build_time: datetime | None = None  # None: the newest article's date
    history: History | None = None  # the facts' git history, for "What changed"
    page_limit: int = PAGE_LIMIT  # facts on one page; longer lists get a page per year


def _yaml_string(value: object) -> Markup:
    """A value as a double-quoted YAML string, for page front matter.

    The theme prints a page's front-matter title as HTML, unescaped (in <title> and
    the header), so the text is HTML-escaped here, then quoted for YAML.
    """
    text = " ".join(str(escape(str(value))).split())
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return Markup(f'"{text}"')


class _MarkdownCodeGenerator(CodeGenerator):
    """Compiles `{{ value }}` to `finalize(value)` where autoescape would make it
    `escape(finalize(value))`: `markdown.text` escapes every value and returns Markup,
    so `escape` could only copy it again (a site makes hundreds of thousands of
    those calls). Macros and literal text stay Markup, as with plain autoescape.
    """

    def _finalized_only(self, frame: Frame, finalize: Any) -> bool:
        ctx = frame.eval_ctx
        return finalize.src is not None and bool(ctx.autoescape) and not ctx.volatile

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._finalized_only(frame, finalize):
            self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._finalized_only(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


# Callables that take no context: what templates call (globals, methods, macros).
_PLAIN_CALLABLES = (
    types.FunctionType,
    types.MethodType,
    types.BuiltinMethodType,
    jinja2.runtime.Macro,
)


class _Context(jinja2.runtime.Context):
    """Calls from templates, as Jinja makes them, with a short way for plain callables.

    Jinja's `call` looks for `pass_context` and its kin on every call (twice over for
    callable objects); a page makes tens of thousands of calls, none of which need it.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class _MarkdownEnvironment(jinja2.Environment):
    """The Markdown templates' environment (see `_MarkdownCodeGenerator`, `_Context`)."""

    code_generator_class = _MarkdownCodeGenerator
    context_class = _Context


class Renderer:
    def __init__(self, corpus: Corpus, options: SiteOptions | None = None) -> None:
        self.corpus = corpus
        self.options = options or SiteOptions()
        self.views = Views(corpus, self.options.page_limit)
        loader = jinja2.FileSystemLoader(TEMPLATES)
        self.markdown_env = _MarkdownEnvironment(
            loader=loader,
            undefined=jinja2.StrictUndefined,
            # Macros and literal template text come out as Markup; every other value
            # passes through `finalize`, which escapes it as Markdown text.
            autoescape=True,
            finalize=markdown.text,
            keep_trailing_newline=True,
            trim_blocks=False,
        )
        self.markup_env = jinja2.Environment(
            loader=loader,
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
        )
        for env in (self.markdown_env, self.markup_env):
            env.filters["html"] = markdown.html
            env.filters["yaml"] = _yaml_string
        self.markdown_env.globals.update(self._globals())
        self._macros: Any = self.markdown_env.get_template("_macros.md.j2").module
        self._rendered: dict[tuple[str, str], str] = {}
        self._pieces: dict[str, list[tuple[str, str]]] = {}  # fact item by piece
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
            "status_words": STATUS_WORDS,
            "feed_entries": data.FEED_ENTRIES,
            "kind_words": KIND_WORDS,
            "value_label": value_label,
            "sort_value": sort_value,
            "published": published,
            "day_label": day_label,
            "period_label": period_label,
            "summary": self.summary,
            "cite": self.cite,
            "citation_line": self.citation_line,
            "cited_sources": self.cited_sources,
            "kind_label": self.kind_label,
            "fact_item": self.fact_item,
            "time_tag": self.time_tag,
            "source_note": self.source_note,
            "attribution": self.attribution,
            "piece": types.SimpleNamespace(
                **{name: Markup(f"\x01{name}\x02") for name in ("anchor", "context", "unsearched")}
            ),
            "end_piece": Markup("\x03"),
        }

    # --- helpers the templates call

    def fact_item(
        self,
        fact: FactRecord,
        root: str,
        anchor: bool = True,
        context: bool = True,
        search: bool = True,
    ) -> Markup:
        """The `fact_item` macro with the pieces a page asks for (see the macro)."""
        pieces = self._pieces.get(fact.id)
        if pieces is None:
            # PIECE.split gives [text, name, piece, text, name, piece, text, ...].
            cut = PIECE.split(self._rendered_once("fact_item", fact))
            pieces = [("", cut[0])]
            for i in range(1, len(cut), 3):
                pieces += [(cut[i], cut[i + 1]), ("", cut[i + 2])]
            self._pieces[fact.id] = pieces
        keep = {"", "anchor" if anchor else "", "context" if context else ""}
        if not search:
            keep.add("unsearched")
        item = "".join([text for name, text in pieces if name in keep])
        return as_markup(item.replace(ROOT_MARKER, root))

    def attribution(self, fact: FactRecord, root: str) -> Markup:
        return as_markup(self._rendered_once("attribution_line", fact).replace(ROOT_MARKER, root))

    def source_note(self, source: Source, root: str) -> Markup:
        return as_markup(self._rendered_once("source_note_line", source).replace(ROOT_MARKER, root))

    def time_tag(self, when: FuzzyDate) -> Markup:
        """The `time` macro for a date, rendered once per date (dates repeat)."""
        tag = self._time_tags.get(when)
        if tag is None:
            tag = self._time_tags[when] = self._macros.time(when)
        return tag

    def _rendered_once(self, macro: str, record: FactRecord | Source) -> str:
        """A macro of _macros.md.j2 for one record, rendered once for every page.

        A fact shows on many pages (its topics, the timelines, its article's, its
        claimants' and its day's pages), at different depths: the macro is rendered
        with a marker for the path to the docs root, which each use replaces.
        """
        key = (macro, record.id)
        text = self._rendered.get(key)
        if text is None:
            text = self._rendered[key] = str(getattr(self._macros, macro)(record, ROOT_MARKER))
        return text

    def summary(self, text: str, root: str) -> Markup:
        return markdown.summary(text, lambda fact_id: f"[^c-{fact_id}]")

    def cite(self, fact: FactRecord) -> Markup:
        source = self.corpus.source_by_id[fact.source]
        who = " and ".join(c.name for c in self.views.claimants_of(fact))
        title = f"[{source.title}]" if source.title_supplied else f'"{source.title}"'
        briefing = self.corpus.briefing.title if self.corpus.briefing else ""
        return markdown.text(
            f"{who}, reported by {source.publisher}, {title}, {published(source)}; "
            f"in {briefing}, fact {fact.id}."
        )

    def citation_line(self, fact_id: str, root: str) -> Markup:
        fact = self.corpus.fact_by_id[fact_id]
        source = self.corpus.source_by_id[fact.source]
        who = markdown.text(" and ".join(c.name for c in self.views.claimants_of(fact)))
        where = f"{root}{self.views.fact_page(fact)}.md#{fact.id}"
        return Markup(
            f"{who}, reported by {markdown.text(source.publisher)}, "
            f"{markdown.text(published(source))}. [See the fact]({where})."
        )

    def cited_sources(self, facts: Iterable[FactRecord]) -> list[Source]:
        ids = dict.fromkeys(f.source for f in facts)
        return [self.corpus.source_by_id[i] for i in ids]

    def kind_label(self, fact: FactRecord) -> str:
        kinds: list[Claimant] = self.views.claimants_of(fact)
        return ", ".join(dict.fromkeys(c.kind.replace("-", " ") for c in kinds))

    # --- pages

    def page(self, template: str, claims: Iterable[FactRecord] = (), **context: Any) -> str:
        """A Markdown page, ending with its JSON-LD: the article of a source's page,
        and the `claims` whose home (and anchor) is this page, so that each fact is
        described once, at its permalink."""
        text = self.markdown_env.get_template(template).render(**context)
        site_url = self.options.site_url.rstrip("/") + "/" if self.options.site_url else "/"
        block = jsonld.page_block(self.corpus, site_url, list(claims), context.get("source"))
        return f"{text.rstrip()}\n\n{block}\n" if block else f"{text.rstrip()}\n"

    def pages(self) -> dict[str, str]:
        views, corpus = self.views, self.corpus
        pages: dict[str, str] = {}
        briefing = corpus.briefing
        if briefing is not None:
            home_facts = [views.headline(q) for q in views.quantities] + views.events[-5:]
            pages["index.md"] = self.page(
                "home.md.j2",
                home_facts=home_facts,
                facts=home_facts,
                summary_citations=_citations(briefing.summary),
            )
        pages["topics/index.md"] = self.page("topics.md.j2")
        for topic in views.topics:
            listing = views.topic_listings[topic.id]
            facts = [] if listing.split else listing.parts[0][1]
            pages[f"topics/{topic.id}.md"] = self.page(
                "topic.md.j2",
                claims=[f for f in facts if views.home_topic(f) == topic.id],
                topic=topic,
                listing=listing,
                facts=facts,
                summary_citations=_citations(topic.summary),
            )
            pages.update(self.parts(listing, topic.title, topic_id=topic.id))
        pages["estimates/index.md"] = self.page(
            "estimates.md.j2",
            headlines=[views.headline(q) for q in views.quantities],
            facts=[views.headline(q) for q in views.quantities],
        )
        for quantity in views.quantities:
            estimates = views.estimates_by_quantity[quantity.id]
            pages[f"estimates/{quantity.id}.md"] = self.page(
                "quantity.md.j2",
                quantity=quantity,
                estimates=estimates,
                facts=estimates,
                headline=views.headline(quantity),
                chart=self.chart(quantity.id, quantity.label, estimates),
                steps=self.steps(quantity),
            )
        pages.update(self.timeline("Timeline", None, views.timeline))
        for topic in views.topics:
            events = [e for e in views.timeline if topic.id in e.topics]
            pages.update(self.timeline(f"Timeline: {topic.title}", topic, events))
        pages["sources/index.md"] = self.page("sources.md.j2")
        for source in views.sources:
            pages[f"sources/{source.id}.md"] = self.page(
                "source.md.j2", source=source, facts=views.facts_by_source.get(source.id, [])
            )
        pages["claimants/index.md"] = self.page("claimants.md.j2")
        for claimant in corpus.claimants:
            facts = views.facts_by_claimant.get(claimant.id, [])
            listing = views.listing(f"claimants/{claimant.id}", facts)
            pages[f"claimants/{claimant.id}.md"] = self.page(
                "claimant.md.j2",
                claimant=claimant,
                listing=listing,
                count=len(facts),
                facts=[] if listing.split else facts,
            )
            pages.update(self.parts(listing, claimant.name))
        pages["downloads.md"] = self.page("downloads.md.j2")
        pages.update(self.known_pages())
        pages["changes.md"] = self.page(
            "changes.md.j2",
            history=self.options.history,
            fact_ids=set(corpus.fact_by_id),
            fact_page={f.id: views.fact_page(f) for f in corpus.facts},
        )
        disputes = [fact for _, pairs in views.disputed for _, fact in pairs]
        contested = [
            e for q in views.contested_quantities for e in views.estimates_by_quantity[q.id]
        ]
        # Every competing estimate side by side while they fit on a page; beyond
        # that, a line per quantity (its own page has them side by side).
        tables = len(contested) <= views.page_limit
        pages["disagreements.md"] = self.page(
            "disagreements.md.j2",
            tables=tables,
            facts=[t for t, _ in views.disputed] + disputes + (contested if tables else []),
        )
        return pages

    def known_pages(self) -> dict[str, str]:
        """One page per publication day (views.known_days), and their index."""
        days = self.views.known_days
        pages: dict[str, str] = {}
        for i, day in enumerate(days):
            previous = days[i - 1].day if i else None
            later = days[i + 1].day if i + 1 < len(days) else None
            facts = [e for q in day.quantities for e in q.new] + day.facts
            pages[f"known/{day.day.isoformat()}.md"] = self.page(
                "known.md.j2",
                day=day,
                label=day_label(day.day),
                facts=facts,
                previous=previous.isoformat() if previous else None,
                previous_label=day_label(previous) if previous else None,
                next=later.isoformat() if later else None,
                next_label=day_label(later) if later else None,
            )
        pages["known/index.md"] = self.page("known_index.md.j2", days=days)
        return pages

    def timeline(self, title: str, topic: Any, events: list[Any]) -> dict[str, str]:
        page = f"timeline/{topic.id}" if topic else "timeline/index"
        listing = self.views.listing(page, events, folder=page.removesuffix("/index"))
        years: dict[str, list[FactRecord]] = {}
        for event in [] if listing.split else events:
            years.setdefault(period_label(period(event)), []).append(event)
        pages = {
            f"{page}.md": self.page(
                "timeline.md.j2",
                title=title,
                topic=topic,
                listing=listing,
                years=list(years.items()),
                facts=[] if listing.split else events,
            )
        }
        pages.update(self.parts(listing, title))
        return pages

    def parts(self, listing: Listing, title: str, topic_id: str | None = None) -> dict[str, str]:
        """A page per year of a long list (none when the list fits on one page)."""
        if not listing.split:
            return {}
        periods = [p for p, _ in listing.parts]
        pages = {}
        for i, (part, facts) in enumerate(listing.parts):
            pages[f"{listing.folder}/{part}.md"] = self.page(
                "part.md.j2",
                claims=[f for f in facts if topic_id and self.views.home_topic(f) == topic_id],
                title=title,
                period=part,
                listing=listing,
                facts=facts,
                root=listing.part_root,
                topic_id=topic_id,
                search=topic_id is not None,
                previous=periods[i - 1] if i else None,
                next=periods[i + 1] if i + 1 < len(periods) else None,
            )
        return pages

    def chart(self, quantity_id: str, label: str, estimates: list[Estimate]) -> Markup:
        names = {e.id: " and ".join(c.name for c in self.views.claimants_of(e)) for e in estimates}
        layout = charts.range_chart(estimates, names)
        desc = "; ".join(mark.label for mark in layout.marks)
        svg = self.markup_env.get_template("chart.svg.j2").render(
            chart=layout,
            id=quantity_id,
            title=f"Estimates of {label}",
            desc=desc,
        )
        # A raw HTML block in Markdown ends at a blank line: keep the SVG in one block.
        return Markup("\n".join(line for line in svg.splitlines() if line.strip()))

    def steps(self, quantity: Any) -> Markup | None:
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
        svg = self.markup_env.get_template("steps.svg.j2").render(
            chart=layout,
            id=quantity.id,
            title=f"Headline estimate of {quantity.label} by date of reporting",
            desc="; ".join(step.label for step in layout.steps),
        )
        return Markup("\n".join(line for line in svg.splitlines() if line.strip()))

    def files(self) -> dict[str, str | bytes]:
        """Every generated file: pages, data downloads and the feed."""
        result: dict[str, str | bytes] = dict(self.pages())
        result.update(data.downloads(self.corpus, self.views))
        result["feed.xml"] = data.feed(self.corpus, self.views, self.markup_env, self.options)
        for path in (*ASSET_FILES["css"], *ASSET_FILES["js"]):
            result[path] = (ASSETS / Path(path).name).read_text(encoding="utf-8")
        return result


# Pages a site always has (the nav of mkdocs.yml points at them).
INDEX_PAGES = (
    "index.md",
    "topics/index.md",
    "estimates/index.md",
    "timeline/index.md",
    "sources/index.md",
    "claimants/index.md",
    "disagreements.md",
    "known/index.md",
    "changes.md",
    "downloads.md",
)


def render_errors(lines: list[str], paths: Iterable[str]) -> dict[str, str]:
    """For a live preview of broken facts: the same error page at every page path."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["html"] = lambda value: str(value).replace("```", "` ` `")
    page = env.get_template("errors.md.j2").render(lines=lines)
    return {path: page for path in paths if path.endswith(".md")}


def _citations(text: str) -> list[str]:
    return list(dict.fromkeys(CITATION.findall(text)))


def dataset_jsonld(corpus: Corpus, options: SiteOptions | None = None) -> str:
    """The briefing's schema.org Dataset block, for the head of the home page."""
    site_url = options.site_url.rstrip("/") + "/" if options and options.site_url else "/"
    return str(jsonld.dataset_block(corpus, site_url))


def render_site(corpus: Corpus, options: SiteOptions | None = None) -> dict[str, str | bytes]:
    """Every generated file of the site, from a corpus that passed the checker."""
    return Renderer(corpus, options).files()


def build_time(corpus: Corpus, options: SiteOptions) -> datetime:
    if options.build_time:
        return options.build_time
    newest = max((s.published for s in corpus.sources), default=None)
    if newest is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return datetime(newest.year, newest.month, newest.day, tzinfo=UTC)
