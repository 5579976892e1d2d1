"""Escaping for text that lands in Markdown pages.

Every value from a fact file is text, never markup: `<script>` must show as
`<script>`, `[x](javascript:...)` as brackets, `{: onclick=...}` as braces. The
renderer applies `text` to every `{{ value }}` in a template; `summary` keeps the
few Markdown forms editors may use in summaries (paragraphs, *emphasis*) and turns
their `[@fact-id]` citations into footnote references.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from markupsafe import Markup, escape

_SPECIAL = "\\`*_[]()!#|{}"
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_ONLY = str.maketrans(_HTML)
# One pass: HTML's three characters as entities, Markdown's punctuation backslashed.
_TEXT = str.maketrans({**{c: "\\" + c for c in _SPECIAL}, **_HTML})
_SPACE = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]|  ")  # whitespace other than single spaces
_CITATION = re.compile(r"\[@([a-z0-9-]+)\]")
_SUMMARY_SPECIAL = re.compile(r"([\\`\[\]()!#|{}])")


def _html(text: str) -> str:
    return text.translate(_HTML_ONLY)


def text(value: object) -> Markup:
    """Any value as inline Markdown text: one line, no markup of its own.

    Every `{{ value }}` of a page passes through here (it is the templates'
    `finalize`), so short values (ids, names, labels, paths) are remembered.
    """
    if isinstance(value, Markup):
        return value
    raw = str(value)
    done = _SHORT_TEXT.get(raw)
    if done is None:
        flat = _SPACE.sub(" ", raw) if _ODD_SPACE.search(raw) else raw
        done = as_markup(flat.translate(_TEXT))
        if len(raw) <= 80 and len(_SHORT_TEXT) < 50_000:
            _SHORT_TEXT[raw] = done
    return done


_SHORT_TEXT: dict[str, Markup] = {}
# Markup(text) without its checks, for text escaped here.
as_markup: Callable[[str], Markup] = functools.partial(str.__new__, Markup)


def html(value: object) -> Markup:
    """Text for raw HTML blocks (such as SVG), which Markdown leaves untouched."""
    return escape(value)


def summary(value: str, cite: Callable[[str], str]) -> Markup:
    """Editors' Markdown: paragraphs and emphasis kept, markup and links made text.

    `cite(fact_id)` returns the footnote reference for a citation.
    """
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value.strip())]
    out = []
    for paragraph in paragraphs:
        pieces = _CITATION.split(_html(paragraph))
        for i in range(0, len(pieces), 2):
            pieces[i] = _SUMMARY_SPECIAL.sub(r"\\\1", pieces[i])
        for i in range(1, len(pieces), 2):
            pieces[i] = cite(pieces[i])
        out.append("".join(pieces))
    return Markup("\n\n".join(out))
