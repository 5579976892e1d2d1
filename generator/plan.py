"""Every page of the site, as data, before anything is rendered.

`plan_site` walks the checked corpus once and returns a `Plan`: for each page its
path in the docs folder, title, template, the data the template shows, its table
of contents, the anchors other pages may link to, what search indexes, and the
claims it describes in JSON-LD. Rendering (`generator.render`) only lays pages out;
links are checked against the plan while they are written.

URLs come from paths: `topics/arms.md` is served at `topics/arms/` (or
`topics/arms.html` without directory URLs), so a page's depth, and the `../`
that leads back to the root, follow from its path alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from generator.corpus import Corpus, FactRecord
from generator.model import Claimant, Estimate
from generator.views import PAGE_LIMIT, Listing, Views, period
from generator.wording import as_of_words, counted, day_label, period_label, published, value_label

if TYPE_CHECKING:
    from generator.history import History


@dataclass(frozen=True)
class SiteOptions:
    site_url: str = ""  # absolute URL of the published site, for the feed and JSON-LD
    build_time: datetime | None = None  # None: the newest article's date
    history: History | None = None  # the facts' git history, for "What changed"
    page_limit: int = PAGE_LIMIT  # facts on one page; longer lists get a page per year
    directory_urls: bool = True  # `topics/arms/` rather than `topics/arms.html`
    title: str = ""  # the site's name, for a site of several briefings (see Corpus.site_corpus)
    # A site of several briefings: the briefings' folders in the order of the nav (see
    # `nav_order`); the hub lists them so, and those the nav leaves out newest first.
    order: tuple[str, ...] = ()
    # Hand-written pages of the docs folder (path -> Markdown), for checking links to them.
    docs_pages: Mapping[str, str] = field(default_factory=dict)
    # The forge's addresses for editing and viewing the project's files (see forge_urls),
    # and the project's folder, which fact files' paths are taken from.
    edit_url: str = ""
    view_url: str = ""
    project: str = ""


@dataclass
class Heading:
    """A heading of a page: its anchor, its text and the headings under it."""

    id: str
    title: str
    level: int
    children: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class SearchEntry:
    """One entry of the search index: a page (anchor "") or a place on it."""

    anchor: str
    title: str
    text: str


@dataclass
class Page:
    path: str  # in the docs folder: "topics/arms.md"
    title: str
    template: str
    data: dict[str, Any]
    h1: Heading
    anchors: set[str] = field(default_factory=set)  # ids links may point at
    search: list[SearchEntry] = field(default_factory=list)  # empty: not searched
    claims: list[FactRecord] = field(default_factory=list)  # described here in JSON-LD
    description: str = ""
    lastmod: date | None = None
    part: str = ""  # the briefing it belongs to, in a site of several ("": the site's)

    @property
    def feed(self) -> str:
        """The Atom feed a reader of the page subscribes to: its briefing's."""
        return f"{self.part}/feed.xml" if self.part else "feed.xml"

    @property
    def toc(self) -> list[Heading]:
        return [self.h1]

    def heading(self, title: str, level: int = 2, id: str | None = None) -> Heading:
        """A new heading under the last one of a higher level, with a unique anchor."""
        heading = Heading(_unique(id or slug(title), self.anchors), title, level)
        parent = self.h1
        while parent.children and parent.children[-1].level < level:
            parent = parent.children[-1]
        parent.children.append(heading)
        return heading


@dataclass(frozen=True)
class Part:
    """One briefing of a site of several: its folder's name, which is its pages' path,
    its records (with the shared ones it cites) and their views."""

    name: str
    # Parts are equal when their names are (their records are compared where a rebuild
    # compares records: `Renderer.frame`).
    corpus: Corpus = field(compare=False)
    views: Views = field(compare=False)

    @property
    def title(self) -> str:
        return self.corpus.briefing.title if self.corpus.briefing else self.name


