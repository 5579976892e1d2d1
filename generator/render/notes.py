"""Footnotes, numbered per page: each page's references to the articles its facts cite
and to the facts its editors' summaries cite (`[@fact-id]`), and the notes they lead to.

A note's reference is written where the page first refers to it, with the id its note
leads back to; later references to the same note are shorter. The note's content (an
article's footnote line, a fact's citation line) is rendered once for the whole site
by the renderer that owns it; `Notes` only asks for it when the page lists its notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from markupsafe import Markup, escape

from generator.render.jinja import as_markup

# A footnote reference, as Python-Markdown's footnotes write it (Material's tooltips read
# it); the first reference to a note has the id its note leads back to.
_REF = '<sup{id}><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>'
CITATION_KEY = "c-"  # a note's key for a summary's citation of a fact: "c-" + its id


class Note(NamedTuple):
    key: str
    number: int
    content: Markup


class Notes:
    """A page's footnotes, numbered in the order the page first refers to them;
    `content(key)` is a note's HTML (an article's id, or CITATION_KEY and a fact's)."""

    def __init__(self, content: Callable[[str], Markup]) -> None:
        self._content = content
        self._numbers: dict[str, int] = {}
        self._again: dict[str, str] = {}  # each note's later references, written once

    def ref(self, key: str) -> str:
        again = self._again.get(key)
        if again is not None:
            return again
        number = self._numbers[key] = len(self._numbers) + 1
        self._again[key] = _REF.format(id="", key=key, number=number)
        return _REF.format(id=f' id="fnref:{key}"', key=key, number=number)

    @property
    def entries(self) -> list[Note]:
        return [Note(key, number, self._content(key)) for key, number in self._numbers.items()]


_CITATION = re.compile(r"\[@([a-z0-9-]+)\]")
_STRONG = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])")


def summary_html(text: str, cite: Callable[[str], str]) -> Markup:
    """Editors' summary as HTML: paragraphs, **strong** and *emphasis* kept, every
    other character text; `cite(fact_id)` gives the reference for a [@fact-id]."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        pieces = _CITATION.split(" ".join(paragraph.split()))
        for i in range(0, len(pieces), 2):
            escaped = str(escape(pieces[i]))
            escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
            pieces[i] = _EMPHASIS.sub(r"<em>\2</em>", escaped)
        for i in range(1, len(pieces), 2):
            pieces[i] = cite(pieces[i])
        out.append(f"<p>{''.join(pieces)}</p>")
    return as_markup("\n".join(out))
