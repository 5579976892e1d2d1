"""The plan as data: its pages (`Page`, with their headings and search entries), the
briefings of a site of several (`Part`), the options a site is planned with
(`SiteOptions`) and the `Plan` itself; and the rules that make a page's URL from its
path and a heading's anchor from its text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from generator.corpus import Corpus, FactRecord
from generator.i18n import ENGLISH, Language, reader_language
from generator.views import PAGE_LIMIT, Views

if TYPE_CHECKING:
    from generator.history import History
    from generator.plan.share import ShareCard


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
    # The site's language (`theme.language`): a briefing without its own writes in it.
    language: str = "en"


def briefing_language(corpus: Corpus, options: SiteOptions) -> Language:
    """The language of a briefing's pages: its own `language:`, else the site's."""
    briefing = corpus.briefing
    return reader_language(briefing.language if briefing else None, options.language)


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
    language: Language = ENGLISH  # its briefing's (`briefing_language`): `<html lang>`, dir
    # Its share image (plan/share.py), from the site's root, and that image's text.
    image: str = ""
    image_alt: str = ""
    # A quantity page's oEmbed description (plan/share.py), from the site's root.
    oembed: str = ""

    @property
    def feed(self) -> str:
        """The Atom feed a reader of the page subscribes to: its briefing's."""
        return f"{self.part}/feed.xml" if self.part else "feed.xml"

    @property
    def toc(self) -> list[Heading]:
        return [self.h1]

    def heading(self, title: str, level: int = 2, id: str | None = None) -> Heading:
        """A new heading under the last one of a higher level, with a unique anchor."""
        heading = Heading(unique_anchor(id or slug(title), self.anchors), title, level)
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
    cards: dict[str, ShareCard] = field(default_factory=dict)  # share images, by path
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


def unique_anchor(anchor: str, taken: set[str]) -> str:
    """`anchor`, or `anchor_1`, `anchor_2`... if it is taken; added to `taken`."""
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
        unique_anchor(explicit.group(1) if explicit else slug(text), anchors)
    return anchors