@dataclass
class Plan:
    pages: dict[str, Page]
    options: SiteOptions
    files: set[str] = field(default_factory=set)  # other generated files: downloads, feed
    parts: dict[str, Part] = field(default_factory=dict)  # empty for one briefing
    # The views the site's own pages were planned with (one briefing's, or the site's
    # over every briefing): the renderer takes them, so a build makes one per corpus.
    views: Views | None = None
    _docs_anchors: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def url(self, path: str) -> str:
        """Where a page or file is served, relative to the site's root."""
        return url_of(path, self.options.directory_urls)

    def root(self, path: str) -> str:
        """The way back to the site's root from a page: "", "../", "../../"."""
        return "../" * self.url(path).count("/")

    def anchors(self, path: str) -> set[str] | None:
        """The anchors of a page (None for a path that is no page of the site)."""
        page = self.pages.get(path)
        if page is not None:
            return page.anchors
        if path not in self.options.docs_pages:
            return None
        anchors = self._docs_anchors.get(path)
        if anchors is None:  # read once per hand-written page, when first linked to
            anchors = self._docs_anchors[path] = markdown_anchors(self.options.docs_pages[path])
        return anchors


def forge_urls(repo_url: str | None, edit_uri: str | None, docs_dir: str) -> tuple[str, str]:
    """Where the forge edits and shows the project's files: ("https://github.com/o/r/edit/
    main/", "https://github.com/o/r/blob/main/") from `repo_url` and an `edit_uri` that
    ends with the docs folder ("edit/main/site_src/"), as MkDocs' own "edit this page"
    links use it. ("", "") when either is missing or the folder cannot be found in it."""
    if not repo_url or not edit_uri:
        return "", ""
    edit = repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/"
    folder = docs_dir.strip("/") + "/"
    if not edit.endswith("/" + folder):
        return "", ""
    edit = edit[: -len(folder)]
    view = re.sub(r"/edit/(?!.*/edit/)", "/blob/", edit)
    return edit, view


