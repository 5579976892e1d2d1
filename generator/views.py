"""Decisions the pages need, made once in Python: orderings, listings, the headline's
history, disputes, corrections (the words are `wording.py`'s).

A withdrawn fact (`withdrawn:`) stays in every listing of facts, so that its page, its
anchors and the links to it keep working, but stands for nothing: it is left out of
headlines, key figures, charts, disputes and disagreements (`standing_by_quantity`).

Templates only lay these out. Nothing here knows about Markdown or HTML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from generator.corpus import Corpus, FactRecord
from generator.dates import FuzzyDate
from generator.headline import Dispute, Rule, central, content_key
from generator.model import (
    Claimant,
    Estimate,
    Event,
    Quantity,
    Source,
    Topic,
    referenced,
)
from generator.vocabulary import MEASURES_APART, Vocabulary

sort_value = central  # the number a table sorts by: the value, else the range's middle


PAGE_LIMIT = 200  # facts on one page; a longer list gets a page per year


@dataclass(frozen=True)
class Listing:
    """A list of facts in date order: on one page, or when long, on a page per year.

    `page` is the list's page without ".md" ("topics/arms"); a year's page sits
    in `folder` ("topics/arms/2024"). Years stay put as facts are added, so a
    fact's link (and anchor) only moves when its list first outgrows one page.
    """

    page: str
    folder: str
    parts: list[tuple[str, list[FactRecord]]]  # (period, facts); one ("", all) when whole

    @property
    def split(self) -> bool:
        return bool(self.parts) and self.parts[0][0] != ""

    def page_of(self, fact: FactRecord) -> str:
        return f"{self.folder}/{period(fact)}" if self.split else self.page


@dataclass(frozen=True)
class QuantityOnDay:
    """A quantity on a day a figure for it became known."""

    quantity: Quantity
    new: list[Estimate]  # the figures known from that day
    headline: Estimate  # the headline by the rule once they were known
    replaced: Estimate | None  # the headline before, when that day changed it
    # The figures known by then mix counts over time with counts at one time
    # (show MIXED_MEASURES_WORDS beside the headline).
    mixes_measures: bool = False


@dataclass(frozen=True)
class KnownDay:
    """A day something became known (Views.known_on): the articles published that
    day and the claims counted from it. A claim with a `stated` date before its
    article counts from that day, so a day may have claims but no article."""

    day: date
    new_sources: list[Source]  # published that day (none on a day known only by `stated`)
    quantities: list[QuantityOnDay]
    facts: list[FactRecord]  # the day's facts other than estimates
    estimates_on_record: int  # by the end of the day
    facts_on_record: int

    @property
    def reported_later(self) -> list[FactRecord]:
        """The day's claims whose article appeared on a later day (stated before it)."""
        today = {s.id for s in self.new_sources}
        new = [*self.facts, *(e for q in self.quantities for e in q.new)]
        return [f for f in new if f.source not in today]

    @property
    def new_estimates(self) -> int:
        return sum(len(q.new) for q in self.quantities)

    @property
    def others_on_record(self) -> int:
        return self.facts_on_record - self.estimates_on_record


@dataclass(frozen=True)
class Notice:
    """A correction or a withdrawal of one fact, as the Corrections page and the feed
    list them: the day, the fact, and the editors' words (the correction's text, or the
    reason for the withdrawal)."""

    day: date
    fact: FactRecord
    kind: str  # "correction" or "withdrawal"
    text: str


def is_withdrawn(fact: FactRecord) -> bool:
    """True when the editors withdrew the fact (`withdrawn:`)."""
    return fact.withdrawn is not None


