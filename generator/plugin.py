"""The MkDocs plugin: the only module that imports MkDocs.

It checks the facts once per build, stops the build with the same located
messages as `make check` when they are broken, and adds every rendered page and
download to the build as in-memory files (MkDocs 1.6 `File.generated`), so no
generated Markdown lands in the docs folder. `mkdocs serve` watches `facts/`.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config, ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.diagnostics import format_text
from generator.history import changes
from generator.pipeline import archive_from_env, check_facts, today_from_env
from generator.provenance import provenance
from generator.render import (
    ASSET_FILES,
    INDEX_PAGES,
    SiteOptions,
    dataset_jsonld,
    render_errors,
    render_site,
)
from generator.render.views import PAGE_LIMIT

THEME = Path(__file__).parent / "render" / "theme"  # templates for MkDocs' theme


class BriefingConfig(Config):
    facts = opt.Type(str, default="facts")
    strict = opt.Type(bool, default=False)
    page_limit = opt.Type(int, default=PAGE_LIMIT)  # facts on one page, then a page per year


class BriefingPlugin(BasePlugin[BriefingConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.spent = (0.0, 0.0)  # wall and CPU seconds of this build's on_config
        self.last_pages: set[str] = set(INDEX_PAGES)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance alive across `serve` rebuilds.
        self.serving = command == "serve"

    def on_config(self, config: Any) -> Any:
        started = _clock()
        config.extra_css = [*ASSET_FILES["css"], *config.extra_css]
        config.extra_javascript = [*ASSET_FILES["js"], *config.extra_javascript]
        _site_address(config)
        self.stamp = provenance(self._facts_dir(config))
        footer = self.stamp.footer()  # plain text: Material prints the copyright as HTML
        config.copyright = f"{config.copyright} · {footer}" if config.copyright else footer
        self.spent = _since(started)
        return config

    def _facts_dir(self, config: Any) -> Path:
        return Path(config.config_file_path).parent / self.config.facts

    def on_files(self, files: Files, *, config: Any) -> Files:
        started = _clock()
        strict = self.config.strict or os.environ.get("BRIEFING_STRICT", "") not in ("", "0")
        try:
            today = today_from_env()
        except ValueError as exc:
            raise PluginError(f"BRIEFING_TODAY: {exc}") from None
        checked = check_facts(
            self._facts_dir(config), strict=strict, today=today, archive=archive_from_env()
        )
        if checked.diagnostics:
            print(format_text(checked.diagnostics), file=sys.stderr)
        print(checked.summary(), file=sys.stderr)
        if not checked.ok and not self.serving:
            raise PluginError("the facts have errors (listed above); the site was not built")
        if checked.ok:
            history = changes(self._facts_dir(config))
            options = SiteOptions(
                site_url=config.site_url or "",
                history=history,
                page_limit=self.config.page_limit,
            )
            generated = render_site(checked.corpus, options)
            config.extra["briefing_dataset"] = dataset_jsonld(checked.corpus, options)
            generated["build.json"] = self.stamp.json()
            self.last_pages |= set(generated)
        else:  # a live preview shows the errors in place of every generated page
            lines = [str(d) for d in checked.diagnostics] + [checked.summary()]
            generated = dict(render_errors(lines, self.last_pages))
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"site_src/{path} would be replaced by a generated page; rename or remove it"
                )
            # Generated pages stay out of the nav (and out of MkDocs' list of pages
            # missing from it); `nav` in mkdocs.yml still links the index pages.
            inclusion = InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        if checked.ok:
            wall, cpu = (a + b for a, b in zip(self.spent, _since(started), strict=True))
            pages = sum(path.endswith(".md") for path in generated)
            print(
                f"briefing: {pages:,} pages and {len(generated) - pages:,} other files "
                f"generated from the facts in {wall:.2f} s ({cpu:.2f} s CPU)",
                file=sys.stderr,
            )
        return files

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        server.watch(str(self._facts_dir(config)))
        return server


def _site_address(config: Any) -> None:
    """`site_url` from mkdocs.yml, else from SITE_URL. The plugin's theme templates
    (render/theme/) write sitemap.xml and robots.txt only when it is set: a sitemap
    needs absolute addresses. Without it they render empty and are skipped; the
    build says so once."""
    if not config.site_url and os.environ.get("SITE_URL"):
        try:
            config.site_url = opt.URL(is_dir=True).validate(os.environ["SITE_URL"])
        except ValidationError as exc:
            raise PluginError(f"SITE_URL: {exc}") from None
    if str(THEME) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(THEME))
    config.theme.static_templates.add("robots.txt")
    if not config.site_url:
        logging.getLogger("mkdocs.commands.build").addFilter(_quiet_skipped_templates)
        print(
            "warning: site_url is not set (SITE_URL): no sitemap, canonical links or "
            "absolute feed addresses; set it to the published address",
            file=sys.stderr,
        )


def _quiet_skipped_templates(record: logging.LogRecord) -> bool:
    """MkDocs' notes that sitemap.xml and robots.txt were skipped: said above already."""
    return "generated empty output" not in record.getMessage()


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]
