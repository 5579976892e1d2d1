"""What a MkDocs configuration means to the core: one adapter, for every engine.

The MkDocs plugin (`plugin.py`, for MkDocs and ProperDocs) and `export` (the tree any
engine builds, Zensical's among them) both turn `mkdocs.yml` into the core's terms here:

- the briefing plugin's options (`facts`, `strict`, `page_limit`, `cache_dir`,
  `archive`), with the same defaults and the same errors;
- the site's options for the plan (`SiteOptions`: address, name, nav order, forge
  links, hand-written pages);
- each generated page's metadata (title, description, `lastmod`, feed, share image,
  oEmbed description, search), and the share image of the pages the plan does not make.

This module imports no engine: it reads the configuration as a mapping, which MkDocs'
own config object and a plain dict from `mkdocs.yml` both are.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.i18n import ENGLISH, N_, Language
from generator.plan import Page, Plan, SiteOptions, briefing_card, forge_urls, nav_order
from generator.views import PAGE_LIMIT

PLUGIN = "briefing"  # the plugin's name in mkdocs.yml


class ConfigError(Exception):
    """A setting of mkdocs.yml the briefing cannot use; says which and what it takes."""


@dataclass(frozen=True)
class PluginOptions:
    """The briefing plugin's options in mkdocs.yml, with their defaults."""

    facts: str = "facts"  # the facts folder, relative to mkdocs.yml
    strict: bool = False
    page_limit: int = PAGE_LIMIT  # facts on one page, then a page per year
    # Compiled templates and drawn PNGs (images/) kept for the next build, relative to
    # mkdocs.yml; "" keeps the templates in memory only and draws every image again.
    cache_dir: str = ".cache/briefing"
    # The folder of the articles' copies, relative to mkdocs.yml (it may be outside the
    # repository); BRIEFING_ARCHIVE, when set, names it instead.
    archive: str = ""


OPTION_TYPES: dict[str, type] = {
    "facts": str,
    "strict": bool,
    "page_limit": int,
    "cache_dir": str,
    "archive": str,
}


def plugin_options(config: Mapping[str, Any]) -> PluginOptions:
    """The briefing plugin's options from a configuration read as plain YAML."""
    plugins = config.get("plugins") or []
    ours = next((p[PLUGIN] for p in plugins if isinstance(p, dict) and PLUGIN in p), None)
    given: dict[str, Any] = ours if isinstance(ours, dict) else {}
    values: dict[str, Any] = {}
    for name, value in given.items():
        kind = OPTION_TYPES.get(name)
        if kind is None:
            known = ", ".join(OPTION_TYPES)
            raise ConfigError(f"the briefing plugin has no option `{name}`; its options: {known}")
        too_few = name == "page_limit" and isinstance(value, int) and value < 1
        if type(value) is not kind or too_few:
            what = {"str": "a text", "bool": "true or false", "int": "a whole number of facts"}
            raise ConfigError(
                f"the briefing plugin's `{name}` must be {what[kind.__name__]}, not {value!r}"
            )
        values[name] = value
    return PluginOptions(**values)


def site_options(
    config: Mapping[str, Any],
    *,
    docs_dir: str,
    docs_pages: Mapping[str, str],
    project: Path,
    page_limit: int,
    site_url: str = "",
) -> SiteOptions:
    """The plan's options from the site's settings: its address (`site_url` when the
    configuration gives none), its name (none: the briefing's title names it), the nav's
    order of briefings, the forge's links to each fact's file, the hand-written pages."""
    edit_url, view_url = forge_urls(config.get("repo_url"), config.get("edit_uri"), docs_dir)
    return SiteOptions(
        site_url=str(config.get("site_url") or site_url or ""),
        title=str(config.get("site_name") or ""),
        order=nav_order(config.get("nav")),
        page_limit=page_limit,
        directory_urls=bool(config.get("use_directory_urls", True)),
        docs_pages=docs_pages,
        edit_url=edit_url,
        view_url=view_url,
        project=str(project),
        language=theme_language(config),
    )


