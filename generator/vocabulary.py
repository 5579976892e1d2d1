"""The briefing's vocabulary: each list of the fact model, declared once with its words.

The model (model.py) validates the shape of a record; this module says which values a
field may take and how a reader sees each one:

- `BOUNDS` and `MEASURES` are the generator's own, closed lists;
- `CLAIMANT_KINDS` and `STATUSES` are built in, and a project adds its own (or rewords
  the built-in ones) in its `briefing.yaml`, under `briefing:` -> `vocabulary:`. A claim
  about a march needs kinds such as `organisers` and statuses such as `marched`, which a
  briefing about a war does not.

`Vocabulary` is the built-in entries with a project's declarations merged in: the checker
refuses an id it does not hold, the JSON Schema offers its ids to editors' tools, and the
pages take their words from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class ClaimantKind:
    """A kind of claimant: the heading a reader sees over its claimants in the index."""

    heading: str
    person: bool = False  # a person (schema.org Person), else an organisation


@dataclass(frozen=True)
class Status:
    """What an estimate counts: its words, and whether it counts what has happened
    (troops sent, people who marched) or what may happen (troops planned). The headline
    rule prefers what has happened."""

    words: str
    happened: bool


# A figure's qualifier, as written before the figure ("about 1,500"); `range` and
# `exact` take no words of their own.
BOUNDS: Mapping[str, str] = MappingProxyType(
    {
        "exact": "",
        "about": "about ",
        "almost": "almost ",
        "at-least": "at least ",
        "more-than": "more than ",
        "up-to": "up to ",
        "range": "",
    }
)

# Whether a figure counts everyone over a period, or those present at one time.
MEASURES: Mapping[str, str] = MappingProxyType(
    {
        "cumulative": "counted over time",
        "at-one-time": "at one time",
        "unstated": "not said whether over time or at one time",
    }
)
# A total over time and a presence at one time: figures of these two are not comparable.
MEASURES_APART = frozenset({"cumulative", "at-one-time"})

CLAIMANT_KINDS: Mapping[str, ClaimantKind] = MappingProxyType(
    {
        "person": ClaimantKind("People", person=True),
        "head-of-state": ClaimantKind("Heads of state", person=True),
        "head-of-government": ClaimantKind("Heads of government", person=True),
        "minister": ClaimantKind("Ministers", person=True),
        "diplomat": ClaimantKind("Diplomats", person=True),
        "military-officer": ClaimantKind("Military officers", person=True),
        "official": ClaimantKind("Officials", person=True),
        "government": ClaimantKind("Governments"),
        "ministry": ClaimantKind("Ministries"),
        "intelligence-agency": ClaimantKind("Intelligence agencies"),
        "military": ClaimantKind("Militaries"),
        "police": ClaimantKind("Police"),
        "court": ClaimantKind("Courts"),
        "health-authority": ClaimantKind("Health authorities"),
        "international-organisation": ClaimantKind("International organisations"),
        "political-party": ClaimantKind("Political parties"),
        "organisation": ClaimantKind("Organisations"),
        "company": ClaimantKind("Companies"),
        "ngo": ClaimantKind("Charities and NGOs"),
        "protest-group": ClaimantKind("Protest groups"),
        "think-tank": ClaimantKind("Think tanks"),
        "news-organisation": ClaimantKind("News organisations"),
        "anonymous-sources": ClaimantKind("Unnamed sources"),
        "group-of-governments": ClaimantKind("Groups of governments"),
    }
)

STATUSES: Mapping[str, Status] = MappingProxyType(
    {
        "sent": Status("sent", happened=True),
        "deployed": Status("deployed", happened=True),
        "planned": Status("planned", happened=False),
        "expected": Status("expected", happened=False),
        "potential": Status("potential", happened=False),
        "killed": Status("killed", happened=True),
        "wounded": Status("wounded", happened=True),
        "casualties": Status("killed or wounded", happened=True),
        "strength": Status("strength", happened=True),
        "present": Status("present", happened=True),
    }
)


@dataclass(frozen=True)
class Vocabulary:
    """The claimant kinds and statuses a project may use, built-in and declared, in the
    order a reader meets them (the built-in ones first, then the project's)."""

    claimant_kinds: Mapping[str, ClaimantKind] = field(default_factory=lambda: CLAIMANT_KINDS)
    statuses: Mapping[str, Status] = field(default_factory=lambda: STATUSES)

    def __hash__(self) -> int:  # the mappings are read-only views: hash their items
        return hash((tuple(self.claimant_kinds.items()), tuple(self.statuses.items())))

    def is_person(self, kind: str) -> bool:
        found = self.claimant_kinds.get(kind)
        return bool(found and found.person)

    def status_words(self, status: str) -> str:
        found = self.statuses.get(status)
        return found.words if found else status

    def happened(self, status: str | None) -> bool:
        """True when a status counts what has happened (none given counts as not)."""
        found = self.statuses.get(status) if status else None
        return bool(found and found.happened)


BUILT_IN = Vocabulary()


def merged(
    claimant_kinds: Iterable[tuple[str, str]], statuses: Iterable[tuple[str, str, bool]]
) -> Vocabulary:
    """The built-in vocabulary with a project's declarations: `(id, heading)` kinds and
    `(id, words, happened)` statuses. A declared id that is built in takes the declared
    words; a kind declared by a project describes an organisation unless it rewords one of
    the built-in kinds of people."""
    kinds = dict(CLAIMANT_KINDS)
    for kind, heading in claimant_kinds:
        person = kinds[kind].person if kind in kinds else False
        kinds[kind] = ClaimantKind(heading, person=person)
    states = dict(STATUSES)
    for status, words, happened in statuses:
        states[status] = Status(words, happened)
    return Vocabulary(MappingProxyType(kinds), MappingProxyType(states))
