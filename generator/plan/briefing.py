"""The briefing planner: one briefing's own pages (its home, topics, estimates,
timelines, downloads, what was known when, the disagreements and the corrections),
under its folder's path in a site of several, at the root in a site of one."""

from __future__ import annotations

from typing import Any

from generator.corpus import FactRecord
from generator.i18n import N_, format_list
from generator.plan.builder import PageBuilder, plain_summary
from generator.plan.pages import Page, SearchEntry
from generator.views import period
from generator.wording import as_of_words, day_label, period_label, published, value_label


class BriefingPlanner(PageBuilder):
    """Plans one briefing's pages; `part` is its folder in a site of several."""

    def plan(self) -> dict[str, Page]:
        """The briefing's pages."""
        views = self.views
        self.home()
        self.topics()
        self.estimates()
        self.timeline(self.gettext("Timeline"), None, views.timeline)
        for topic in views.topics:
            events = [e for e in views.timeline if topic.id in e.topics]
            title = self.gettext("Timeline: {topic}").format(topic=topic.title)
            self.timeline(title, topic, events)
        self.downloads()
        self.known()
        self.disagreements()
        self.corrections()
        return self.pages

    def home(self) -> None:
        views, briefing = self.views, self.corpus.briefing
        if briefing is None:
            return
        headlines = [views.headline(q) for q in views.quantities]
        latest = list(reversed(views.events[-5:]))
        page = self.add(
            "index.md",
            briefing.title,
            "home.html.j2",
            shown=self.corpus.facts,
            headlines=headlines,
            latest=latest,
        )
        page.description = plain_summary(briefing.summary)
        page.search.append(SearchEntry("", briefing.title, page.description))
        page.data["sections"] = {
            "figures": self.section(page, N_("Key figures")),
            "latest": self.section(page, N_("Latest events")),
            "topics": self.section(page, N_("Topics")),
        }

    def topics(self) -> None:
        views = self.views
        title = self.gettext("Topics")
        page = self.add("topics/index.md", title, "topics.html.j2")
        page.data["sections"] = [(page.heading(t.title), t) for t in views.topics]
        page.search.append(SearchEntry("", title, "; ".join(t.title for t in views.topics)))
        for topic in views.topics:
            listing = views.topic_listings[topic.id]
            facts = [] if listing.split else listing.parts[0][1]
            home = [f for f in facts if views.home_topic(f) == topic.id]
            quantities = [q for q in views.quantities if q.topic == topic.id]
            page = self.add(
                f"topics/{topic.id}.md",
                topic.title,
                "topic.html.j2",
                anchored=facts,
                shown=views.facts_by_topic.get(topic.id, []),
                topic=topic,
                listing=listing,
                facts=facts,
                quantities=quantities,
            )
            page.claims = home
            page.description = plain_summary(topic.summary)
            page.search.append(SearchEntry("", topic.title, page.description))
            page.search += [self.fact_entry(f, topic.title) for f in home]
            page.data["estimates_heading"] = (
                self.section(page, N_("Estimates")) if quantities else None
            )
            page.data["facts_heading"] = self.section(page, N_("Facts"))
            self.year_pages(listing, topic.title, topic_id=topic.id)

    def estimates(self) -> None:
        views = self.views
        headlines = [views.headline(q) for q in views.quantities]
        title = self.gettext("Estimates")
        page = self.add("estimates/index.md", title, "estimates.html.j2", shown=headlines)
        page.data["headlines"] = headlines
        page.search.append(SearchEntry("", title, "; ".join(q.label for q in views.quantities)))
        language = self.language
        for quantity in views.quantities:
            estimates = views.estimates_by_quantity[quantity.id]
            page = self.add(
                f"estimates/{quantity.id}.md",
                quantity.label,
                "quantity.html.j2",
                anchored=estimates,
                quantity=quantity,
                estimates=estimates,
                charted=views.charted(quantity),  # the chart leaves withdrawn ones out
                headline=views.headline(quantity),
                dispute=views.dispute(quantity),
            )
            page.description = quantity.description or self.gettext(
                "Every estimate of {quantity}."
            ).format(quantity=quantity.label)
            # The table is searched with the page, as one entry: a reader looking for
            # a figure lands on the page that sets every estimate side by side.
            rows = []
            for e in estimates:
                who = format_list([c.name for c in views.claimants_of(e)], language)
                source = self.corpus.source_by_id[e.source]
                rows.append(
                    self.gettext("{figure}, {who}, {as_of} ({publisher}, {published}).").format(
                        figure=value_label(e, language),
                        who=who,
                        as_of=as_of_words(e.as_of_date, language),
                        publisher=source.publisher,
                        published=published(source, language),
                    )
                )
            page.search.append(SearchEntry("", quantity.label, " ".join([page.description, *rows])))
            page.data["says_heading"] = self.section(page, N_("What each estimate says"))

    def timeline(self, title: str, topic: Any, events: list[FactRecord]) -> None:
        base = f"timeline/{topic.id}" if topic else "timeline/index"
        listing = self.views.listing(base, events, folder=base.removesuffix("/index"))
        page = self.add(
            f"{base}.md",
            title,
            "timeline.html.j2",
            anchored=[] if listing.split else events,
            shown=events,
            topic=topic,
            listing=listing,
        )
        years: dict[str, list[FactRecord]] = {}
        for event in [] if listing.split else events:
            years.setdefault(period_label(period(event), self.language), []).append(event)
        page.data["years"] = [(page.heading(year), facts) for year, facts in years.items()]
        page.data["facts"] = [] if listing.split else events
        self.year_pages(listing, title)

    def downloads(self) -> None:
        title = self.gettext("Downloads")
        page = self.add("downloads.md", title, "downloads.html.j2", shown=self.corpus.facts)
        text = self.gettext("The briefing's data: JSON, CSV, feed.")
        page.search.append(SearchEntry("", title, text))
        page.data["parts"] = []  # the site's downloads list every briefing's

    def known(self) -> None:
        days = self.views.known_days
        for i, day in enumerate(days):
            previous = days[i - 1].day if i else None
            later = days[i + 1].day if i + 1 < len(days) else None
            facts = [e for q in day.quantities for e in q.new] + day.facts
            label = day_label(day.day, self.language)
            page = self.add(
                f"known/{day.day.isoformat()}.md",
                self.gettext("As known on {date}").format(date=label),
                "known.html.j2",
                shown=facts,
                day=day,
                label=label,
                facts=facts,
                previous=previous,
                next=later,
            )
            page.data["estimates_heading"] = self.section(page, N_("Estimates"))
            page.data["quantities"] = [
                (page.heading(q.quantity.label, 3), q) for q in day.quantities
            ]
            page.data["others_heading"] = self.section(page, N_("Other facts reported that day"))
        title = self.gettext("What was known when")
        self.add("known/index.md", title, "known_index.html.j2", days=days)

    def disagreements(self) -> None:
        views = self.views
        disputes = [fact for _, pairs in views.disputed for _, fact in pairs]
        contested = [e for q in views.contested_quantities for e in views.standing(q)]
        # Every competing estimate side by side while they fit on a page; beyond
        # that, a line per quantity (its own page has them side by side).
        tables = len(contested) <= views.page_limit
        page = self.add(
            "disagreements.md",
            self.gettext("Disagreements"),
            "disagreements.html.j2",
            shown=[*(t for t, _ in views.disputed), *disputes, *contested],
            tables=tables,
        )
        page.data["estimates_heading"] = self.section(page, N_("Competing estimates"))
        page.data["quantities"] = [
            (page.heading(q.label, 3, id=q.id) if tables else None, q)
            for q in views.contested_quantities
        ]
        page.data["disputes_heading"] = self.section(page, N_("Denied and disputed claims"))
        page.data["disputed"] = [
            (page.heading(_shorten(target.text, 90), 3, id=target.id), target, responses)
            for target, responses in views.disputed
        ]

    def corrections(self) -> None:
        corrections_page(
            self, self.gettext("The briefing's corrections and withdrawn facts, newest first.")
        )


def corrections_page(
    builder: PageBuilder, description: str, parts: dict[str, str] | None = None
) -> Page:
    """The Corrections page of a briefing (or of a site of several, whose `parts` name
    each briefing's title by folder): every correction and withdrawal, newest first,
    each linking to its fact (`Views.corrections`). Dated by the newest notice."""
    notices = builder.views.corrections
    title = builder.gettext("Corrections")
    page = builder.add(
        "corrections.md",
        title,
        "corrections.html.j2",
        notices=notices,
        parts=parts or {},
    )
    page.lastmod = max((n.day for n in notices), default=None)
    page.description = description
    page.search.append(SearchEntry("", title, description))
    return page


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
