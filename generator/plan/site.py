"""The pages a site has once, over every briefing it holds: `SitePages` plans a source
page per article, a claimant page per claimant and What changed, which a site of one
briefing has beside the briefing's own pages; `SitePlanner`, for a site of several
briefings, adds the hub, the downloads and the corrections of every briefing, and lists
an article's facts and a claimant's claims briefing by briefing."""

from __future__ import annotations

from collections.abc import Iterable

from generator.corpus import Corpus, FactRecord
from generator.i18n import N_
from generator.model import Claimant
from generator.plan.briefing import corrections_page
from generator.plan.builder import PageBuilder, plain_summary
from generator.plan.pages import Page, Part, SearchEntry, SiteOptions, slug
from generator.views import Views
from generator.wording import counted, kind_heading, published


class SitePages(PageBuilder):
    """Every source, every claimant and What changed, at the site's root, over the
    site's records; a site of one briefing has them beside that briefing's pages."""

    def __init__(self, corpus: Corpus, views: Views, options: SiteOptions) -> None:
        super().__init__(corpus, views, options)

    def plan(self) -> dict[str, Page]:
        self.sources()
        self.claimants()
        self.changes()
        return self.pages

    def by_part(self, facts: list[FactRecord]) -> list[tuple[Part, list[FactRecord]]]:
        """Facts grouped by their briefing: none in a site of one."""
        return []

    def sources(self) -> None:
        views = self.views
        title = self.gettext("Sources")
        page = self.add("sources/index.md", title, "sources.html.j2")
        page.search.append(
            SearchEntry("", title, self.gettext("Every article the briefing cites."))
        )
        language = self.language
        page.data["in_parts"] = {
            s.id: self.by_part(views.facts_by_source.get(s.id, [])) for s in views.sources
        }
        for source in views.sources:
            facts = views.facts_by_source.get(source.id, [])
            page = self.add(
                f"sources/{source.id}.md",
                f"[{source.title}]" if source.title_supplied else source.title,
                "source.html.j2",
                anchored=facts,
                source=source,
                facts=facts,
            )
            page.lastmod = source.published_day
            people = ", ".join([*source.authors, *source.contributors])
            count = counted(len(facts), "fact", language=language)
            page.description = self.gettext("{publisher}, {published}: {count}.").format(
                publisher=source.publisher, published=published(source, language), count=count
            )
            page.search.append(
                SearchEntry(
                    "",
                    page.title,
                    " ".join(
                        p
                        for p in (
                            source.publisher,
                            published(source, language),
                            people,
                            source.note or "",
                        )
                        if p
                    ),
                )
            )
            page.data["facts_heading"] = page.heading(
                self.gettext("Facts from this article ({count})").format(count=len(facts)),
                id="facts",
            )
            page.data["groups"] = [
                (page.heading(f"{part.title} ({len(group)})", 3, id=part.name), part, group)
                for part, group in self.by_part(facts)
            ]

    def claimants(self) -> None:
        views = self.views
        title = self.gettext("Claimants")
        page = self.add("claimants/index.md", title, "claimants.html.j2")
        vocabulary = self.corpus.vocabulary
        kinds = {t.heading: k for k, t in vocabulary.claimant_kinds.items()}
        page.data["groups"] = [
            (
                page.heading(
                    kind_heading(vocabulary, kinds[heading], self.language), id=slug(heading)
                ),
                claimants,
            )
            for heading, claimants in views.claimants_by_kind
        ]
        text = self.gettext("Who the claims are attributed to.")
        page.search.append(SearchEntry("", title, text))
        page.data["in_parts"] = {
            c.id: self.by_part(views.facts_by_claimant.get(c.id, [])) for c in self.corpus.claimants
        }
        for claimant in self.corpus.claimants:
            self.claimant(claimant, views.facts_by_claimant.get(claimant.id, []))

    def claimant(self, claimant: Claimant, facts: list[FactRecord]) -> None:
        """A claimant's page: their claims, split by year when the list is long."""
        listing = self.views.listing(f"claimants/{claimant.id}", facts)
        shown = [] if listing.split else facts
        page = self.add(
            f"claimants/{claimant.id}.md",
            claimant.name,
            "claimant.html.j2",
            anchored=shown,
            shown=facts,
            claimant=claimant,
            listing=listing,
            count=len(facts),
            facts=shown,
        )
        self.about_claimant(page, claimant, len(facts))
        self.year_pages(listing, claimant.name)

    def about_claimant(self, page: Page, claimant: Claimant, claims: int) -> None:
        """What a claimant's page says of them, searches, and its heading of claims."""
        about = [claimant.role, claimant.country, claimant.description]
        page.description = "; ".join(p for p in about if p) or claimant.name
        page.search.append(SearchEntry("", claimant.name, page.description))
        page.data["claims_heading"] = page.heading(
            self.gettext("Claims ({count})").format(count=claims), id="claims"
        )

    def changes(self) -> None:
        history = self.options.history
        title = self.gettext("What changed")
        page = self.add("changes.md", title, "changes.html.j2", history=history)
        commits = history.commits if history is not None else []
        page.data["commits"] = [(page.heading(f"{c.date}: {c.subject}"), c) for c in commits]
        page.data["fact_ids"] = set(self.corpus.fact_by_id)


