"""Diagnostics: every problem the generator finds, as data, formatted only at the edge.

A diagnostic has a location, a severity, a stable `code` (tests and tools match on
it) and a message that says what is wrong and how to fix it. Loading, the model and
the checker return lists of them; only the CLI and the MkDocs plugin print them.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]

EXCERPT = 80  # characters of a value that a message quotes at most
# A message holds a sentence or two and a few excerpts; anything longer is cut here,
# so that no message, annotation or JSON diagnostic can carry a whole file.
MAX_MESSAGE = 1_000
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # shown escaped: \n, \x07


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A value as a message quotes it: at most `limit` characters, on one line.

    A longer value is cut and ends with an ellipsis; line breaks and control
    characters are shown escaped (`\\n`, `\\x07`), so a quote never spans lines.
    """
    text = str(value)
    shown = _INVISIBLE.sub(_escape, text[: limit + 1])
    if len(text) > limit or len(shown) > limit:
        return shown[: limit - 1] + "\u2026"
    return shown


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def _bounded(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "\u2026"


class Location(NamedTuple):
    """A place in a fact file; line and column count from 1, like an editor.

    A named tuple rather than a frozen dataclass: the loader makes one per YAML
    value, and a tuple is several times cheaper to build.
    """

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}" if self.line else self.path


@dataclass(frozen=True)
class Diagnostic:
    loc: Location
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.loc}: {self.severity}[{self.code}]: {self.message}"

    def escalated(self) -> Diagnostic:
        """The same diagnostic as an error (for `--strict`)."""
        return Diagnostic(self.loc, self.code, self.message, "error")


def error(loc: Location, code: str, message: str) -> Diagnostic:
    return Diagnostic(loc, code, _bounded(message), "error")


def warning(loc: Location, code: str, message: str) -> Diagnostic:
    return Diagnostic(loc, code, _bounded(message), "warning")


# A file that could not be read: what else goes wrong often follows from it.
UNREADABLE = frozenset(
    {
        "not-utf8",
        "empty-file",
        "tab-indent",
        "yaml-syntax",
        "too-large",
        "too-deep",
        "top-level",
        "unreadable",
        "not-a-file",
        "outside-facts",
    }
)
UNCHECKED = "unchecked-refs"  # the references into such a file, counted on one line


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The order an editor works in: first each file that could not be read, followed by
    the lines on what could not be checked because of it (`unchecked-refs`), since much
    else may follow from it; then the rest by file, line and column, then code."""
    return sorted(set(diagnostics), key=_order)


def _order(d: Diagnostic) -> tuple[int, Location, int, str, str]:
    if d.code in UNREADABLE:
        return (0, d.loc, 0, d.code, d.message)
    if d.code == UNCHECKED:
        return (0, d.loc, 1, d.code, d.message)
    return (1, d.loc, 0, d.code, d.message)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a word misspelt, if one is close enough: for "did you mean"."""
    found = difflib.get_close_matches(word[:100], list(choices), n=1)
    return found[0] if found else None


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    items = list(diagnostics)
    errors = sum(d.severity == "error" for d in items)
    return errors, len(items) - errors


def format_text(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(str(d) for d in diagnostics)


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands: annotations on the changed lines."""

    def escape(value: str) -> str:
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(value: str) -> str:
        return escape(value).replace(":", "%3A").replace(",", "%2C")

    return "\n".join(
        f"::{d.severity} file={prop(d.loc.path)},line={d.loc.line or 1},"
        f"col={d.loc.col or 1},title={prop(d.code)}::{escape(d.message)}"
        for d in diagnostics
    )


def format_json(diagnostics: list[Diagnostic]) -> str:
    rows = [
        {**d.loc._asdict(), "severity": d.severity, "code": d.code, "message": d.message}
        for d in diagnostics
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False)
