"""`python -m generator export DIR`: the generated pages and downloads on disk.

The same files the MkDocs plugin adds to a build, plus the hand-written pages of
`site_src/`, so that another engine (or a reviewer) can work from plain files.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

from generator.diagnostics import format_text
from generator.history import changes
from generator.pipeline import archive_from_env, check_facts
from generator.provenance import provenance
from generator.render import SiteOptions, render_site


def export(
    facts: Path,
    directory: Path,
    *,
    strict: bool = False,
    today: date | None = None,
    docs: Path = Path("site_src"),
) -> int:
    checked = check_facts(facts, strict=strict, today=today, archive=archive_from_env())
    if checked.diagnostics:
        print(format_text(checked.diagnostics))
    print(checked.summary(), file=sys.stderr)
    if not checked.ok:
        return 1
    if docs.is_dir():
        shutil.copytree(docs, directory, dirs_exist_ok=True)
    generated = render_site(checked.corpus, SiteOptions(history=changes(facts)))
    generated["build.json"] = provenance(facts).json()
    for path, content in generated.items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    print(f"exported to {directory}", file=sys.stderr)
    return 0
