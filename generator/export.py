"""`python -m generator export DIR`: the whole site as plain files, for any engine.

DIR/docs/ holds the hand-written pages of the docs folder and every generated page,
asset, download and the feed; DIR/mkdocs.yml is the project's configuration with
the briefing plugin taken out (its work is already done) and the generated styles
and scripts listed. MkDocs, ProperDocs and Zensical all build that tree. The same
render functions feed the plugin, so the two paths cannot drift. Nothing in the
tree depends on the machine it was made on.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import format_text
from generator.history import changes
from generator.pipeline import archive_from_env, check_facts
from generator.provenance import provenance
from generator.render import ASSET_FILES, SiteOptions, dataset_jsonld, render_site
from generator.render.views import PAGE_LIMIT


class ConfigError(Exception):
    """The MkDocs configuration cannot be turned into an engine-neutral one."""


def export(
    facts: Path,
    directory: Path,
    *,
    strict: bool = False,
    today: date | None = None,
    config: Path = Path("mkdocs.yml"),
) -> int:
    checked = check_facts(facts, strict=strict, today=today, archive=archive_from_env())
    if checked.diagnostics:
        print(format_text(checked.diagnostics))
    print(checked.summary(), file=sys.stderr)
    if not checked.ok:
        return 1
    try:
        settings = engine_config(config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    docs = directory / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    source_docs = config.parent / str(settings.pop("_docs_dir"))
    if source_docs.is_dir():
        shutil.copytree(source_docs, docs)
    options = SiteOptions(history=changes(facts), page_limit=settings.pop("_page_limit"))
    generated = render_site(checked.corpus, options)
    settings.setdefault("extra", {})["briefing_dataset"] = dataset_jsonld(checked.corpus)
    generated["build.json"] = provenance(facts).json()
    for path, content in sorted(generated.items()):
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
    if isinstance(theme, dict):
        custom = theme.get("custom_dir")
        prefix = docs_dir.rstrip("/") + "/"
        if isinstance(custom, str) and custom.startswith(prefix):
            theme["custom_dir"] = "docs/" + custom.removeprefix(prefix)
    settings["site_dir"] = "site"
    plugins = settings.get("plugins") or []
    ours = next((p["briefing"] for p in plugins if isinstance(p, dict) and "briefing" in p), None)
    limit = ours.get("page_limit", PAGE_LIMIT) if isinstance(ours, dict) else PAGE_LIMIT
    if type(limit) is not int or limit < 1:
        raise ConfigError(f"briefing's page_limit must be a whole number of facts, not {limit!r}")
    settings["_page_limit"] = limit
    settings["plugins"] = [
        p for p in plugins if not (p == "briefing" or (isinstance(p, dict) and "briefing" in p))
    ]
    settings["extra_css"] = [*ASSET_FILES["css"], *settings.get("extra_css", [])]
    settings["extra_javascript"] = [*ASSET_FILES["js"], *settings.get("extra_javascript", [])]
    return settings
