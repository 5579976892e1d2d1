"""The MkDocs plugin: the only module that imports MkDocs.

It calls `generate` once per build, stops the build with the same located
messages as `make check` when the facts (or the links the pages make) are broken,
and feeds the result into the build: each planned page as an in-memory file
(MkDocs 1.6 `File.generated`) whose HTML, title, table of contents and anchors
come from the plan, with no Markdown pass; downloads and the feed as files; the
pages' search entries into the search index. `mkdocs serve` watches `facts/`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import mkdocs
from markupsafe import Markup
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import AnchorLink, TableOfContents

from generator import examples
from generator.adapter import (
    PluginOptions,
    own_headers,
    page_meta,
    search_languages,
    site_image,
    site_name,
    site_options,
    theme_language,
)
from generator.diagnostics import format_text
from generator.i18n import language_problem, reader_language
from generator.pipeline import Reuse, generate
from generator.plan import HEADERS, Heading, Page
from generator.project import THEME, config_advice
from generator.provenance import fill_colophon, provenance
from generator.render import ASSET_FILES, render_errors
from generator.render.jinja import JINJA_VERSION, CompiledTemplates, compiled_templates
from generator.settings import SettingError, Settings, archive_folder, from_environment

DEFAULTS = PluginOptions()


class BriefingConfig(Config):
    """The plugin's options, as MkDocs validates them: their names, types and defaults are
    `adapter.PluginOptions`' (which export reads from mkdocs.yml too)."""

    facts = opt.Type(str, default=DEFAULTS.facts)
    strict = opt.Type(bool, default=DEFAULTS.strict)
    page_limit = opt.Type(int, default=DEFAULTS.page_limit)
    cache_dir = opt.Type(str, default=DEFAULTS.cache_dir)
    archive = opt.Type(str, default=DEFAULTS.archive)