@dataclass
class Views:
    """The corpus seen from each page: indexes and orderings, computed once."""

    corpus: Corpus
    page_limit: int = PAGE_LIMIT

    @property
    def vocabulary(self) -> Vocabulary:
        return self.corpus.vocabulary

    def listing(self, page: str, facts: list[FactRecord], folder: str = "") -> Listing:
        """`facts` on `page`, or split by year into `folder` (default: `page`)."""
        if len(facts) <= self.page_limit:
            return Listing(page, folder or page, [("", facts)])
        parts: dict[str, list[FactRecord]] = {}
        for fact in facts:
            parts.setdefault(period(fact), []).append(fact)
        return Listing(page, folder or page, list(parts.items()))

    @cached_property
    def topic_listings(self) -> dict[str, Listing]:
        return {
            t.id: self.listing(f"topics/{t.id}", self.facts_by_topic.get(t.id, []))
            for t in self.topics
        }

    def fact_page(self, fact: FactRecord) -> str:
        """The page a fact's links point to (without ".md"): its home topic's page."""
        return self.topic_listings[self.home_topic(fact)].page_of(fact)

    @cached_property
    def topics(self) -> list[Topic]:
        return sorted(self.corpus.topics, key=lambda t: (t.order, t.title))

    @cached_property
    def facts_by_topic(self) -> dict[str, list[FactRecord]]:
        result: dict[str, list[FactRecord]] = defaultdict(list)
        for fact in self.facts_in_order:
            for topic in fact.topics:
                result[topic].append(fact)
        return result

    @cached_property
    def facts_in_order(self) -> list[FactRecord]:
        """Dated facts by date (undated ones last), then by id for a stable order."""
        return sorted(self.corpus.facts, key=_fact_order)

    @cached_property
    def events(self) -> list[Event]:
        return [f for f in self.facts_in_order if isinstance(f, Event)]

    @cached_property
    def timeline(self) -> list[FactRecord]:
        """Every dated fact: its `date`, or for an estimate without one, its as-of date."""
        return [f for f in self.facts_in_order if when_of(f) is not None]

    @cached_property
    def estimates_by_quantity(self) -> dict[str, list[Estimate]]:
        result: dict[str, list[Estimate]] = defaultdict(list)
        for fact in self.corpus.facts:
            if isinstance(fact, Estimate):
                result[fact.quantity].append(fact)
        for estimates in result.values():
            content = content_key(self.corpus)
            estimates.sort(key=lambda e: (e.as_of_date.sort_key(), content(e)))
        return result

    @cached_property
    def standing_by_quantity(self) -> dict[str, list[Estimate]]:
        """`estimates_by_quantity` less the withdrawn estimates: the figures headlines,
        key figures, charts and disagreements are made of. A quantity whose every
        estimate is withdrawn has none (an empty list)."""
        return {
            quantity_id: [e for e in estimates if not is_withdrawn(e)]
            for quantity_id, estimates in self.estimates_by_quantity.items()
        }

    def standing(self, quantity: Quantity) -> list[Estimate]:
        """The quantity's estimates that are not withdrawn, in display order."""
        return self.standing_by_quantity.get(quantity.id, [])

    def _figures(self, quantity: Quantity) -> list[Estimate]:
        """What a headline, a lowest or a highest figure is chosen among: the standing
        estimates; when every one is withdrawn, all of them, so that a page still has a
        figure to name (`standing` is then empty, and the page says they are withdrawn)."""
        return self.standing(quantity) or self.estimates_by_quantity[quantity.id]

    def charted(self, quantity: Quantity) -> list[Estimate]:
        """The estimates a quantity's chart draws: the standing ones, in display order
        (none when every estimate is withdrawn)."""
        return self.standing(quantity)

    @staticmethod
    def is_withdrawn(fact: FactRecord) -> bool:
        return is_withdrawn(fact)

    @cached_property
    def withdrawn(self) -> list[FactRecord]:
        """The withdrawn facts, the latest withdrawn first."""
        return [n.fact for n in self.corrections if n.kind == "withdrawal"]

    @cached_property
    def corrections(self) -> list[Notice]:
        """Every correction and withdrawal, newest first; on one day, in the order of the
        facts (by date, then by what they say), a fact's corrections in the order written."""
        notices = []
        for fact in self.facts_in_order:
            for correction in fact.corrections:
                notices.append(Notice(correction.date, fact, "correction", correction.text))
            if fact.withdrawn is not None:
                notices.append(
                    Notice(fact.withdrawn.date, fact, "withdrawal", fact.withdrawn.reason)
                )
        return sorted(notices, key=lambda n: n.day, reverse=True)  # stable: ties keep order

    def corrections_of(self, fact: FactRecord) -> list[Notice]:
        """One fact's corrections and withdrawal, newest first."""
        return list(self._notices_by_fact.get(fact.id, ()))

    @cached_property
    def _notices_by_fact(self) -> dict[str, list[Notice]]:
        result: dict[str, list[Notice]] = defaultdict(list)
        for notice in self.corrections:
            result[notice.fact.id].append(notice)
        return result

    @cached_property
    def key_quantities(self) -> list[Quantity]:
        """The quantities with a standing estimate: those the key figures sum up."""
        return [q for q in self.quantities if self.standing(q)]

    @cached_property
    def quantities(self) -> list[Quantity]:
        order = {t.id: i for i, t in enumerate(self.topics)}
        return sorted(
            (q for q in self.corpus.quantities if self.estimates_by_quantity.get(q.id)),
            key=lambda q: (order.get(q.topic, len(order)), q.label),
        )

    @cached_property
    def rule(self) -> Rule:
        return Rule(self.corpus, self.known_on)

    def headline(self, quantity: Quantity) -> Estimate:
        """The estimate a quantity is summarised by (headline.py): the editors' choice
        when there is one (and it is not withdrawn), else the best standing estimate by
        the rule."""
        if quantity.headline:
            chosen = self.corpus.fact_by_id.get(quantity.headline.fact)
            if isinstance(chosen, Estimate) and not is_withdrawn(chosen):
                return chosen
        return self.rule.best(self._figures(quantity))

    def dispute(self, quantity: Quantity) -> Dispute | None:
        """Equally recent and realised figures that disagree, which the key figures and
        the quantity's headline show instead of one of them (none when the editors
        chose a headline)."""
        chosen = self.corpus.fact_by_id.get(quantity.headline.fact) if quantity.headline else None
        if chosen is not None and not is_withdrawn(chosen):
            return None
        return self._disputes.get(quantity.id)

    @cached_property
    def _disputes(self) -> dict[str, Dispute]:
        found = {}
        for quantity_id, estimates in self.standing_by_quantity.items():
            if estimates and (dispute := self.rule.dispute(estimates)) is not None:
                found[quantity_id] = dispute
        return found

    def mixes_measures(self, quantity: Quantity) -> bool:
        """True when a quantity has both a cumulative and an at-one-time estimate: its
        headline, lowest and highest figures are then taken across measures, and a page
        that shows them should say so (MIXED_MEASURES_WORDS)."""
        return _mixed(self._figures(quantity))

    def known_on(self, fact: FactRecord) -> date:
        """The day a claim is known from: the last day its `stated` date can mean, when
        that is before its article's publication; otherwise the publication day."""
        published = self.corpus.source_by_id[fact.source].published_day
        stated = fact.stated_date
        return min(stated.latest, published) if stated is not None else published

    def headline_by_day(self, quantity: Quantity) -> list[tuple[date, Estimate]]:
        """The headline by the rule, as it stood on each day a figure became known."""
        return list(self._headlines_by_day.get(quantity.id, []))

    @cached_property
    def _headlines_by_day(self) -> dict[str, list[tuple[date, Estimate]]]:
        """`headline_by_day` of every quantity: its standing figures in the order they
        became known, keeping the best by the rule so far, and the last of each day (a
        withdrawn figure is never a headline, nor a day of its own)."""
        result: dict[str, list[tuple[date, Estimate]]] = {}
        for quantity_id, estimates in self.standing_by_quantity.items():
            history: list[tuple[date, Estimate]] = []
            best: tuple[tuple[object, ...], Estimate] | None = None
            for estimate in sorted(estimates, key=self.known_on):
                key = self.rule.key(estimate)
                if best is None or key > best[0]:
                    best = (key, estimate)
                day = self.known_on(estimate)
                if history and history[-1][0] == day:
                    history.pop()
                history.append((day, best[1]))
            result[quantity_id] = history
        return result

    @cached_property
    def known_days(self) -> list[KnownDay]:
        """Each day something became known, with what it added, in time linear in the
        corpus: the days articles were published, and the days claims were stated
        before their article appeared (Views.known_on).

        A day lists only its own facts, and for each quantity they give a figure,
        the headline by the rule then and the one it replaced: a full snapshot per
        day would grow with days x facts.
        """
        headlines = {q.id: self.headline_by_day(q) for q in self.quantities}
        by_day: dict[date, list[Source]] = defaultdict(list)
        for source in self.sources:
            by_day[source.published_day].append(source)
        facts_by_day: dict[date, list[FactRecord]] = defaultdict(list)
        for fact in self.facts_in_order:
            facts_by_day[self.known_on(fact)].append(fact)
        days, estimates_on_record, facts_on_record = [], 0, 0
        known_estimates: dict[str, list[Estimate]] = defaultdict(list)
        for day in sorted(by_day.keys() | facts_by_day.keys()):
            new = facts_by_day.get(day, [])
            new_estimates: dict[str, list[Estimate]] = defaultdict(list)
            for fact in new:
                if isinstance(fact, Estimate):
                    new_estimates[fact.quantity].append(fact)
                    known_estimates[fact.quantity].append(fact)
            quantities = []
            for quantity in self.quantities:
                if quantity.id not in new_estimates:
                    continue
                history = headlines[quantity.id]
                # The headline that day: the last one by then. A day whose new figures
                # are all withdrawn changed nothing; before any standing figure is
                # known, the best of the withdrawn ones stands in.
                i = next((i for i in range(len(history) - 1, -1, -1) if history[i][0] <= day), -1)
                if i >= 0:
                    headline = history[i][1]
                    before = history[i - 1][1] if i and history[i][0] == day else None
                else:
                    headline, before = self.rule.best(known_estimates[quantity.id]), None
                known = [e for e in known_estimates[quantity.id] if not is_withdrawn(e)]
                quantities.append(
                    QuantityOnDay(
                        quantity=quantity,
                        new=new_estimates[quantity.id],
                        headline=headline,
                        replaced=before if before is not headline else None,
                        mixes_measures=_mixed(known or known_estimates[quantity.id]),
                    )
                )
            estimates_on_record += sum(len(es) for es in new_estimates.values())
            facts_on_record += len(new)
            days.append(
                KnownDay(
                    day=day,
                    new_sources=by_day.get(day, []),
                    quantities=quantities,
                    facts=[f for f in new if not isinstance(f, Estimate)],
                    estimates_on_record=estimates_on_record,
                    facts_on_record=facts_on_record,
                )
            )
        return days

    @cached_property
    def disputed(self) -> list[tuple[FactRecord, list[tuple[str, FactRecord]]]]:
        """Each fact that others deny or dispute, with ("denies"|"disputes", fact) pairs."""
        responses: dict[str, list[tuple[str, FactRecord]]] = defaultdict(list)
        for fact in self.facts_in_order:
            if is_withdrawn(fact):  # a withdrawn denial no longer stands against anything
                continue
            for relation in ("denies", "disputes"):
                for target in getattr(fact, relation):
                    responses[target].append((relation, fact))
        return [
            (self.corpus.fact_by_id[target], pairs)
            for target, pairs in sorted(
                responses.items(), key=lambda item: _fact_order(self.corpus.fact_by_id[item[0]])
            )
            if target in self.corpus.fact_by_id and not is_withdrawn(self.corpus.fact_by_id[target])
        ]

    @cached_property
    def in_dispute(self) -> set[str]:
        """Ids of facts that deny, dispute or are denied or disputed."""
        ids = {target.id for target, _ in self.disputed}
        return ids | {fact.id for _, pairs in self.disputed for _, fact in pairs}

    @cached_property
    def contested_quantities(self) -> list[Quantity]:
        """Quantities with standing estimates from more than one claimant."""
        return [q for q in self.quantities if self.claimant_count(q) > 1]

    def lowest(self, quantity: Quantity) -> Estimate:
        return min(self._figures(quantity), key=content_key(self.corpus))

    def highest(self, quantity: Quantity) -> Estimate:
        return max(self._figures(quantity), key=content_key(self.corpus))

    def claimant_count(self, quantity: Quantity) -> int:
        """How many claimants give a standing estimate of the quantity."""
        return len({c for e in self.standing(quantity) for c in e.claimant})

    @cached_property
    def facts_by_source(self) -> dict[str, list[FactRecord]]:
        result: dict[str, list[FactRecord]] = defaultdict(list)
        for fact in self.facts_in_order:
            result[fact.source].append(fact)
        return result

    @cached_property
    def facts_by_claimant(self) -> dict[str, list[FactRecord]]:
        result: dict[str, list[FactRecord]] = defaultdict(list)
        for fact in self.facts_in_order:
            for claimant in dict.fromkeys(i for _, _, _, i in referenced(fact, "claimant")):
                result[claimant].append(fact)
        return result

    @cached_property
    def claimants_by_kind(self) -> list[tuple[str, list[Claimant]]]:
        groups: dict[str, list[Claimant]] = defaultdict(list)
        for claimant in sorted(self.corpus.claimants, key=lambda c: c.name.lower()):
            groups[claimant.kind].append(claimant)
        kinds = self.vocabulary.claimant_kinds
        return [(kinds[kind].heading, groups[kind]) for kind in kinds if kind in groups]

    @cached_property
    def sources(self) -> list[Source]:
        return sorted(
            self.corpus.sources, key=lambda s: (s.published_day, s.publisher, s.title, s.id)
        )

    @cached_property
    def last_updated(self) -> date | None:
        return max((s.published_day for s in self.corpus.sources), default=None)

    def home_topic(self, fact: FactRecord) -> str:
        """The topic page that is a fact's permanent home (its first topic)."""
        return fact.topics[0]

    def claimants_of(self, fact: FactRecord) -> list[Claimant]:
        return [self.corpus.claimant_by_id[c] for c in fact.claimant]


def when_of(fact: FactRecord) -> FuzzyDate | None:
    """The date a fact is placed at: its `date`, else an estimate's as-of date, else
    when the claim was made (`stated`)."""
    if fact.when is not None:
        return fact.when
    if isinstance(fact, Estimate):
        return fact.as_of_date
    return fact.stated_date


def _mixed(estimates: list[Estimate]) -> bool:
    return {e.measure for e in estimates} >= MEASURES_APART


def period(fact: FactRecord) -> str:
    """The year a fact is filed under ("2024"), its decade ("1990s") when that is
    all the article gives, or "undated"."""
    when = when_of(fact)
    start = (when.start or when.end) if when else None
    if start is None:
        return "undated"
    if start.precision == "decade":
        return f"{start.earliest.year // 10 * 10}s"
    return str(start.earliest.year)


def _fact_order(fact: FactRecord) -> tuple[int, date, date, str, str]:
    """Facts by date, then by what they say (never by id: renaming a fact must not move it)."""
    when = when_of(fact)
    if when is None:
        return (1, date.max, date.max, fact.text, fact.id)
    return (0, *when.sort_key(), fact.text, fact.id)