def url_of(path: str, directory_urls: bool = True) -> str:
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def slug(text: str) -> str:
    """A heading's anchor, as Python-Markdown's table of contents makes it."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_text).strip().lower())


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor or "section", 0
    while candidate in taken:
        n += 1
        candidate = f"{anchor}_{n}"
    taken.add(candidate)
    return candidate


_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_MD_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")


def markdown_anchors(markdown: str) -> set[str]:
    """The heading anchors of a hand-written page (explicit `{#id}` or the slug)."""
    anchors: set[str] = set()
    for match in _MD_HEADING.finditer(markdown):
        text = match.group(1)
        explicit = _MD_ATTR_ID.search(text)
        _unique(explicit.group(1) if explicit else slug(text), anchors)
    return anchors


def plain_summary(text: str) -> str:
    """A summary's first paragraph as plain text: the page's description."""
    first = re.split(r"\n\s*\n", text.strip())[0]
    first = re.sub(r"\s*\[@[a-z0-9-]+\]", "", first)
    first = re.sub(r"[*_]{1,2}(\S(?:.*?\S)?)[*_]{1,2}", r"\1", first)
    return " ".join(first.split())


class _Planner:
    """Plans one briefing's pages (under its folder's path, in a site of several), or
    the pages a site of several briefings has once (`plan_site_pages`)."""

    def __init__(
        self,
        corpus: Corpus,
        views: Views,
        options: SiteOptions,
        part: str = "",
        parts: Iterable[Part] = (),
    ) -> None:
        self.corpus, self.views, self.options = corpus, views, options
        self.part, self.prefix = part, f"{part}/" if part else ""
        self.parts = list(parts)
        self.pages: dict[str, Page] = {}

    # --- helpers

    def add(
        self,
        path: str,
        title: str,
        template: str,
        anchored: Iterable[FactRecord] = (),
        shown: Iterable[FactRecord] = (),
        **data: Any,
    ) -> Page:
        """A page; `anchored` facts carry their id on it, `shown` facts date it."""
        anchors: set[str] = set()
        h1 = Heading(_unique(slug(title), anchors), title, 1)
        path = self.prefix + path
        page = Page(path, title, template, data, h1, anchors, part=self.part)
        for fact in anchored:
            page.anchors.add(fact.id)
        page.lastmod = self.newest([*anchored, *shown])
        self.pages[path] = page
        return page

    def newest(self, facts: Iterable[FactRecord]) -> date | None:
        sources = self.corpus.source_by_id
        return max((sources[f.source].published_day for f in facts), default=None)

    def fact_entry(self, fact: FactRecord, title: str) -> SearchEntry:
        """What search holds of a fact: who, when, what, and the figure."""
        who = " and ".join(c.name for c in self.views.claimants_of(fact))
        figure = f" Figure: {value_label(fact)}." if isinstance(fact, Estimate) else ""
        return SearchEntry(fact.id, title, f"{who}: {fact.text}{figure}")

    # --- pages

    def plan(self) -> dict[str, Page]:
        """Every page of a site of one briefing."""
        self.briefing()
        self.sources()
        self.claimants()
        self.changes()
        return self.pages

    def briefing(self) -> None:
        """A briefing's own pages."""
        views = self.views
        self.home()
        self.topics()
        self.estimates()
        self.timeline("Timeline", None, views.timeline)
        for topic in views.topics:
            events = [e for e in views.timeline if topic.id in e.topics]
            self.timeline(f"Timeline: {topic.title}", topic, events)
        self.downloads()
        self.known()
        self.disagreements()

    def plan_site_pages(self) -> dict[str, Page]:
        """The pages a site of several briefings has once: the hub, every source and
        claimant (with their facts from every briefing), the downloads and the changes."""
        self.hub()
        self.sources()
        self.claimants()
        self.downloads()
        self.changes()
        return self.pages

    def downloads(self) -> None:
        page = self.add("downloads.md", "Downloads", "downloads.html.j2", shown=self.corpus.facts)
        what = "The briefing's data" if self.part or not self.parts else "Every briefing's data"
        page.search.append(SearchEntry("", "Downloads", f"{what}: JSON, CSV, feed."))
        page.data["parts"] = self.parts

    def hub(self) -> None:
        briefing = self.corpus.briefing
        title = briefing.title if briefing else "Briefings"
        page = self.add("index.md", title, "hub.html.j2", shown=self.corpus.facts)
        page.data["parts"] = self.parts
        page.description = (
            plain_summary(briefing.summary) if briefing and briefing.summary.strip() else ""
        ) or "Briefings: " + "; ".join(p.title for p in self.parts) + "."
        page.search.append(SearchEntry("", title, page.description))
        page.data["heading"] = page.heading("Briefings")
        page.data["cards"] = [(page.heading(p.title, 3, id=p.name), p) for p in self.parts]

    def by_part(self, facts: list[FactRecord]) -> list[tuple[Part, list[FactRecord]]]:
        """Facts grouped by their briefing, in the order of the briefings."""
        if not self.parts:  # a site of one briefing
            return []
        groups: dict[str, list[FactRecord]] = {}
        for fact in facts:
            groups.setdefault(self.corpus.part(fact), []).append(fact)
        return [(p, groups[p.name]) for p in self.parts if p.name in groups]

    def home(self) -> None:
        views, briefing = self.views, self.corpus.briefing
        if briefing is None:
            return
        headlines = [views.headline(q) for q in views.quantities]
        latest = list(reversed(views.events[-5:]))
        page = self.add(
            "index.md",
            briefing.title,
            "home.html.j2",
            shown=self.corpus.facts,
            headlines=headlines,
            latest=latest,
        )
        page.description = plain_summary(briefing.summary)
        page.search.append(SearchEntry("", briefing.title, page.description))
        page.data["sections"] = {
            "figures": page.heading("Key figures"),
            "latest": page.heading("Latest events"),
            "topics": page.heading("Topics"),
        }

    def topics(self) -> None:
        views = self.views
        page = self.add("topics/index.md", "Topics", "topics.html.j2")
        page.data["sections"] = [(page.heading(t.title), t) for t in views.topics]
        page.search.append(SearchEntry("", "Topics", "; ".join(t.title for t in views.topics)))
        for topic in views.topics:
            listing = views.topic_listings[topic.id]
            facts = [] if listing.split else listing.parts[0][1]
            home = [f for f in facts if views.home_topic(f) == topic.id]
            quantities = [q for q in views.quantities if q.topic == topic.id]
            page = self.add(
                f"topics/{topic.id}.md",
                topic.title,
                "topic.html.j2",
                anchored=facts,
                shown=views.facts_by_topic.get(topic.id, []),
                topic=topic,
                listing=listing,
                facts=facts,
                quantities=quantities,
            )
            page.claims = home
            page.description = plain_summary(topic.summary)
            page.search.append(SearchEntry("", topic.title, page.description))
            page.search += [self.fact_entry(f, topic.title) for f in home]
            page.data["estimates_heading"] = page.heading("Estimates") if quantities else None
            page.data["facts_heading"] = page.heading("Facts")
            self.year_pages(listing, topic.title, topic_id=topic.id)

    def estimates(self) -> None:
        views = self.views
        headlines = [views.headline(q) for q in views.quantities]
        page = self.add("estimates/index.md", "Estimates", "estimates.html.j2", shown=headlines)
        page.data["headlines"] = headlines
        page.search.append(
            SearchEntry("", "Estimates", "; ".join(q.label for q in views.quantities))
        )
        for quantity in views.quantities:
            estimates = views.estimates_by_quantity[quantity.id]
            page = self.add(
                f"estimates/{quantity.id}.md",
                quantity.label,
                "quantity.html.j2",
                anchored=estimates,
                quantity=quantity,
                estimates=estimates,
                headline=views.headline(quantity),
                dispute=views.dispute(quantity),
            )
            page.description = quantity.description or f"Every estimate of {quantity.label}."
            # The table is searched with the page, as one entry: a reader looking for
            # a figure lands on the page that sets every estimate side by side.
            rows = []
            for e in estimates:
                who = " and ".join(c.name for c in views.claimants_of(e))
                source = self.corpus.source_by_id[e.source]
                rows.append(
                    f"{value_label(e)}, {who}, {as_of_words(e.as_of_date)} "
                    f"({source.publisher}, {published(source)})."
                )
            page.search.append(SearchEntry("", quantity.label, " ".join([page.description, *rows])))
            page.data["says_heading"] = page.heading("What each estimate says")

    def timeline(self, title: str, topic: Any, events: list[FactRecord]) -> None:
        base = f"timeline/{topic.id}" if topic else "timeline/index"
        listing = self.views.listing(base, events, folder=base.removesuffix("/index"))
        page = self.add(
            f"{base}.md",
            title,
            "timeline.html.j2",
            anchored=[] if listing.split else events,
            shown=events,
            topic=topic,
            listing=listing,
        )
        years: dict[str, list[FactRecord]] = {}
        for event in [] if listing.split else events:
            years.setdefault(period_label(period(event)), []).append(event)
        page.data["years"] = [(page.heading(year), facts) for year, facts in years.items()]
        page.data["facts"] = [] if listing.split else events
        self.year_pages(listing, title)

    def year_pages(self, listing: Listing, title: str, topic_id: str | None = None) -> None:
        """A page per year of a long list (none when the list fits on one page)."""
        if not listing.split:
            return
        periods = [p for p, _ in listing.parts]
        for i, (part, facts) in enumerate(listing.parts):
            home = [f for f in facts if topic_id and self.views.home_topic(f) == topic_id]
            label = f"{title}, {period_label(part)}"
            page = self.add(
                f"{listing.folder}/{part}.md",
                label,
                "part.html.j2",
                anchored=facts,
                list_title=title,
                period=part,
                listing=listing,
                facts=facts,
                topic_id=topic_id,
                previous=periods[i - 1] if i else None,
                next=periods[i + 1] if i + 1 < len(periods) else None,
            )
            page.claims = home
            if topic_id is not None:
                page.search.append(SearchEntry("", label, f"{title}: facts of {part}."))
                page.search += [self.fact_entry(f, title) for f in home]

    def sources(self) -> None:
        views = self.views
        page = self.add("sources/index.md", "Sources", "sources.html.j2")
        page.search.append(SearchEntry("", "Sources", "Every article the briefing cites."))
        page.data["in_parts"] = {
            s.id: self.by_part(views.facts_by_source.get(s.id, [])) for s in views.sources
        }
        for source in views.sources:
            facts = views.facts_by_source.get(source.id, [])
            page = self.add(
                f"sources/{source.id}.md",
                f"[{source.title}]" if source.title_supplied else source.title,
                "source.html.j2",
                anchored=facts,
                source=source,
                facts=facts,
            )
            page.lastmod = source.published_day
            people = ", ".join([*source.authors, *source.contributors])
            count = counted(len(facts), "fact")
            page.description = f"{source.publisher}, {published(source)}: {count}."
            page.search.append(
                SearchEntry(
                    "",
                    page.title,
                    " ".join(
                        p
                        for p in (source.publisher, published(source), people, source.note or "")
                        if p
                    ),
                )
            )
            page.data["facts_heading"] = page.heading(
                f"Facts from this article ({len(facts)})", id="facts"
            )
            page.data["groups"] = [
                (page.heading(f"{part.title} ({len(group)})", 3, id=part.name), part, group)
                for part, group in self.by_part(facts)
            ]

    def claimants(self) -> None:
        views = self.views
        page = self.add("claimants/index.md", "Claimants", "claimants.html.j2")
        page.data["groups"] = [
            (page.heading(kind), claimants) for kind, claimants in views.claimants_by_kind
        ]
        page.search.append(SearchEntry("", "Claimants", "Who the claims are attributed to."))
        page.data["in_parts"] = {
            c.id: self.by_part(views.facts_by_claimant.get(c.id, [])) for c in self.corpus.claimants
        }
        for claimant in self.corpus.claimants:
            facts = views.facts_by_claimant.get(claimant.id, [])
            if self.parts:
                self.claimant_of_parts(claimant, facts)
                continue
            listing = views.listing(f"claimants/{claimant.id}", facts)
            shown = [] if listing.split else facts
            page = self.add(
                f"claimants/{claimant.id}.md",
                claimant.name,
                "claimant.html.j2",
                anchored=shown,
                shown=facts,
                claimant=claimant,
                listing=listing,
                count=len(facts),
                facts=shown,
            )
            self.about_claimant(page, claimant, len(facts))
            self.year_pages(listing, claimant.name)

    def about_claimant(self, page: Page, claimant: Claimant, claims: int) -> None:
        """What a claimant's page says of them, searches, and its heading of claims."""
        about = [claimant.role, claimant.country, claimant.description]
        page.description = "; ".join(p for p in about if p) or claimant.name
        page.search.append(SearchEntry("", claimant.name, page.description))
        page.data["claims_heading"] = page.heading(f"Claims ({claims})", id="claims")

    def claimant_of_parts(self, claimant: Claimant, facts: list[FactRecord]) -> None:
        """A claimant's page in a site of several briefings: their claims briefing by
        briefing, each list split by year when it is long."""
        views = self.views
        groups = []
        for part, group in self.by_part(facts):
            folder = f"claimants/{claimant.id}/{part.name}"  # its years' pages
            listing = views.listing(f"claimants/{claimant.id}", group, folder=folder)
            groups.append((part, listing, [] if listing.split else group, len(group)))
        page = self.add(
            f"claimants/{claimant.id}.md",
            claimant.name,
            "claimant.html.j2",
            anchored=[f for _, _, shown, _ in groups for f in shown],
            shown=facts,
            claimant=claimant,
            count=len(facts),
        )
        self.about_claimant(page, claimant, len(facts))
        page.data["groups"] = [
            (page.heading(f"{part.title} ({n})", 3, id=part.name), part, listing, shown)
            for part, listing, shown, n in groups
        ]
        for part, listing, _, _ in groups:
            self.year_pages(listing, f"{claimant.name}, in {part.title}")

    def known(self) -> None:
        days = self.views.known_days
        for i, day in enumerate(days):
            previous = days[i - 1].day if i else None
            later = days[i + 1].day if i + 1 < len(days) else None
            facts = [e for q in day.quantities for e in q.new] + day.facts
            label = day_label(day.day)
            page = self.add(
                f"known/{day.day.isoformat()}.md",
                f"As known on {label}",
                "known.html.j2",
                shown=facts,
                day=day,
                label=label,
                facts=facts,
                previous=previous,
                next=later,
            )
            page.data["estimates_heading"] = page.heading("Estimates")
            page.data["quantities"] = [
                (page.heading(q.quantity.label, 3), q) for q in day.quantities
            ]
            page.data["others_heading"] = page.heading("Other facts reported that day")
        self.add("known/index.md", "What was known when", "known_index.html.j2", days=days)

    def changes(self) -> None:
        history = self.options.history
        page = self.add("changes.md", "What changed", "changes.html.j2", history=history)
        commits = history.commits if history is not None else []
        page.data["commits"] = [(page.heading(f"{c.date}: {c.subject}"), c) for c in commits]
        page.data["fact_ids"] = set(self.corpus.fact_by_id)

    def disagreements(self) -> None:
        views = self.views
        disputes = [fact for _, pairs in views.disputed for _, fact in pairs]
        contested = [
            e for q in views.contested_quantities for e in views.estimates_by_quantity[q.id]
        ]
        # Every competing estimate side by side while they fit on a page; beyond
        # that, a line per quantity (its own page has them side by side).
        tables = len(contested) <= views.page_limit
        page = self.add(
            "disagreements.md",
            "Disagreements",
            "disagreements.html.j2",
            shown=[*(t for t, _ in views.disputed), *disputes, *contested],
            tables=tables,
        )
        page.data["estimates_heading"] = page.heading("Competing estimates")
        page.data["quantities"] = [
            (page.heading(q.label, 3, id=q.id) if tables else None, q)
            for q in views.contested_quantities
        ]
        page.data["disputes_heading"] = page.heading("Denied and disputed claims")
        page.data["disputed"] = [
            (page.heading(_shorten(target.text, 90), 3, id=target.id), target, responses)
            for target, responses in views.disputed
        ]


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# The site's own styles and scripts (render/assets/), and the stamp of each build.
ASSET_FILES = {"css": ["assets/briefing.css"], "js": ["assets/briefing.js"]}
BUILD_STAMP = "build.json"


