"""Render the planned pages as HTML, and the site's other files; no MkDocs needed.

The package, by job:

- `renderer.py`: `Renderer`, which composes the parts below into what templates call
  and renders a plan's pages, charts, downloads and feed;
- `jinja.py`: the one Jinja environment, and every use of Jinja's internals;
- `links.py`: `url(path, anchor)`, each link checked against the plan;
- `items.py`: a fact's item rendered once and reused on every page, and the lines
  items share (attributions, citations, `<time>` tags), each rendered once;
- `notes.py`: footnotes, numbered per page, and editors' summaries citing facts;
- `position.py`: the page and fact being rendered, shared by a site's renderers;
- `reuse.py`: what a live preview's rebuild takes from the last build;
- `data.py` (downloads and the feed), `charts.py` (charts' geometry), `jsonld.py`
  (structured data), `markdown.py` (exported pages' headings), `images.py` (chart
  files and share cards, drawn as PNG and cached by content), `embeds.py` (the
  embeds' snippet, oEmbed descriptions and the `_headers` file).

Every word a reader sees comes from `generator.wording`.
"""

from __future__ import annotations

from pathlib import Path

from generator.corpus import Corpus
from generator.i18n import ENGLISH, Language
from generator.plan import ASSET_FILES, Plan, SiteOptions, briefing_language, plan_site
from generator.render import jsonld
from generator.render.data import build_time
from generator.render.items import ItemCache
from generator.render.jinja import CompiledTemplates, environment, template_words
from generator.render.notes import summary_html
from generator.render.position import Position
from generator.render.renderer import Renderer
from generator.render.reuse import SELF_CONTAINED
from generator.views import Views

__all__ = [
    "ASSET_FILES",
    "SELF_CONTAINED",
    "Renderer",
    "SiteOptions",
    "build_time",
    "dataset_jsonld",
    "render_errors",
    "render_site",
    "site_renderer",
    "summary_html",
]


def render_errors(lines: list[str], language: Language = ENGLISH) -> str:
    """For a live preview of broken facts: the page shown in place of every page, in
    the site's language (the diagnostics themselves are the editors', in English)."""
    words = template_words(language)[0]
    return environment().get_template("errors.html.j2").render(lines=lines, _=words)


def dataset_jsonld(
    corpus: Corpus, options: SiteOptions | None = None, views: Views | None = None
) -> str:
    """The briefing's schema.org Dataset block, for the head of the home page."""
    site_url = options.site_url.rstrip("/") + "/" if options and options.site_url else "/"
    language = briefing_language(corpus, options or SiteOptions())
    return str(jsonld.dataset_block(corpus, site_url, views, language))


def site_renderer(
    corpus: Corpus,
    plan: Plan,
    compiled: CompiledTemplates | None = None,
    images: Path | None = None,
) -> Renderer:
    """The renderer of a planned site: of its one briefing, or of a site of several,
    with a renderer for each briefing (`compiled`: where compiled templates are kept),
    all sharing one position and one item cache. `images`: the folder drawn PNGs are
    kept in between builds; by default `images/` in the build's cache folder, the one
    that holds `compiled`'s folder (none when the templates are kept in memory only)."""
    if images is None and compiled is not None and compiled.folder is not None:
        images = compiled.folder.parent / "images"
    if not plan.parts:
        return Renderer(corpus, plan, plan.views, compiled=compiled, images=images)
    position, cache = Position(), ItemCache()  # shared by the site's renderers
    parts = {
        name: Renderer(
            part.corpus, plan, part.views, name, compiled=compiled, position=position, cache=cache
        )
        for name, part in plan.parts.items()
    }
    site = plan.views.corpus if plan.views else corpus.site_corpus(plan.options.title)
    return Renderer(
        site,
        plan,
        plan.views,
        parts=parts,
        compiled=compiled,
        position=position,
        cache=cache,
        images=images,
    )


def render_site(corpus: Corpus, options: SiteOptions | None = None) -> dict[str, str | bytes]:
    """Every page body and file of the site, for a corpus that passed the checker."""
    plan = plan_site(corpus, options)
    renderer = site_renderer(corpus, plan)
    files = renderer.files()
    return {**renderer.pages(), **files}
