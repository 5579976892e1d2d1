"""The headline rule: which estimate sums up a quantity, or which dispute it shows.

Methodology, "The headline estimate": the editors' choice (`headline:`) when there is
one; otherwise the latest as-of date (by the earliest day it can mean), then a figure of
what has happened over one of what may happen (the vocabulary says which a status
counts), then the claim known later.

When figures are as recent as each other and equally realised, and disagree as the
divergence rule measures it (more than DIVERGENCE-fold, not one a total over time and
the other a count at one time), no figure is chosen: the pages show the dispute, the
lowest and the highest figure each with its claimant. Any other tie is broken by what
the figures say (value, claimants, article, text), never by ids or file order, so that
renaming a fact changes nothing a reader sees but its own address.

A figure is never set against the whole it is part of (`part_of`: an army within the
armed forces); the checker keeps a part and its whole in different quantities.

A withdrawn estimate takes no part: the views hand the rule the standing estimates
(`Views.standing_by_quantity`), and an editors' choice that is withdrawn is refused by
the checker (`bad-headline`) and passed over by the views.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from generator.corpus import Corpus
from generator.model import Estimate
from generator.vocabulary import MEASURES_APART

# Estimates of one quantity further apart than this (the larger over the smaller) disagree.
DIVERGENCE = 3.0

Rank = tuple[date, bool]


def central(estimate: Estimate) -> float:
    """The figure an estimate is compared and sorted by: its value, else its range's middle."""
    if estimate.value is not None:
        return estimate.value
    return ((estimate.low or 0) + (estimate.high or 0)) / 2


def disagree(first: Estimate, second: Estimate, facts: Mapping[str, object] | None = None) -> bool:
    """True when two figures differ more than DIVERGENCE-fold and measure the same thing
    (a total over time and a count at one time are never compared, nor, given the facts by
    id, a part with the whole it is part of)."""
    if {first.measure, second.measure} == MEASURES_APART:
        return False
    if facts is not None and (part_of(first, second, facts) or part_of(second, first, facts)):
        return False
    low, high = sorted((central(first), central(second)))
    return low > 0 and high / low > DIVERGENCE


def part_of(part: Estimate, whole: Estimate, facts: Mapping[str, object]) -> bool:
    """True when `part` is part of `whole` (`part_of`), directly or through the wholes
    its whole is part of."""
    seen: set[str] = set()
    current: object = part
    while isinstance(current, Estimate) and current.part_of and current.id not in seen:
        seen.add(current.id)
        if current.part_of == whole.id:
            return True
        current = facts.get(current.part_of)
    return False


def content_key(corpus: Corpus) -> Callable[[Estimate], tuple[object, ...]]:
    """What an estimate says, as a sort key: its figure, bound, claimants, article and
    text. Two estimates that differ in anything a reader sees sort apart."""

    def key(estimate: Estimate) -> tuple[object, ...]:
        source = corpus.source_by_id.get(estimate.source)
        names = tuple(
            corpus.claimant_by_id[c].name if c in corpus.claimant_by_id else c
            for c in estimate.claimant
        )
        return (
            central(estimate),
            estimate.bound,
            estimate.low or 0,
            estimate.high or 0,
            names,
            (source.published, source.publisher, source.title) if source else (),
            estimate.text,
            estimate.id,  # last: only facts that say the same thing in every word
        )

    return key


@dataclass(frozen=True)
class Dispute:
    """Equally recent, equally realised figures that disagree: shown side by side."""

    low: Estimate
    high: Estimate


@dataclass(frozen=True)
class Rule:
    """The headline rule over one corpus; `rank` says how recent and realised a figure
    is, `known_on` when a claim became known."""

    corpus: Corpus
    known_on: Callable[[Estimate], date]
    # Each estimate's key, made once: the rule runs again for every day of reporting.
    _keys: dict[str, tuple[Rank, date, tuple[object, ...]]] = field(default_factory=dict)

    def rank(self, estimate: Estimate) -> Rank:
        return (
            estimate.as_of_date.earliest,  # "by 22 October" is not known to be that late
            self.corpus.vocabulary.happened(estimate.status),
        )

    def key(self, estimate: Estimate) -> tuple[Rank, date, tuple[object, ...]]:
        found = self._keys.get(estimate.id)
        if found is None:
            rank, known = self.rank(estimate), self.known_on(estimate)
            found = self._keys[estimate.id] = (rank, known, self._content(estimate))
        return found

    def best(self, estimates: Sequence[Estimate]) -> Estimate:
        """The headline by the rule alone, among `estimates`."""
        return max(estimates, key=self.key)

    def dispute(self, estimates: Sequence[Estimate]) -> Dispute | None:
        """The dispute the headline shows instead of one figure, if there is one."""
        top = max(self.key(e)[0] for e in estimates)
        tied = sorted((e for e in estimates if self.key(e)[0] == top), key=self._content)
        if len(tied) < 2:
            return None
        facts = self.corpus.fact_by_id
        if not any(disagree(a, b, facts) for i, a in enumerate(tied) for b in tied[i + 1 :]):
            return None
        return Dispute(tied[0], tied[-1])

    @cached_property
    def _content(self) -> Callable[[Estimate], tuple[object, ...]]:
        return content_key(self.corpus)