def downloads(views: Views, prefix: str = "") -> set[str]:
    """The data downloads and the feed of one briefing (or of the site), under `prefix`:
    what `render.data.downloads` and the feed write."""
    names = [
        "data/facts.csv",
        "data/facts.json",
        "data/schema.json",
        "data/facts.schema.json",
        "data/datapackage.json",
        "feed.xml",
        *(f"data/{quantity.id}.csv" for quantity in views.quantities),
    ]
    return {prefix + name for name in names}


def plan_site(
    corpus: Corpus, options: SiteOptions | None = None, views: Views | None = None
) -> Plan:
    """Every page of the site for a corpus that passed the checker: one briefing's, or,
    for a facts folder of several (`Corpus.parts`), each briefing's pages under its
    folder's name and the site's own pages (a hub, sources, claimants, downloads)."""
    options = options or SiteOptions()
    if not corpus.parts:
        views = views or Views(corpus, options.page_limit)
        planned = _Planner(corpus, views, options).plan()
        return Plan(planned, options, _files(views, {}), views=views)
    pages: dict[str, Page] = {}
    parts: dict[str, Part] = {}
    subs = {name: corpus.part_corpus(name) for name in corpus.parts}
    for name in _briefing_order(subs, options.order):
        sub = subs[name]
        part = parts[name] = Part(name, sub, Views(sub, options.page_limit))
        planner = _Planner(sub, part.views, options, part=name)
        planner.briefing()
        pages |= planner.pages
    site = corpus.site_corpus(options.title)
    views = views or Views(site, options.page_limit)
    pages |= _Planner(site, views, options, parts=parts.values()).plan_site_pages()
    return Plan(pages, options, _files(views, parts), parts=parts, views=views)


