"""Text for the few places where exported pages are Markdown: their headings.

Exported pages (`generator.export`) are HTML bodies inside Markdown files; only
their headings are written as Markdown, so that every engine builds its table of
contents from them. A heading's text must stay text: `text` escapes it.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_SPECIAL = "\\`*_[]()!#|{}<>&"
_TEXT = str.maketrans({**{c: "\\" + c for c in _SPECIAL}, "&": "&amp;", "<": "&lt;", ">": "&gt;"})


def text(value: object) -> Markup:
    """Any value as inline Markdown text: one line, no markup of its own."""
    return Markup(re.sub(r"\s+", " ", str(value)).strip().translate(_TEXT))