class SitePlanner(SitePages):
    """The pages a site of several briefings has once: the hub, every source and
    claimant (with their facts from every briefing, briefing by briefing), the
    downloads of every briefing and What changed. `parts` are the briefings, in the
    order the hub lists them."""

    def __init__(
        self, corpus: Corpus, views: Views, options: SiteOptions, parts: Iterable[Part]
    ) -> None:
        super().__init__(corpus, views, options)
        self.parts = list(parts)

    def plan(self) -> dict[str, Page]:
        self.hub()
        self.sources()
        self.claimants()
        self.downloads()
        self.corrections()
        self.changes()
        return self.pages

    def corrections(self) -> None:
        """Every briefing's corrections and withdrawals on one page, newest first, each
        with the briefing it is in."""
        titles = {p.name: p.title for p in self.parts}
        corrections_page(
            self,
            self.gettext("Every briefing's corrections and withdrawn facts, newest first."),
            titles,
        )

    def hub(self) -> None:
        briefing = self.corpus.briefing
        title = briefing.title if briefing else self.gettext("Briefings")
        page = self.add("index.md", title, "hub.html.j2", shown=self.corpus.facts)
        page.data["parts"] = self.parts
        page.description = (
            plain_summary(briefing.summary) if briefing and briefing.summary.strip() else ""
        ) or self.gettext("Briefings: {titles}.").format(
            titles="; ".join(p.title for p in self.parts)
        )
        page.search.append(SearchEntry("", title, page.description))
        page.data["heading"] = self.section(page, N_("Briefings"))
        page.data["cards"] = [(page.heading(p.title, 3, id=p.name), p) for p in self.parts]

    def downloads(self) -> None:
        title = self.gettext("Downloads")
        page = self.add("downloads.md", title, "downloads.html.j2", shown=self.corpus.facts)
        text = self.gettext("Every briefing's data: JSON, CSV, feed.")
        page.search.append(SearchEntry("", title, text))
        page.data["parts"] = self.parts

    def by_part(self, facts: list[FactRecord]) -> list[tuple[Part, list[FactRecord]]]:
        """Facts grouped by their briefing, in the order of the briefings."""
        groups: dict[str, list[FactRecord]] = {}
        for fact in facts:
            groups.setdefault(self.corpus.part(fact), []).append(fact)
        return [(p, groups[p.name]) for p in self.parts if p.name in groups]

    def claimant(self, claimant: Claimant, facts: list[FactRecord]) -> None:
        """A claimant's page: their claims briefing by briefing, each list split by
        year when it is long."""
        views = self.views
        groups = []
        for part, group in self.by_part(facts):
            folder = f"claimants/{claimant.id}/{part.name}"  # its years' pages
            listing = views.listing(f"claimants/{claimant.id}", group, folder=folder)
            groups.append((part, listing, [] if listing.split else group, len(group)))
        page = self.add(
            f"claimants/{claimant.id}.md",
            claimant.name,
            "claimant.html.j2",
            anchored=[f for _, _, shown, _ in groups for f in shown],
            shown=facts,
            claimant=claimant,
            count=len(facts),
        )
        self.about_claimant(page, claimant, len(facts))
        page.data["groups"] = [
            (page.heading(f"{part.title} ({n})", 3, id=part.name), part, listing, shown)
            for part, listing, shown, n in groups
        ]
        for part, listing, _, _ in groups:
            title = self.gettext("{claimant}, in {briefing}").format(
                claimant=claimant.name, briefing=part.title
            )
            self.year_pages(listing, title)