class BriefingPlugin(BasePlugin[BriefingConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.spent = (0.0, 0.0)  # wall and CPU seconds of this build's on_config
        self.pages: dict[str, tuple[bytes, Page | None]] = {}  # path -> (HTML, its plan)
        self.last_pages: set[str] = set()
        self.dirty = False
        self.frame: tuple[Any, ...] | None = None  # see on_files
        self.reuse: Reuse | None = None  # what a preview's rebuild takes from the last
        self.cache: Path | None = None  # config.cache_dir, from the project's folder
        self.compiled: CompiledTemplates | None = None  # the generator's templates
        self.theme_compiled: dict[str, CompiledTemplates] = {}  # the theme's, by env
        self.named = True  # whether mkdocs.yml names the site (else the briefing does)
        self.title = "Briefing"  # the briefing's title, as the last build read it
        self.settings = Settings()  # the environment's, read in on_config

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance alive across `serve` rebuilds.
        self.serving = command == "serve"
        if self.serving and self.reuse is None:
            self.reuse = Reuse()
        # `mkdocs serve --dirty` (make serve): rebuild only the pages that changed.
        self.dirty = dirty
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_dirty_notice)

    def on_config(self, config: MkDocsConfig) -> Any:
        started = _clock()
        try:  # the environment, read once a build, here at the edge
            self.settings = from_environment(os.environ)
        except SettingError as exc:
            raise PluginError(str(exc)) from None
        config.extra_css = [*ASSET_FILES["css"], *config.extra_css]
        config.extra_javascript = [*ASSET_FILES["js"], *config.extra_javascript]
        _site_address(config, self.settings)
        _theme_folders(config)
        for advice in config_advice(
            theme=config.theme.name,
            font=config.theme.get("font"),
            custom_dir=config.theme.custom_dir,
            plugins=list(config.plugins),
            extensions=list(config.markdown_extensions),
        ):
            print(f"warning: {Path(config.config_file_path).name}: {advice}", file=sys.stderr)
        if problem := language_problem(theme_language(config)):
            print(
                f"warning: {Path(config.config_file_path).name}: theme.language: {problem}; "
                "the generator's words stay in English",
                file=sys.stderr,
            )
        self.stamp = provenance(self._facts_dir(config), self.settings.built, self.settings.limits)
        cache = self.config.cache_dir
        cache_path = Path(config.config_file_path).parent / cache if cache else None
        if self.compiled is None or cache_path != self.cache:  # once a process
            self.cache, self.theme_compiled = cache_path, {}
            self.compiled = compiled_templates(cache_path) if cache_path else CompiledTemplates()
        # The build stamp is in the about page's colophon and build.json, not in every
        # page's footer: the footer (copyright) is the project's own, in mkdocs.yml.
        # Without site_name in mkdocs.yml, the site is named by the briefing's title
        # (see on_files), so that the title is written in facts/briefing.yaml only.
        self.named = bool(config.site_name)
        if not self.named:
            config.site_name = Markup(site_name(self.title))
        self.spent = _since(started)
        return config

    def _facts_dir(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent / self.config.facts

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        started = _clock()
        previous = self.pages
        # What every page shows besides its own content: the nav, the site's name and
        # the hand-written pages' titles in the nav. When it changes, every page is built
        # again. (A name taken from the briefing is compared once the facts are read.)
        frame = (
            repr(config.nav),
            config.site_name if self.named else None,  # else the title: see below
            [(f.src_uri, f.content_string) for f in files.documentation_pages()],
        )
        same_frame, self.frame = frame == self.frame, frame
        settings = self.settings
        options = site_options(
            {**config, "site_name": config.site_name if self.named else ""},
            docs_dir=_docs_folder(config),
            docs_pages={f.src_uri: f.content_string for f in files.documentation_pages()},
            project=Path(config.config_file_path).parent,
            page_limit=self.config.page_limit,
        )
        generated = generate(
            self._facts_dir(config),
            options,
            strict=self.config.strict or settings.strict,
            today=settings.today,
            archive=archive_folder(settings, self.config.archive, Path(config.config_file_path)),
            limits=settings.limits,
            stamp=self.stamp,
            reuse=self.reuse,
            compiled=self.compiled,
        )
        if generated.diagnostics:
            print(format_text(generated.diagnostics), file=sys.stderr)
        print(generated.checked.summary(), file=sys.stderr)
        if not generated.ok and not self.serving:
            raise PluginError("the facts have errors (listed above); the site was not built")
        folder = _docs_folder(config)
        marked = examples.in_facts(self._facts_dir(config), settings.limits) + examples.in_pages(
            options.docs_pages, folder
        )
        if marked:  # warnings every build shows; `check --publishable` refuses them
            print(format_text(marked) + "\n" + examples.summary(marked), file=sys.stderr)
        if generated.ok and generated.plan is not None:
            plan = generated.plan
            title = plan.pages["index.md"].title if "index.md" in plan.pages else self.title
            same_frame = same_frame and (self.named or title == self.title)
            self.title = title
            if not self.named:  # text from the facts, which the theme prints as HTML
                config.site_name = Markup(site_name(title))
                if not config.site_description:
                    language = reader_language(None, options.language)
                    described = language.gettext("A sourced briefing: {title}")
                    described = described.format(title=title)
                    config.site_description = Markup(site_name(described))
            self.pages = {p: (html, plan.pages[p]) for p, html in generated.pages.items()}
            search = config.plugins.get("material/search") or config.plugins.get("search")
            if search is not None and isinstance(search.config.get("lang"), list):
                # Material's search keeps its settings in its index too (made on_config).
                search.config.lang = search_languages(plan, search.config.lang)
                index_settings = getattr(getattr(search, "search_index", None), "config", None)
                if isinstance(index_settings, dict):
                    index_settings["lang"] = search.config.lang
            self.search = [
                {
                    "location": plan.url(p.path) + (f"#{e.anchor}" if e.anchor else ""),
                    "title": escape(e.title, quote=False),
                    "text": escape(e.text, quote=False),
                }
                for p in plan.pages.values()
                for e in p.search
            ]
            other: dict[str, str | bytes] = generated.files
            listed = _nav_paths(config.nav)
            for name, part in plan.parts.items():
                if config.nav is not None and f"{name}/index.md" not in listed:
                    print(
                        f"briefing: the briefing `{name}` is not in the nav of mkdocs.yml "
                        f"(the home page links it); to add a tab: "
                        f"`- {part.title}: {name}/index.md`",
                        file=sys.stderr,
                    )
            config.extra["briefing_dataset"] = generated.dataset
            config.extra.update(site_image(plan))
            self.last_pages = set(self.pages)
        else:  # a live preview shows the errors in place of every generated page
            lines = [str(d) for d in generated.diagnostics] + [generated.checked.summary()]
            page = render_errors(lines, reader_language(None, options.language)).encode()
            self.pages = {path: (page, None) for path in self.last_pages or {"index.md"}}
            self.search, other = [], {}
        if HEADERS in other and files.get_file_from_path(HEADERS) is not None:
            other = {path: content for path, content in other.items() if path != HEADERS}
            print(own_headers(folder), file=sys.stderr)
        for path in [*self.pages, *other]:
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{path} would be replaced by a generated page; "
                    "rename or remove it"
                )
        # Generated pages stay out of the nav (and out of MkDocs' list of pages missing
        # from it); `nav` in mkdocs.yml still links the index pages.
        for path in self.pages:
            file = File.generated(config, path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            if self.dirty and same_frame and self.pages[path][0] == previous.get(path, (None,))[0]:
                _unchanged(file)
            files.append(file)
        for path, content in other.items():
            files.append(File.generated(config, path, content=content))
        if generated.ok:
            wall, cpu = (a + b for a, b in zip(self.spent, _since(started), strict=True))
            kept = self.reuse.kept if self.reuse else 0
            print(
                f"briefing: {len(self.pages):,} pages and {len(other):,} other files "
                f"generated from the facts in {wall:.2f} s ({cpu:.2f} s CPU)"
                + (f"; {kept:,} unchanged pages kept from the last build" if kept else ""),
                file=sys.stderr,
            )
        return files

    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        entry = self.pages.get(page.file.src_uri)
        if entry is None:  # a hand-written page: its colophon line, if any, is filled
            return fill_colophon(markdown, self.stamp, page.file.src_uri.count("/"))
        # No entry of the engine's: indexed from the plan. The errors page (no plan's
        # page) in the site's language.
        page.meta = page_meta(entry[1], language=reader_language(None, theme_language(config)))
        return ""  # the page is already HTML: nothing for Markdown to do

    def on_page_content(
        self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        entry = self.pages.get(page.file.src_uri)
        if entry is None:
            return html
        planned = entry[1]
        if planned is not None:
            page.toc = TableOfContents([_anchor_link(h) for h in planned.toc])
            page.present_anchor_ids = set(planned.anchors)
        # MkDocs reads every page before it writes any: the HTML joins the page only
        # while it is written (on_page_context to on_post_page), so the build holds each
        # page's HTML once, as UTF-8, rather than as text as well.
        return ""

    @event_priority(-100)  # after the search plugin, which has nothing to index here
    def on_page_context(
        self, context: Any, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        entry = self.pages.get(page.file.src_uri)
        if entry is not None:
            page.content = entry[0].decode()
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.pages:
            page.content = ""
        return output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if not self.search or not index.is_file():
            return
        # The index ends with its list of entries, `..."docs":[...]}`: the plan's entries
        # are added at its end, without reading the whole index into memory as objects.
        text = index.read_text(encoding="utf-8")
        if not text.endswith("]}"):
            raise PluginError(f"{index} does not end with its list of entries")
        ours = json.dumps(self.search, separators=(",", ":"))[1:-1]
        comma = "" if text.endswith("[]}") else ","
        index.write_text(f"{text[:-2]}{comma}{ours}]}}", encoding="utf-8")

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> Any:
        # The theme's templates, compiled once a process and kept for the next build in
        # a folder named for what shapes their code besides their sources: the engine
        # installed (MkDocs or a fork of it), Jinja, the environment's settings.
        engine = f"{mkdocs.__file__} {mkdocs.__version__} {JINJA_VERSION}"
        shaped_by = f"{engine} {env.autoescape!r} {sorted(env.extensions)}"
        key = hashlib.sha256(shaped_by.encode()).hexdigest()[:16]
        if key not in self.theme_compiled:
            folder = self.cache / f"theme-{key}" if self.cache else None
            self.theme_compiled[key] = CompiledTemplates(folder)
        env.bytecode_cache = self.theme_compiled[key]
        return env

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._facts_dir(config)))
        return server


def _docs_folder(config: MkDocsConfig) -> str:
    """The docs folder as messages name it: relative to the project's folder."""
    project = Path(config.config_file_path).parent
    docs = Path(config.docs_dir)
    return docs.relative_to(project).as_posix() if docs.is_relative_to(project) else docs.name


def _unchanged(file: File) -> None:
    """Under `mkdocs serve --dirty`, a generated page whose HTML and frame (the nav and
    the hand-written pages) are the same as in the previous build keeps the output
    that build wrote: MkDocs skips it. Hand-written pages are rebuilt as MkDocs
    decides (when edited)."""
    written = file.abs_dest_path
    file.is_modified = lambda: not os.path.isfile(written)  # type: ignore[method-assign]


def _quiet_dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs' warning about dirty builds: only generated pages that would come out
    the same are skipped here (see _unchanged), so the navigation stays right."""
    return "A 'dirty' build is being performed" not in record.getMessage()


def _anchor_link(heading: Heading) -> AnchorLink:
    link = AnchorLink(escape(heading.title, quote=False), heading.id, heading.level)
    link.children = [_anchor_link(h) for h in heading.children]
    return link


def _site_address(config: MkDocsConfig, settings: Settings) -> None:
    """`site_url` from mkdocs.yml, else from SITE_URL. The plugin's theme templates
    (render/theme/) write sitemap.xml and robots.txt only when it is set: a sitemap
    needs absolute addresses. Without it they render empty and are skipped; the
    build says so once."""
    if not config.site_url and settings.site_url:
        try:
            config.site_url = opt.URL(is_dir=True).validate(settings.site_url)
        except ValidationError as exc:
            raise PluginError(f"SITE_URL: {exc}") from None
    config.theme.static_templates.add("robots.txt")
    if not config.site_url:
        logging.getLogger("mkdocs.commands.build").addFilter(_quiet_skipped_templates)
        print(
            "warning: site_url is not set (SITE_URL): no sitemap, canonical links or "
            "absolute feed addresses; set it to the published address",
            file=sys.stderr,
        )


def _theme_folders(config: MkDocsConfig) -> None:
    """The package's theme overrides (render/theme/: the page head's feed link, link
    cards and JSON-LD, the search dialog, the sitemap and robots.txt) go after the
    project's own `custom_dir`, so that a project keeps only the overrides it changes,
    and before Material's."""
    dirs = config.theme.dirs
    if str(THEME) in dirs:
        return
    custom = config.theme.custom_dir
    dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, str(THEME))


def _quiet_skipped_templates(record: logging.LogRecord) -> bool:
    """MkDocs' notes that sitemap.xml and robots.txt were skipped: said above already."""
    return "generated empty output" not in record.getMessage()


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def _nav_paths(nav: Any) -> set[str]:
    """Every page path named in the `nav` of mkdocs.yml."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return {p for value in nav.values() for p in _nav_paths(value)}
    if isinstance(nav, list):
        return {p for item in nav for p in _nav_paths(item)}
    return set()
