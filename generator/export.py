"""`python -m generator export DIR`: the whole site as plain files, for any engine.

DIR/docs/ holds the hand-written pages of the docs folder and every generated page,
asset, download and the feed; DIR/overrides/ the package's theme overrides with the
project's own over them; DIR/mkdocs.yml is the project's configuration with
the briefing plugin taken out (its work is already done) and the generated styles
and scripts listed. Each generated page is its HTML body in a Markdown file (see
`markdown_page`), so MkDocs, ProperDocs and Zensical all build that tree. Export
and the plugin both call `generate`, so the two paths cannot drift. Nothing in
the tree depends on the machine it was made on.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import examples
from generator.adapter import (
    PLUGIN,
    ConfigError,
    own_headers,
    page_meta,
    plugin_options,
    site_image,
    site_name,
    site_options,
)
from generator.diagnostics import format_text
from generator.pipeline import generate
from generator.plan import HEADERS, Page
from generator.project import THEME
from generator.provenance import fill_colophon, provenance
from generator.render import ASSET_FILES, markdown
from generator.render.jinja import compiled_templates
from generator.settings import Settings, archive_folder


def _ours(plugin: object) -> bool:
    """The briefing plugin's entry in `plugins` (its work is done by the export)."""
    return plugin == PLUGIN or (isinstance(plugin, dict) and PLUGIN in plugin)