def _files(views: Views, parts: Mapping[str, Part]) -> set[str]:
    """Every file the site has besides its pages: each briefing's downloads and feed, the
    site's, the assets and the build's stamp."""
    files = downloads(views) | {*ASSET_FILES["css"], *ASSET_FILES["js"], BUILD_STAMP}
    for name, part in parts.items():
        files |= downloads(part.views, f"{name}/")
    return files


def _briefing_order(subs: Mapping[str, Corpus], order: Sequence[str]) -> list[str]:
    """The briefings of a site in the order the nav gives (`order`), then the others
    newest first: by the latest article their facts cite, then by folder name."""
    listed = [name for name in order if name in subs]

    def newest(name: str) -> tuple[int, str]:
        sub = subs[name]
        cited = (sub.source_by_id.get(f.source) for f in sub.facts)
        days = [s.published_day.toordinal() for s in cited if s is not None]
        return (-max(days, default=0), name)

    return listed + sorted((n for n in subs if n not in listed), key=newest)


def nav_order(nav: object) -> tuple[str, ...]:
    """The folders of the `NAME/index.md` pages the `nav` of mkdocs.yml names, in its
    order: the briefings of a site of several, as the hub lists them."""
    found: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, str):
            name = item.removesuffix("/index.md")
            if name != item and "/" not in name and name not in found:
                found.append(name)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav)
    return tuple(found)
