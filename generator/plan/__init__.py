"""Every page of the site, as data, before anything is rendered.

`plan_site` walks the checked corpus once and returns a `Plan`: for each page its
path in the docs folder, title, template, the data the template shows, its table
of contents, the anchors other pages may link to, what search indexes, and the
claims it describes in JSON-LD. Rendering (`generator.render`) only lays pages out;
links are checked against the plan while they are written.

URLs come from paths: `topics/arms.md` is served at `topics/arms/` (or
`topics/arms.html` without directory URLs), so a page's depth, and the `../`
that leads back to the root, follow from its path alone.

What differs between a site of one briefing and a site of several is which planners
run over which records:

- `pages`: the plan as data (`Plan`, `Page`, `Heading`, `SearchEntry`, `Part`,
  `SiteOptions`), URLs and anchors;
- `builder`: the page builder both planners build on (`PageBuilder`);
- `briefing`: one briefing's own pages (`BriefingPlanner`);
- `site`: the pages a site has once: sources, claimants and What changed
  (`SitePages`, beside the one briefing of a site of one), with the hub and every
  briefing's downloads in a site of several (`SitePlanner`);
- `share`: each page's share image (`ShareCard`, who says what), the quantities'
  chart files and their embeds (with their oEmbed descriptions), which the plan lists
  among its files.

Other modules import from `generator.plan` alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from generator.corpus import Corpus
from generator.plan.briefing import BriefingPlanner
from generator.plan.builder import PageBuilder, plain_summary
from generator.plan.pages import (
    Heading,
    Page,
    Part,
    Plan,
    SearchEntry,
    SiteOptions,
    briefing_language,
    markdown_anchors,
    slug,
    url_of,
)
from generator.plan.share import (
    EMBEDS,
    ShareCard,
    briefing_card,
    card_of,
    chart_files,
    embed_files,
    embed_url,
    set_embeds,
    share_cards,
)
from generator.plan.site import SitePages, SitePlanner
from generator.views import Views

__all__ = [
    "ASSET_FILES",
    "BUILD_STAMP",
    "EMBEDS",
    "EMBED_ASSETS",
    "HEADERS",
    "BriefingPlanner",
    "Heading",
    "Page",
    "PageBuilder",
    "Part",
    "Plan",
    "SearchEntry",
    "ShareCard",
    "SiteOptions",
    "SitePages",
    "SitePlanner",
    "briefing_card",
    "briefing_language",
    "card_of",
    "chart_files",
    "charts",
    "downloads",
    "embed_files",
    "embed_url",
    "embeds",
    "forge_urls",
    "markdown_anchors",
    "nav_order",
    "plain_summary",
    "plan_site",
    "slug",
    "url_of",
]


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


# The site's own styles and scripts (render/assets/), and the stamp of each build.
ASSET_FILES = {"css": ["assets/briefing.css"], "js": ["assets/briefing.js"]}
BUILD_STAMP = "build.json"
# The embeds' style and script (embed-frame.js: the framed page's side of the resizing),
# and the script a page that frames an embed loads (embed.js: the framing page's side).
EMBED_ASSETS = ["assets/embed.css", "assets/embed-frame.js", "assets/embed.js"]
# The headers a static host (Netlify, Cloudflare Pages) sends: who may frame which page.
HEADERS = "_headers"


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
    folder's name and the site's own pages (a hub, sources, claimants, downloads).
    A site of one briefing is that briefing's pages and the sources, claimants and
    What changed of `SitePages`."""
    options = options or SiteOptions()
    if not corpus.parts:
        views = views or Views(corpus, options.page_limit)
        briefing = BriefingPlanner(corpus, views, options).plan()
        ones = briefing | SitePages(corpus, views, options).plan()
        cards = _cards(ones, {"": views}, options, corpus)
        set_embeds(ones, {"": views})
        return Plan(ones, options, _files(views, {}, cards), views=views, cards=cards)
    pages: dict[str, Page] = {}
    parts: dict[str, Part] = {}
    subs = {name: corpus.part_corpus(name) for name in corpus.parts}
    for name in _briefing_order(subs, options.order):
        sub = subs[name]
        part = parts[name] = Part(name, sub, Views(sub, options.page_limit))
        pages |= BriefingPlanner(sub, part.views, options, part=name).plan()
    site = corpus.site_corpus(options.title)
    views = views or Views(site, options.page_limit)
    pages |= SitePlanner(site, views, options, parts.values()).plan()
    by_part = {"": views, **{name: part.views for name, part in parts.items()}}
    cards = _cards(pages, by_part, options, site)
    set_embeds(pages, by_part)
    return Plan(pages, options, _files(views, parts, cards), parts=parts, views=views, cards=cards)


def _cards(
    pages: Mapping[str, Page], views: Mapping[str, Views], options: SiteOptions, corpus: Corpus
) -> dict[str, ShareCard]:
    """The site's share cards, each page's set on it (see `share.share_cards`)."""
    name = options.title or (corpus.briefing.title if corpus.briefing else "Briefing")
    return share_cards(pages, views, name, options.site_url)


def _files(views: Views, parts: Mapping[str, Part], cards: Mapping[str, ShareCard]) -> set[str]:
    """Every file the site has besides its pages: each briefing's downloads, feed,
    chart files and embeds, the site's, the share cards, the assets, the headers for
    static hosts and the build's stamp."""
    files = downloads(views) | {*ASSET_FILES["css"], *ASSET_FILES["js"], BUILD_STAMP}
    files |= {*EMBED_ASSETS, HEADERS}
    for name, part in parts.items():
        files |= downloads(part.views, f"{name}/")
        files |= charts(part.views, f"{name}/") | embeds(part.views, f"{name}/")
    if not parts:
        files |= charts(views) | embeds(views)
    return files | set(cards)


def charts(views: Views, prefix: str = "") -> set[str]:
    """The chart files (SVG and PNG) of a briefing's quantities with a standing estimate
    (one whose every estimate is withdrawn has no chart), under `prefix`."""
    return {path for q in views.key_quantities for path in chart_files(q.id, prefix)}


def embeds(views: Views, prefix: str = "") -> set[str]:
    """The embed pages and oEmbed descriptions of a briefing's quantities with a chart,
    under `prefix`."""
    return {path for q in views.key_quantities for path in embed_files(q.id, prefix)}


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