def theme_language(config: Mapping[str, Any]) -> str:
    """The site's language: `theme.language` (Material's own setting), English unset."""
    theme: Any = config.get("theme")
    code = theme.get("language") if hasattr(theme, "get") else None  # a mapping or MkDocs' Theme
    return str(code) if code else "en"


def page_meta(
    page: Page | None, engine_indexes: bool = False, language: Language = ENGLISH
) -> dict[str, Any]:
    """A generated page's metadata as every engine's theme reads it (front matter, or
    MkDocs' `page.meta`): its title and description, escaped since the theme prints them
    as HTML; the day its facts last changed (`lastmod`, for the sitemap and the page's
    head); its briefing's feed; its share image (`image`, from the site's root, and
    `image_alt`, which the theme escapes); a quantity page's oEmbed description (`oembed`,
    from the site's root); and whether the engine's search indexes it: never under
    the plugin, which gives the index the plan's entries, and for an exported page
    (`engine_indexes`) when the plan gives it entries. None: the page that shows the
    facts' errors (in the site's `language`). Every page carries its language (`lang`,
    its briefing's) and its direction (`dir`), which the theme writes on `<html>`."""
    if page is None:
        return {
            "title": html.escape(language.gettext(ERRORS_TITLE), quote=False),
            "search": {"exclude": True},
            "lang": language.code,
            "dir": language.dir,
        }
    meta: dict[str, Any] = {
        "title": html.escape(page.title, quote=False),
        "lang": page.language.code,
        "dir": page.language.dir,
    }
    if page.description:
        meta["description"] = html.escape(page.description)
    if page.lastmod:
        meta["lastmod"] = page.lastmod.isoformat()
    if page.part:
        meta["feed"] = page.feed
    if page.image:
        meta["image"] = page.image
        meta["image_alt"] = page.image_alt
    if page.oembed:  # a quantity's embed, offered to oEmbed consumers (render/embeds.py)
        meta["oembed"] = page.oembed
    if not (engine_indexes and page.search):
        meta["search"] = {"exclude": True}
    return meta


ERRORS_TITLE = N_("The facts have errors")


# The languages Material's search (lunr) has a stemmer and stop words for: its `lang`.
SEARCH_LANGUAGES = frozenset(
    [
        "ar",
        "da",
        "de",
        "du",
        "es",
        "fi",
        "fr",
        "he",
        "hi",
        "hu",
        "hy",
        "it",
        "ja",
        "kn",
        "ko",
        "nl",
        "no",
        "pt",
        "ro",
        "ru",
        "sa",
        "sv",
        "ta",
        "te",
        "th",
        "tr",
        "vi",
        "zh",
    ]
)


def search_languages(plan: Plan, configured: list[str]) -> list[str]:
    """Material's search `lang`: the languages it is set to (by mkdocs.yml, or its own
    default from `theme.language`), with each language the site's pages are written in
    that its search supports (Ukrainian is not: its words are searched as the
    configured languages' are)."""
    used = {page.language.code.split("-")[0] for page in plan.pages.values()}
    return [*configured, *sorted(used & SEARCH_LANGUAGES - set(configured))]


def own_headers(docs_dir: str) -> str:
    """What a build says when the docs folder has a `_headers` file of its own: the
    project's is published as it is, in place of the one the build writes."""
    return (
        f"briefing: {docs_dir}/_headers is the project's own, so the build writes none: "
        "give it the framing rules of docs/security.md (embed/ may be framed by any "
        "site, every other page by none)"
    )


def site_image(plan: Plan) -> dict[str, str]:
    """The site's share image, for the pages the plan does not make (hand-written ones):
    the `extra` settings the theme reads when a page's metadata names no image."""
    card = plan.cards.get(briefing_card())
    if card is None:
        return {}
    return {"briefing_image": card.path, "briefing_image_alt": card.alt}


def site_name(title: str) -> str:
    """The site's name from the briefing's title, escaped: the theme prints the name as
    HTML in some places and escapes it (`| e`) in others, which leaves markup as it is."""
    return html.escape(title)