def export(
    facts: Path | None,
    directory: Path,
    *,
    strict: bool = False,
    today: date | None = None,
    config: Path = Path("mkdocs.yml"),
    environment: Settings | None = None,
) -> int:
    """Write the site as plain files; `facts` defaults to the briefing plugin's `facts`
    option (relative to mkdocs.yml), as the plugin reads it; `environment` (the settings
    the command line read) gives the address when mkdocs.yml sets none, the archive, the
    limits and the time."""
    environment = environment or Settings()
    try:
        settings = engine_config(config)
        ours = plugin_options(settings)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    facts = facts or config.parent / ours.facts
    if environment.site_url and not settings.get("site_url"):
        settings["site_url"] = environment.site_url
    settings["plugins"] = [p for p in settings.get("plugins") or [] if not _ours(p)]
    docs_dir = str(settings.pop("_docs_dir"))
    source_docs = config.parent / docs_dir
    docs_pages = (
        {
            p.relative_to(source_docs).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(source_docs.rglob("*.md"))
        }
        if source_docs.is_dir()
        else {}
    )
    options = site_options(
        settings,
        docs_dir=docs_dir,
        docs_pages=docs_pages,
        project=config.parent.resolve(),
        page_limit=ours.page_limit,
    )
    stamp = provenance(facts, environment.built, environment.limits)
    archive = archive_folder(environment, ours.archive, config)
    generated = generate(
        facts,
        options,
        strict=strict or ours.strict or environment.strict,
        today=today or environment.today,
        archive=archive,
        stamp=stamp,
        limits=environment.limits,
        # The plugin's cache folder, as a build keeps it: compiled templates and the
        # drawn PNGs (chart files and share cards) are not made again.
        compiled=compiled_templates(config.parent / ours.cache_dir) if ours.cache_dir else None,
    )
    if generated.diagnostics:
        print(format_text(generated.diagnostics))
    print(generated.checked.summary(), file=sys.stderr)
    marked = examples.in_facts(facts, environment.limits) + examples.in_pages(docs_pages, docs_dir)
    if marked:  # as every build says them (see generator/examples.py)
        print(format_text(marked) + "\n" + examples.summary(marked), file=sys.stderr)
    if not generated.ok or generated.plan is None:
        return 1
    docs = directory / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    if source_docs.is_dir():
        shutil.copytree(source_docs, docs)
        for page in docs.rglob("*.md"):  # the colophon line, where a page has one
            text = page.read_text(encoding="utf-8")
            depth = len(page.relative_to(docs).parts) - 1
            filled = fill_colophon(text, stamp, depth)
            if filled != text:
                page.write_text(filled, encoding="utf-8")
    # Without site_name in mkdocs.yml, the site is named by the briefing's title: text
    # from the facts, escaped, since the theme prints the site's name as HTML.
    if not settings.get("site_name") and "index.md" in generated.plan.pages:
        title = generated.plan.pages["index.md"].title
        settings["site_name"] = site_name(title)
        if not settings.get("site_description"):
            settings["site_description"] = site_name(f"A sourced briefing: {title}")
    # The package's theme overrides (the page head's feed link, link cards and JSON-LD,
    # the search dialog), then the project's own over them, as the plugin orders them.
    overrides = directory / "overrides"
    if overrides.exists():
        shutil.rmtree(overrides)
    shutil.copytree(THEME, overrides, ignore=shutil.ignore_patterns("sitemap.xml", "robots.txt"))
    custom = settings.pop("_custom_dir")
    if custom and (config.parent / custom).is_dir():
        shutil.copytree(config.parent / custom, overrides, dirs_exist_ok=True)
    settings.setdefault("extra", {})["briefing_dataset"] = generated.dataset
    settings["extra"].update(site_image(generated.plan))
    files: dict[str, str | bytes] = dict(generated.files)
    if (source_docs / HEADERS).is_file():  # the project's own, as the plugin keeps it
        del files[HEADERS]
        print(own_headers(docs_dir), file=sys.stderr)
    for path, html in generated.pages.items():
        files[path] = markdown_page(generated.plan.pages[path], html.decode())
    for path, content in sorted(files.items()):
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    (directory / "mkdocs.yml").write_text(
        yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    print(f"exported to {directory}", file=sys.stderr)
    return 0


_HEADING = re.compile(
    r'^<h([1-6]) id="([^"]*)">(.*?)<a class="headerlink" href="#[^"]*" title="Permanent link">'
    r"&para;</a></h\1>$",
    re.M,
)


def markdown_page(page: Page, html: str) -> str:
    """A page's HTML body as a Markdown file any engine builds: front matter, each
    heading as a Markdown heading with its anchor (so the engine's table of contents
    has it), and everything between as raw HTML blocks, which Markdown leaves alone."""
    front = page_meta(page, engine_indexes=True)  # as the plugin gives MkDocs (adapter)
    head = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1_000_000)
    blocks: list[str] = []
    position = 0
    for match in _HEADING.finditer(html):
        blocks.append(html[position : match.start()].strip())
        level, anchor, title = match.groups()
        text = markdown.text(htmllib.unescape(title))
        blocks.append(f"{'#' * int(level)} {text} {{ #{anchor} }}")
        position = match.end()
    blocks.append(html[position:].strip())
    body = "\n\n".join(block for block in blocks if block)
    return f"---\n{head}---\n\n{body}\n"


def engine_config(config: Path) -> dict[str, Any]:
    """The project's MkDocs settings for a pre-rendered docs tree (see module doc)."""
    try:
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{config} cannot be read: {exc}") from None
    if not isinstance(settings, dict):
        raise ConfigError(f"{config} is not a mapping of settings")
    docs_dir = str(settings.get("docs_dir", "docs"))
    settings["_docs_dir"] = docs_dir
    settings["docs_dir"] = "docs"
    theme = settings.get("theme")
    if not isinstance(theme, dict):
        theme = settings["theme"] = {"name": theme or "material"}
    custom = theme.get("custom_dir")
    settings["_custom_dir"] = custom if isinstance(custom, str) else None
    theme["custom_dir"] = "overrides"  # written by `export`
    settings["site_dir"] = "site"
    settings["extra_css"] = [*ASSET_FILES["css"], *settings.get("extra_css", [])]
    settings["extra_javascript"] = [*ASSET_FILES["js"], *settings.get("extra_javascript", [])]
    return settings
