"""The page builder both planners build on: it adds a page under the briefing's folder
with its first heading, anchors and the day it was last changed, writes what search
holds of a fact, and splits a long list into a page per year."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from generator.corpus import Corpus, FactRecord
from generator.i18n import format_list
from generator.model import Estimate
from generator.plan.pages import (
    Heading,
    Page,
    SearchEntry,
    SiteOptions,
    briefing_language,
    slug,
    unique_anchor,
)
from generator.views import Listing, Views
from generator.wording import period_label, value_label


def plain_summary(text: str) -> str:
    """A summary's first paragraph as plain text: the page's description."""
    first = re.split(r"\n\s*\n", text.strip())[0]
    first = re.sub(r"\s*\[@[a-z0-9-]+\]", "", first)
    first = re.sub(r"[*_]{1,2}(\S(?:.*?\S)?)[*_]{1,2}", r"\1", first)
    return " ".join(first.split())


class PageBuilder:
    """Pages over one corpus and its views, under the folder of the briefing `part`
    (none: the site's root); `pages` holds them in the order they were added."""

    def __init__(self, corpus: Corpus, views: Views, options: SiteOptions, part: str = "") -> None:
        self.corpus, self.views, self.options = corpus, views, options
        self.part, self.prefix = part, f"{part}/" if part else ""
        self.pages: dict[str, Page] = {}
        # The language of the pages' words (the briefing's, else the site's).
        self.language = briefing_language(corpus, options)
        self.gettext = self.language.gettext

    def add(
        self,
        path: str,
        title: str,
        template: str,
        anchored: Iterable[FactRecord] = (),
        shown: Iterable[FactRecord] = (),
        **data: Any,
    ) -> Page:
        """A page; `anchored` facts carry their id on it, `shown` facts date it."""
        anchors: set[str] = set()
        h1 = Heading(unique_anchor(slug(title), anchors), title, 1)
        path = self.prefix + path
        page = Page(path, title, template, data, h1, anchors, part=self.part)
        page.language = self.language
        for fact in anchored:
            page.anchors.add(fact.id)
        page.lastmod = self.newest([*anchored, *shown])
        self.pages[path] = page
        return page

    def section(self, page: Page, message: str, level: int = 2, id: str | None = None) -> Heading:
        """A heading of the generator's words (`message`, marked with N_), in the page's
        language, anchored by the English message's slug: the same anchor in every
        language, so that links to it hold."""
        return page.heading(self.gettext(message), level, id or slug(message))

    def newest(self, facts: Iterable[FactRecord]) -> date | None:
        sources = self.corpus.source_by_id
        return max((sources[f.source].published_day for f in facts), default=None)

    def fact_entry(self, fact: FactRecord, title: str) -> SearchEntry:
        """What search holds of a fact: who, when, what, and the figure."""
        language = self.language
        who = format_list([c.name for c in self.views.claimants_of(fact)], language)
        if isinstance(fact, Estimate):
            text = self.gettext("{who}: {text} Figure: {figure}.").format(
                who=who, text=fact.text, figure=value_label(fact, language)
            )
        else:
            text = self.gettext("{who}: {text}").format(who=who, text=fact.text)
        return SearchEntry(fact.id, title, text)

    def year_pages(self, listing: Listing, title: str, topic_id: str | None = None) -> None:
        """A page per year of a long list (none when the list fits on one page)."""
        if not listing.split:
            return
        periods = [p for p, _ in listing.parts]
        for i, (part, facts) in enumerate(listing.parts):
            home = [f for f in facts if topic_id and self.views.home_topic(f) == topic_id]
            label = self.gettext("{list}, {period}").format(
                list=title, period=period_label(part, self.language)
            )
            page = self.add(
                f"{listing.folder}/{part}.md",
                label,
                "part.html.j2",
                anchored=facts,
                list_title=title,
                period=part,
                listing=listing,
                facts=facts,
                topic_id=topic_id,
                previous=periods[i - 1] if i else None,
                next=periods[i + 1] if i + 1 < len(periods) else None,
            )
            page.claims = home
            if topic_id is not None:
                text = self.gettext("{list}: facts of {period}.").format(list=title, period=part)
                page.search.append(SearchEntry("", label, text))
                page.search += [self.fact_entry(f, title) for f in home]
