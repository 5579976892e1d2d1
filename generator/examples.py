"""The examples `init` writes, marked so that none is published by mistake.

A new project's example facts and placeholder paragraphs each carry a marker, a
comment that starts with the word EXAMPLE:

- in a fact file, a YAML comment line: `# EXAMPLE: replace this source with ...`;
- in a hand-written page, an HTML comment line: `<!-- EXAMPLE: replace this paragraph ... -->`.

Every build lists the markers that remain as warnings (`warning[example]`, with the
file and line), which `check --strict` does not count: a fresh project's `make test`
passes with its examples in place. `check --publishable`, which the project's workflow
runs before it deploys, turns them into errors: the site is not published while any
remains. An editor replaces the example and deletes its marker line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.corpus import display_path, fact_files
from generator.diagnostics import Diagnostic, Location, excerpt, warning
from generator.load import Limits, LoadError, open_fact_file

# The marker opens a comment on a line of its own; the rest of the comment says what to do.
_YAML = re.compile(r"^[ \t]*#[ \t]*EXAMPLE\b[ \t:]*(.*?)[ \t]*$", re.M)
_MARKDOWN = re.compile(r"^[ \t]*<!--[ \t]*EXAMPLE\b[ \t:]*(.*?)[ \t]*-->[ \t]*$", re.M)


def in_facts(root: Path, limits: Limits | None = None) -> list[Diagnostic]:
    """The markers left in the fact files under `root`."""
    limits = limits or Limits()
    found: list[Diagnostic] = []
    for path in fact_files(root):
        shown = display_path(path)
        try:
            with open_fact_file(path, shown, limits) as file:
                data = file.read(limits.max_bytes)
        except (LoadError, OSError):
            continue  # the check reports the file itself
        if b"EXAMPLE" in data:
            found += _markers(shown, data.decode("utf-8", errors="replace"), _YAML)
    return found


def in_pages(pages: Mapping[str, str], folder: str) -> list[Diagnostic]:
    """The markers left in the hand-written pages (path in the docs folder -> Markdown)."""
    found: list[Diagnostic] = []
    for path, text in sorted(pages.items()):
        if path.endswith(".md"):
            found += _markers(f"{folder}/{path}" if folder else path, text, _MARKDOWN)
    return found


def read_pages(folder: Path) -> dict[str, str]:
    """The Markdown pages of a docs folder, by their path in it."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(folder.rglob("*.md"))
        if p.is_file()
    }


def _markers(path: str, text: str, marker: re.Pattern[str]) -> Iterator[Diagnostic]:
    for match in marker.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        line = text.count("\n", 0, start) + 1
        column = len(match.group(0)) - len(match.group(0).lstrip()) + 1
        what = match.group(1).rstrip(" -").strip() or "replace it with your own"
        yield warning(
            Location(path, line, column),
            "example",
            f"example from `init`: {excerpt(what, 120)}, then delete this EXAMPLE line "
            "(the site is not published while one remains)",
        )


def summary(found: list[Diagnostic]) -> str:
    """What a build says after listing the markers (as warnings)."""
    n = len(found)
    return (
        f"warning: {n} example{'s' * (n != 1)} from `init` still marked (listed above): "
        "`check --publishable`, which the workflow runs before it publishes, refuses the "
        "site until each is replaced and its EXAMPLE line deleted"
    )


def verdict(found: list[Diagnostic]) -> str:
    """What `check --publishable` says last."""
    n = len(found)
    if not n:
        return "publishable: no example from `init` is left in the facts or the pages"
    return (
        f"not publishable: {n} example{'s' * (n != 1)} from `init` still marked (listed "
        "above); replace each with your own and delete its EXAMPLE line"
    )
