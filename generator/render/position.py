"""Where the renderers of a site are: the page being rendered, its footnotes, and the
fact whose item is being written. One `Position` is shared by every renderer of a site.

A page is rendered by its briefing's renderer, but a fact on it by the renderer of the
fact's own briefing (so that its links lead there), and a briefing's card on the hub
by that briefing's renderer: whichever renderer writes, a broken link is reported at
the page and the fact being rendered, and a footnote reference joins that page's notes.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.corpus import FactRecord
from generator.plan import Page
from generator.render.notes import Notes


def _outside_a_page(key: str) -> Markup:
    raise RuntimeError(f"footnote {key} was referred to outside a page: no page lists it")


class Position:
    def __init__(self) -> None:
        self.page: Page | None = None  # None between pages (downloads, the feed)
        self.notes = Notes(_outside_a_page)  # the page's (`Renderer` starts each page's)
        self.fact: FactRecord | None = None  # the fact whose item or line is being written
