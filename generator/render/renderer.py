"""The renderer of one briefing (or of a site of several, with one for each briefing):
it composes the Jinja environment (`jinja.py`), links (`links.py`), fact items
(`items.py`) and footnotes (`notes.py`) into the functions templates call, and renders
a plan's pages, charts, downloads and feed, its quantities' embeds (with `embeds.py`),
and draws its images (chart files and share cards, with `images.py`).

`Renderer.page()` turns a page of a `Plan` into the HTML of its body, through Jinja
templates with autoescaping: every value from a fact file is escaped once, as HTML,
where it lands. The renderers of a site share one `Position` (the page and fact being
rendered) and one `ItemCache` (the fact items made so far); a renderer asks another
only through its public methods, and finds the one of a fact's own briefing with
`owner`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from generator import citation
from generator.corpus import Corpus, FactRecord
from generator.diagnostics import Diagnostic
from generator.i18n import ENGLISH, Language, format_list, format_number
from generator.model import Claimant, Estimate, Quantity
from generator.plan import (
    ASSET_FILES,
    EMBED_ASSETS,
    HEADERS,
    Heading,
    Page,
    Part,
    Plan,
    briefing_card,
    briefing_language,
    chart_files,
    embed_files,
    embed_url,
    plain_summary,
)
from generator.render import charts, data, embeds, images, jsonld, reuse
from generator.render.items import PIECES, FactItems, ItemCache
from generator.render.jinja import CompiledTemplates, as_markup, environment, template_words
from generator.render.links import ROOT, ROOT_UTF8, Links
from generator.render.notes import CITATION_KEY, Notes, summary_html
from generator.render.position import Position
from generator.views import Views, sort_value, when_of
from generator.wording import (
    as_of_words,
    attributed,
    change_detail_words,
    change_heading,
    counted,
    date_words,
    day_label,
    embed_back,
    embed_dispute,
    embed_headline,
    embed_offer,
    embed_updated,
    estimates_title,
    full_stop,
    headline_chart_title,
    kind_heading,
    measure_words,
    mixed_measures_words,
    notice_label,
    part_of_words,
    period_label,
    published,
    said_by,
    short_day,
    status_words,
    value_label,
    when_words,
)

if TYPE_CHECKING:
    from generator.history import Change

# Styles and scripts the pages need, added to the site by the plugin and by export.
ASSETS = Path(__file__).parent / "assets"


def in_language(language: Language, **functions: Callable[..., Any]) -> dict[str, Any]:
    """Wording functions as templates call them: with the page's language (as they are,
    in English, whose words are their defaults)."""
    if language is ENGLISH:
        return functions

    def bound(function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return function(*args, language=language, **kwargs)

        return call

    return {name: bound(function) for name, function in functions.items()}


class Renderer:
    """Renders one briefing's pages; in a site of several, the site's own pages, with a
    `Renderer` of each briefing (`parts`) for that briefing's pages and for its facts
    wherever they appear (so that their links lead into their own briefing). A site's
    renderers share `position` and `cache` (`site_renderer` makes them so)."""

    def __init__(
        self,
        corpus: Corpus,
        plan: Plan,
        views: Views | None = None,
        part: str = "",
        parts: dict[str, Renderer] | None = None,
        compiled: CompiledTemplates | None = None,
        position: Position | None = None,
        cache: ItemCache | None = None,
        images: Path | None = None,
    ) -> None:
        self.corpus, self.plan = corpus, plan
        self.options = plan.options
        self.views = views or Views(corpus, self.options.page_limit)
        self.prefix = f"{part}/" if part else ""
        self.parts = parts or {}
        self.position = position or Position()
        self.cache = cache or ItemCache()
        self.image_cache = images  # the folder PNGs are kept in between builds (or none)
        if any(
            r.position is not self.position or r.cache is not self.cache
            for r in self.parts.values()
        ):
            raise ValueError(
                "a site's renderers share one Position and one ItemCache: make them with "
                "site_renderer"
            )
        self.env = environment(compiled)
        # The language of this briefing's pages (its own, else the site's).
        self.language = briefing_language(corpus, self.options)
        self.links = Links(plan, self.prefix, self.position)
        self.renderings = FactItems(
            self.env, corpus, self.views, self.position, self.cache, self.language
        )
        self.env.globals.update(self._globals())

    def _globals(self) -> dict[str, Any]:
        corpus, renderings, language = self.corpus, self.renderings, self.language
        vocabulary = corpus.vocabulary
        words, plural = template_words(language)
        return {
            "_": words,
            "ngettext": plural,
            "language": language,
            "corpus": corpus,
            "views": self.views,
            "briefing": corpus.briefing,
            "claimants": corpus.claimant_by_id,
            "sources": corpus.source_by_id,
            "topics": corpus.topic_by_id,
            "status_words": {k: status_words(vocabulary, k, language) for k in vocabulary.statuses},
            "kind_words": {
                k: kind_heading(vocabulary, k, language) for k in vocabulary.claimant_kinds
            },
            "feed_entries": data.FEED_ENTRIES,
            "mixed_measures_words": mixed_measures_words(language),
            "full_stop": full_stop,
            "when_of": when_of,
            "sort_value": sort_value,
            "number": lambda value: format_number(value, language),
            **in_language(
                language,
                value_label=value_label,
                part_of_words=part_of_words,
                counted=counted,
                measure_words=measure_words,
                when_words=when_words,
                date_words=date_words,
                as_of_words=as_of_words,
                published=published,
                day_label=day_label,
                notice_label=notice_label,
                period_label=period_label,
                attributed=attributed,
                change_heading=change_heading,
                embed_offer=embed_offer,
            ),
            "url": self.links.url,
            "note_ref": self.note_ref,
            "summary": self.summary,
            "cite": renderings.cite,
            "kind_label": self.kind_label,
            "fact_items": self.fact_items,
            "fact_url": self.fact_url,
            "summary_text": plain_summary,
            "briefing_card": self.briefing_card,
            "attribution": renderings.attribution,
            "claimant_link": renderings.claimant_link,
            "forge": self.forge,
            "piece": PIECES,
            "time_tag": renderings.time_tag,
            "chart": self.chart,
            "step_chart": self.step_chart,
            "cite_quantity": self.cite_quantity,
            "embed_snippet": self.embed_snippet,
            "change_details": self.change_details,
        }

    # --- the site's renderers together

    def owner(self, record: FactRecord) -> Renderer:
        """The renderer of a fact's own briefing (this one for a site of one)."""
        return self.parts.get(self.corpus.part(record), self) if self.parts else self

    @property
    def problems(self) -> list[Diagnostic]:
        """Broken links, at the facts whose items made them, in every briefing."""
        return [*self.links.problems, *(p for r in self.parts.values() for p in r.problems)]

    def frame(self) -> tuple[Any, ...]:
        """What a page of a SELF_CONTAINED template shows besides its plan (`reuse.frame`).
        Call once the plan is complete."""
        parts = {name: renderer.corpus for name, renderer in self.parts.items()}
        return reuse.frame(self.corpus, self.plan, parts)

    def items(self) -> reuse.Items:
        """Each fact item rendered so far, in every briefing: its fact and its pieces."""
        return dict(self.cache.pieces)

    def reuse_items(self, before: reuse.Items) -> None:
        """Take the items of `before` (another renderer's `items()`, made with the
        same frame) whose facts did not change."""
        reuse.take_unchanged(self.cache, before, self.corpus.facts)

    # --- what templates call

    def note_ref(self, source_id: str) -> Markup:
        """A reference to the footnote that cites an article."""
        return as_markup(self.position.notes.ref(source_id))

    def _note_content(self, key: str) -> Markup:
        if key.startswith(CITATION_KEY):  # a summary's citation of a fact
            fact = self.corpus.fact_by_id[key[len(CITATION_KEY) :]]
            return self.owner(fact).renderings.citation_line(fact)
        return self.renderings.source_note_line(self.corpus.source_by_id[key])

    def fact_item(self, fact: FactRecord, anchor: bool = True, context: bool = True) -> Markup:
        """The `fact_item` macro with the pieces a page asks for (see the macro), made
        by the fact's own briefing's renderer, with this page's footnote reference."""
        item = self.cache.variants.get((fact.id, anchor, context))
        if item is None:
            item = self.owner(fact).renderings.variant(fact, anchor, context)
        before, after = item
        return as_markup("".join((before, self.position.notes.ref(fact.source), after)))

    def fact_items(
        self, facts: list[FactRecord], anchor: bool = True, home: str | None = None
    ) -> Markup:
        """`fact_item` for each fact, one per line; with `home` (a topic id), the link to a
        fact's home page is left out where that topic is its home."""
        variants, ref, home_topic = (
            self.cache.variants,
            self.position.notes.ref,
            self.views.home_topic,
        )
        out: list[str] = []
        for fact in facts:
            context = home is None or home_topic(fact) != home
            item = variants.get((fact.id, anchor, context))
            if item is None:
                item = self.owner(fact).renderings.variant(fact, anchor, context)
            out += ("\n", item[0], ref(fact.source), item[1])
        return as_markup("".join(out[1:]))

    def fact_url(self, fact: FactRecord) -> Markup:
        """A link to a fact on its home page, in its own briefing."""
        owner = self.owner(fact)
        return owner.links.url(owner.views.fact_page(fact) + ".md", fact.id)

    def briefing_card(self, heading: Heading, part: Part) -> Markup:
        """A briefing of a site of several as the hub lists it, rendered by that
        briefing's renderer (its `card`), with this page's notes."""
        return self.parts[part.name].card(heading, part)

    def card(self, heading: Heading, part: Part) -> Markup:
        """This briefing as the hub lists it (`briefing_card` in _macros.html.j2)."""
        return Markup(self.renderings.macros.briefing_card(heading, part))

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

    def summary(self, text: str) -> Markup:
        """Editors' summary: paragraphs and emphasis kept, [@fact-id] as footnotes."""
        notes = self.position.notes
        return summary_html(text, lambda fact_id: notes.ref(CITATION_KEY + fact_id))

    def kind_label(self, fact: FactRecord) -> str:
        kinds: list[Claimant] = self.views.claimants_of(fact)
        if self.language is ENGLISH:
            return ", ".join(dict.fromkeys(c.kind.replace("-", " ") for c in kinds))
        vocabulary = self.corpus.vocabulary
        return ", ".join(
            dict.fromkeys(kind_heading(vocabulary, c.kind, self.language) for c in kinds)
        )

    def change_details(self, change: Change) -> list[str]:
        """What a change changed, in the page's language (history.Detail as words)."""
        vocabulary, language = self.corpus.vocabulary, self.language
        return [change_detail_words(d, language, vocabulary) for d in change.details]

    def names(self, estimate: Estimate) -> str:
        """Who an estimate is attributed to, by name, as a chart labels it."""
        return format_list([c.name for c in self.views.claimants_of(estimate)], self.language)

    def chart(self, quantity: Quantity, estimates: list[Estimate]) -> Markup:
        names = {e.id: self.names(e) for e in estimates}
        layout = charts.range_chart(estimates, names, language=self.language)
        return Markup(
            self.env.get_template("chart.svg.j2").render(
                chart=layout,
                id=quantity.id,
                title=estimates_title(quantity.label, self.language),
                desc="; ".join(mark.label for mark in layout.marks),
            )
        )

    def cite_quantity(self, quantity: Quantity) -> dict[str, str]:
        """How to cite a quantity (generator/citation.py): by its headline, or both
        figures of a dispute, as text, BibTeX and CSL-JSON; at the page's address, read
        on the day its figures last changed (so that a build is the same every time)."""
        page = self.position.page
        path = page.path if page else f"{self.prefix}estimates/{quantity.id}.md"
        dispute = self.views.dispute(quantity)
        shown = [dispute.low, dispute.high] if dispute else [self.views.headline(quantity)]
        lastmod = page.lastmod if page and page.lastmod else None
        read = lastmod or max(self.corpus.source_by_id[e.source].published_day for e in shown)
        link = citation.permalink(self.options.site_url, self.plan.url(path))
        cited = citation.of_quantity(
            self.corpus, quantity, shown, link, read, self.site_name(), self.language
        )
        return {
            "text": citation.text(cited),
            "bibtex": citation.bibtex(cited),
            "csl_json": citation.csl_json(cited),
        }

    # --- embeds

    def _address(self, path: str) -> str:
        """A file's address for another site's page: absolute with the site's address,
        else from the root of the host the site is served at."""
        site_url = self.options.site_url
        return (site_url.rstrip("/") + "/" if site_url else "/") + path

    def _embed_words(self, quantity: Quantity) -> dict[str, Any]:
        """What a quantity's embed says: its title, the headline or the dispute, each
        figure with its claimant and article, the day its figures last changed and the
        words of its link back."""
        views, articles, language = self.views, self.corpus.source_by_id, self.language
        who = self.names

        def said(estimate: Estimate) -> str:
            return said_by(value_label(estimate, language), who(estimate), language)

        dispute = views.dispute(quantity)
        if dispute:
            headline = embed_dispute(said(dispute.low), said(dispute.high), language)
        else:
            headline = embed_headline(said(views.headline(quantity)), language)
        # A chart's source line without its "Source: ", in the page's language.
        prefix = language.gettext(images.SOURCE_LINE).split("{title}")[0]
        figures = []
        for estimate in views.charted(quantity):
            source = articles[estimate.source]
            figures.append(
                {
                    "value": value_label(estimate, language),
                    "who": who(estimate),
                    "article": images.source_line(source, language).removeprefix(prefix),
                    "url": source.url or "",
                }
            )
        page = self.plan.pages.get(f"{self.prefix}estimates/{quantity.id}.md")
        updated = day_label(page.lastmod, language) if page and page.lastmod else ""
        return {
            "title": estimates_title(quantity.label, language),
            "headline": headline,
            "figures": figures,
            "updated": embed_updated(updated, language) if updated else "",
            "back_words": embed_back(self.site_name(), language),
        }

    def _embed_height(self, quantity: Quantity) -> int:
        """The height an embed's frame starts with, before the embed says its own (or
        keeps, where the framing page drops the snippet's script): its content's at
        the oEmbed width, with room to spare (`embeds.first_height`)."""
        words = self._embed_words(quantity)
        estimates = self.views.charted(quantity)
        names = {e.id: self.names(e) for e in estimates}
        return embeds.first_height(
            charts.range_chart(estimates, names, language=self.language).height,
            words["title"],
            words["headline"],
            [f"{f['value']}: {f['who']}. {f['article']}" for f in words["figures"]],
            f"{words['updated']} {words['back_words']}",
        )

    def embed_snippet(self, quantity: Quantity) -> str:
        """The HTML another site pastes to frame a quantity's embed (render/embeds.py)."""
        directory_urls = self.options.directory_urls
        return embeds.snippet(
            self._address(embed_url(quantity.id, self.prefix, directory_urls)),
            self._address("assets/embed.js"),
            estimates_title(quantity.label, self.language),
            self._embed_height(quantity),
        )

    def embed_pages(self) -> dict[str, str]:
        """Each quantity's embed page and oEmbed description, for the quantities with a
        chart: the headline or the dispute, the chart, each figure's claimant and
        article, the day its figures last changed and a link back to its page."""
        result: dict[str, str] = {}
        site, site_url = self.site_name(), self.options.site_url
        for quantity in self.views.key_quantities:
            page_path, oembed_path = embed_files(quantity.id, self.prefix)
            root = "../" * page_path.count("/")
            address = self.plan.url(f"{self.prefix}estimates/{quantity.id}.md")
            words = self._embed_words(quantity)
            result[page_path] = self.env.get_template("embed.html.j2").render(
                lang=self.language.code,
                dir=self.language.dir,
                site=site,
                root=root,
                canonical=self._address(address) if site_url else "",
                back=self._address(address) if site_url else root + address,
                chart=self.chart(quantity, self.views.charted(quantity)),
                **words,
            )
            snippet = self.embed_snippet(quantity)
            height = self._embed_height(quantity)
            result[oembed_path] = embeds.oembed(words["title"], site, site_url, snippet, height)
        return result

    def headers(self) -> str:
        """The site's `_headers` (render/embeds.py): its embeds may be framed by any
        site, its other pages (the plan's, the hand-written ones, the engine's 404
        page) by none."""
        plan = self.plan
        pages = [*plan.pages, *plan.options.docs_pages, "404.html"]
        return embeds.headers(pages, plan.parts, plan.options.directory_urls)

    def step_chart(self, quantity: Quantity) -> Markup | None:
        """The step chart of the headline by day of reporting (None for a single day)."""
        history = self.views.headline_by_day(quantity)
        if len(history) < 2:
            return None
        points = []
        language = self.language
        for day, estimate in history:
            who = self.names(estimate)
            source = self.corpus.source_by_id[estimate.source]
            points.append(
                (
                    short_day(day, language),
                    sort_value(estimate),
                    language.gettext("{who} ({publisher})").format(
                        who=who, publisher=source.publisher
                    ),
                    value_label(estimate, language),
                )
            )
        layout = charts.step_chart(points, language)
        return Markup(
            self.env.get_template("steps.svg.j2").render(
                chart=layout,
                id=quantity.id,
                title=headline_chart_title(quantity.label, language),
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
        return self._body(page).encode().replace(ROOT_UTF8, root)

    def _body(self, page: Page) -> str:
        """A page's HTML with its links from the site's root behind ROOT (written by
        its briefing's renderer, in a site of several)."""
        if page.part and page.part in self.parts:
            return self.parts[page.part].body(page)
        return self.body(page)

    def body(self, page: Page) -> str:
        """A page of this renderer's own briefing (or site), links behind ROOT."""
        position = self.position
        position.page, position.notes = page, Notes(self._note_content)
        site_url = self.options.site_url.rstrip("/") + "/" if self.options.site_url else "/"
        page_url = site_url + self.plan.url(page.path) if self.options.site_url else ""
        block = jsonld.page_block(
            self.corpus, site_url, page.claims, page.data.get("source"), page_url, self.language
        )
        html = self.env.get_template(page.template).render(
            page=page, notes=position.notes, jsonld=block, **page.data
        )
        position.page = None
        return html

    def pages(self) -> dict[str, str]:
        return {path: self.page(page) for path, page in self.plan.pages.items()}

    # --- the other files

    def files(self) -> dict[str, str | bytes]:
        """The site's files other than pages: data downloads, the feed, the chart files,
        the embeds, the share cards, assets and the headers for static hosts; and in a
        site of several briefings, each briefing's downloads, feed, chart files and
        embeds too."""
        result: dict[str, str | bytes] = {}
        for renderer in self.parts.values():
            result |= {renderer.prefix + k: v for k, v in renderer.downloads().items()}
            result |= renderer.embed_pages()
        result |= self.downloads()
        if not self.parts:
            result |= self.embed_pages()
        for path in (*ASSET_FILES["css"], *ASSET_FILES["js"], *EMBED_ASSETS):
            result[path] = (ASSETS / Path(path).name).read_text(encoding="utf-8")
        result[HEADERS] = self.headers()
        return result | self.images()

    def images(self) -> dict[str, str | bytes]:
        """Every quantity's chart files (SVG and PNG) and every page's share card
        (PNG), drawn together (`images.pngs`: read back from the image cache, or drawn
        in several processes when there are many)."""
        result: dict[str, str | bytes] = {}
        drawn: dict[str, str] = {}  # PNG path -> its SVG
        for renderer in self.parts.values() or [self]:
            for svg_path, png_path, svg in renderer.chart_files():
                result[svg_path] = drawn[png_path] = svg
        for path, card in self.plan.cards.items():
            drawn[path] = images.card_svg(
                card.site, card.title, card.said, card.footer, self.env, card.language
            )
        return result | images.pngs(drawn, self.image_cache)

    def chart_files(self) -> list[tuple[str, str, str]]:
        """This briefing's quantities' charts as files of their own: (SVG path, PNG
        path, SVG), each with its title, claimants, articles, the site's name and the
        day its estimates last changed."""
        files = []
        site = self.site_name()
        views, articles = self.views, self.corpus.source_by_id
        for quantity in views.key_quantities:
            estimates = views.charted(quantity)  # withdrawn figures are not drawn
            names = {e.id: self.names(e) for e in estimates}
            sources = {
                e.id: images.source_line(articles[e.source], self.language) for e in estimates
            }
            page = self.plan.pages.get(f"{self.prefix}estimates/{quantity.id}.md")
            updated = day_label(page.lastmod, self.language) if page and page.lastmod else ""
            svg = images.chart_svg(
                estimates_title(quantity.label, self.language),
                estimates,
                names,
                sources,
                site,
                updated,
                self.env,
                self.language,
            )
            files.append((*chart_files(quantity.id, self.prefix), svg))
        return files

    def site_name(self) -> str:
        """The site's name, as its share cards give it."""
        card = self.plan.cards.get(briefing_card())
        if card is not None:
            return card.site
        briefing = self.corpus.briefing
        return self.options.title or (briefing.title if briefing else "")

    def downloads(self) -> dict[str, str | bytes]:
        """The data downloads and the feed of this renderer's briefing (or site)."""
        result: dict[str, str | bytes] = dict(
            data.downloads(self.corpus, self.views, self.language)
        )
        result["feed.xml"] = data.feed(
            self.corpus, self.env, self.options, self._feed_page, self.prefix, self.language
        )
        return result

    def _feed_page(self, fact: FactRecord) -> str:
        """A fact's page, from the site's root without ".md", for the feed."""
        owner = self.owner(fact)
        return owner.prefix + owner.views.fact_page(fact)
