"""What a live preview's rebuild may take from the last build (`generate.Reuse`): the
pages of SELF_CONTAINED templates whose plan and frame did not change, and the fact
items (`items.ItemCache`) of the facts that did not change.

A full build (`make build`, CI) takes nothing from before.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.corpus import Corpus, FactRecord
from generator.plan import Plan
from generator.render.items import ItemCache, Pieces

# Templates whose pages show nothing of the facts but what the page's plan holds (its
# data, headings and claims) and what `frame` describes: a rebuild whose frame is
# unchanged keeps such a page when its plan is unchanged (`generate.Reuse`). Pages of
# other templates (summaries citing facts, the home page's figures, indexes, the
# timeline's filters) are always rendered again.
SELF_CONTAINED = frozenset(
    {"claimant.html.j2", "source.html.j2", "known.html.j2", "part.html.j2", "quantity.html.j2"}
)

# Each fact item made, by fact id: its fact and its pieces (`ItemCache.pieces`).
Items = dict[str, tuple[FactRecord, Pieces]]


def frame(corpus: Corpus, plan: Plan, parts: dict[str, Corpus]) -> tuple[Any, ...]:
    """What a page of a SELF_CONTAINED template shows besides its plan: the records
    other than facts (names, titles, articles), the facts that figures are part of, the
    options, every page with its
    anchors (which also say where each fact lives: its anchor is on its home page)
    and every file (what links lead to), and each briefing's (`parts`) records. Call
    once the plan is complete."""
    return (
        dataclasses.replace(plan.options, history=None),  # What changed is not one
        corpus.briefings,
        corpus.sources,
        corpus.claimants,
        corpus.topics,
        corpus.quantities,
        corpus.part_of_file,
        {path: page.anchors for path, page in plan.pages.items()},
        plan.files,
        {name: (part.sources, part.claimants) for name, part in parts.items()},
        _wholes(corpus),
    )


def _wholes(corpus: Corpus) -> list[FactRecord]:
    """The facts a figure is part of (`part_of`): a part's item, on any page, shows its
    whole's figure."""
    named = {whole for fact in corpus.facts if (whole := getattr(fact, "part_of", None))}
    return [fact for fact in corpus.facts if fact.id in named]


def take_unchanged(cache: ItemCache, before: Items, facts: list[FactRecord]) -> None:
    """Put in `cache` the items of `before` (a build's, made with the same frame) whose
    facts, among `facts`, did not change."""
    for fact in facts:
        old = before.get(fact.id)
        if old is not None and (old[0] is fact or old[0] == fact):
            cache.pieces[fact.id] = old
