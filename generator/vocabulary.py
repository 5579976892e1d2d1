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

from generator.i18n import N_


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


# A figure with its qualifier ("about 1,500"); `range` and `exact` take no words of their
# own. Words in N_() are messages of the catalogs (i18n.py), translated where they are shown;
# the words a project declares are its editors' and shown as written.
BOUNDS: Mapping[str, str] = MappingProxyType(
    {
        "exact": "{number}",
        "about": N_("about {number}"),
        "almost": N_("almost {number}"),
        "at-least": N_("at least {number}"),
        "more-than": N_("more than {number}"),
        "up-to": N_("up to {number}"),
        "range": "{number}",
    }
)

# Whether a figure counts everyone over a period, or those present at one time.
MEASURES: Mapping[str, str] = MappingProxyType(
    {
        "cumulative": N_("counted over time"),
        "at-one-time": N_("at one time"),
        "unstated": N_("not said whether over time or at one time"),
    }
)
# A total over time and a presence at one time: figures of these two are not comparable.
MEASURES_APART = frozenset({"cumulative", "at-one-time"})

CLAIMANT_KINDS: Mapping[str, ClaimantKind] = MappingProxyType(
    {
        "person": ClaimantKind(N_("People"), person=True),
        "head-of-state": ClaimantKind(N_("Heads of state"), person=True),
        "head-of-government": ClaimantKind(N_("Heads of government"), person=True),
        "minister": ClaimantKind(N_("Ministers"), person=True),
        "diplomat": ClaimantKind(N_("Diplomats"), person=True),
        "military-officer": ClaimantKind(N_("Military officers"), person=True),
        "official": ClaimantKind(N_("Officials"), person=True),
        "government": ClaimantKind(N_("Governments")),
        "ministry": ClaimantKind(N_("Ministries")),
        "intelligence-agency": ClaimantKind(N_("Intelligence agencies")),
        "military": ClaimantKind(N_("Militaries")),
        "police": ClaimantKind(N_("Police")),
        "court": ClaimantKind(N_("Courts")),
        "health-authority": ClaimantKind(N_("Health authorities")),
        "international-organisation": ClaimantKind(N_("International organisations")),
        "political-party": ClaimantKind(N_("Political parties")),
        "organisation": ClaimantKind(N_("Organisations")),
        "company": ClaimantKind(N_("Companies")),
        "ngo": ClaimantKind(N_("Charities and NGOs")),
        "protest-group": ClaimantKind(N_("Protest groups")),
        "think-tank": ClaimantKind(N_("Think tanks")),
        "news-organisation": ClaimantKind(N_("News organisations")),
        "anonymous-sources": ClaimantKind(N_("Unnamed sources")),
        "group-of-governments": ClaimantKind(N_("Groups of governments")),
    }
)

STATUSES: Mapping[str, Status] = MappingProxyType(
    {
        "sent": Status(N_("sent"), happened=True),
        "deployed": Status(N_("deployed"), happened=True),
        "planned": Status(N_("planned"), happened=False),
        "expected": Status(N_("expected"), happened=False),
        "potential": Status(N_("potential"), happened=False),
        "killed": Status(N_("killed"), happened=True),
        "wounded": Status(N_("wounded"), happened=True),
        "casualties": Status(N_("killed or wounded"), happened=True),
        "strength": Status(N_("strength"), happened=True),
        "present": Status(N_("present"), happened=True),
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
