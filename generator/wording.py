"""Every word the generator writes about the facts, in one place: figures, bounds and
measures, dates at their precision, counts, citation lines.

Whole phrases are made here from the records and the vocabulary (`vocabulary.py`);
templates lay them out, and `views.py` decides what to show. Nothing here knows about
HTML. (A translation of the site starts here.)
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from generator.corpus import FactRecord
from generator.dates import FuzzyDate, Point
from generator.model import Claimant, Estimate, Source
from generator.vocabulary import BOUNDS, MEASURES

MIXED_MEASURES_WORDS = (
    "Some of these figures are totals over time and others count what was there at one "
    "time, so they do not measure the same thing: the figures picked out here are taken "
    "among both kinds, and a larger one of one kind does not contradict a smaller one of "
    "the other."
)


def number(value: float) -> str:
    """1500 -> "1,500"; 1280000 -> "1.28 million"; 2.5 -> "2.5"."""
    if abs(value) >= 1_000_000 and round(value / 10_000) * 10_000 == value:
        millions = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".")
        return f"{millions} million"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def value_label(estimate: Estimate) -> str:
    """The figure in words with its bound: "up to 15,000", "1,100 to 1,400"."""
    if estimate.bound == "range":
        low = number(estimate.low) if estimate.low is not None else "?"
        high = number(estimate.high) if estimate.high is not None else "?"
        central = f"about {number(estimate.value)}, " if estimate.value is not None else ""
        return f"{central}{low} to {high}"
    text = BOUNDS[estimate.bound] + number(estimate.value or 0)
    if estimate.low is not None or estimate.high is not None:
        low = number(estimate.low) if estimate.low is not None else "?"
        high = number(estimate.high) if estimate.high is not None else "?"
        text += f" (range {low} to {high})"
    return text


def measure_words(estimate: Estimate) -> str:
    """ "counted over time", "at one time", "not said whether ...", or "" when not given."""
    return MEASURES[estimate.measure] if estimate.measure else ""


def date_words(d: FuzzyDate) -> str:
    """A date on its own, in words: "18 October 2024", "by 22 October 2024",
    "after October 2024", "between 1 and 17 November 2024"."""
    if d.start is None and d.end is not None:
        return f"by {d.end.label()}"
    if d.end is None and d.start is not None:
        return f"after {d.start.label()}"
    assert d.start is not None and d.end is not None
    if not d.is_span:
        return d.start.label()
    return _between(d.start, d.end)


def as_of_words(d: FuzzyDate) -> str:
    """An as-of date in words, never "as of by ...": "as of 22 October 2024",
    "as of October 2024", "by 22 October 2024", "between 1 and 17 November 2024",
    "as of some time after October 2024"."""
    if d.start is not None and not d.is_span:
        return f"as of {d.start.label()}"
    if d.end is None and d.start is not None:
        return f"as of some time {date_words(d)}"
    return date_words(d)


def stated_words(fact: FactRecord) -> str:
    """When the claim was made, in words ("stated on 18 October 2024", "stated by
    22 October 2024"), or "" when it has no `stated` date or that date means the same
    days as the fact's own date (`date`, or an estimate's as-of date)."""
    stated = fact.stated_date
    if stated is None:
        return ""
    own = fact.as_of_date if isinstance(fact, Estimate) else fact.when
    if own is not None and (own.earliest, own.latest) == (stated.earliest, stated.latest):
        return ""
    if stated.start is not None and not stated.is_span:
        on = "on" if stated.start.precision == "day" and not stated.start.part else "in"
        return f"stated {on} {stated.start.label()}"
    return f"stated {date_words(stated)}"


def when_words(fact: FactRecord) -> str:
    """Every date of a fact in words, for a list item or a timeline entry: its own
    date (an estimate's as-of date) and, when it differs, when the claim was made.
    "as of 1 October 2024"; "October 2024; stated by 22 October 2024"; "" if undated."""
    own = as_of_words(fact.as_of_date) if isinstance(fact, Estimate) else ""
    if not own and fact.when is not None:
        own = date_words(fact.when)
    stated = stated_words(fact)
    return "; ".join(part for part in (own, stated) if part)


def _between(start: Point, end: Point) -> str:
    """A span: "between 1 and 17 November 2024", "between October and December 2024",
    "between the late 1970s and the early 1980s"."""
    a, b = start.earliest, end.latest
    plain = not (start.part or end.part or start.qualifier or end.qualifier)
    if plain and a.year == b.year and start.precision == end.precision == "day":
        if a.month == b.month:
            return f"between {a.day} and {b.day} {b:%B %Y}"
        return f"between {a.day} {a:%B} and {b.day} {b:%B %Y}"
    if plain and a.year == b.year and start.precision == end.precision == "month":
        return f"between {a:%B} and {b:%B %Y}"
    return f"between {_in_a_sentence(start)} and {_in_a_sentence(end)}"


def _in_a_sentence(point: Point) -> str:
    """A date as it reads inside a sentence: part of a decade takes "the"."""
    label = point.label()
    if point.part and point.precision == "decade" and not point.qualifier:
        return f"the {label}"
    return label


@lru_cache(maxsize=4096)  # days repeat across a briefing's pages
def day_label(day: date) -> str:
    """17 November 2024."""
    return f"{day.day} {day:%B %Y}"


def published(source: Source) -> str:
    return date_words(source.published_date)


def period_label(period: str) -> str:
    return "Undated" if period == "undated" else period


def counted(count: int, noun: str, plural: str = "") -> str:
    """A count with its noun in the right number: "1 article", "3 articles", "0 facts"."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


# A sentence's last mark, alone or before a closing quotation mark or bracket.
SENTENCE_ENDS = tuple(
    end + close for end in (".", "!", "?", "…") for close in ("", '"', "'", "\u201d", "\u2019", ")")
)


def full_stop(text: str) -> str:
    """The full stop `text` needs to end a sentence: "" when it already ends one."""
    return "" if text.rstrip().endswith(SENTENCE_ENDS) else "."


def _plain_name(name: str) -> str:
    name = " ".join(name.split()).casefold()
    return name[4:] if name.startswith("the ") else name


def is_publisher(claimant: Claimant, source: Source) -> bool:
    """Whether `claimant` is the article's own publisher speaking: the same name, or a news
    organisation named for it ("Bloomberg News" publishing as "Bloomberg")."""
    name, publisher = _plain_name(claimant.name), _plain_name(source.publisher)
    if name == publisher:
        return True
    return claimant.kind == "news-organisation" and (
        name.startswith(publisher + " ") or publisher.startswith(name + " ")
    )


def attributed(claimants: list[Claimant], source: Source) -> str:
    """Who said it and where, for a citation: "Kyiv Post, 3 October 2024" when the
    publisher speaks for itself, else "South Korea's government, reported by Bloomberg,
    22 October 2024"."""
    who = " and ".join(c.name for c in claimants)
    if claimants and all(is_publisher(c, source) for c in claimants):
        return f"{who}, {published(source)}"
    return f"{who}, reported by {source.publisher}, {published(source)}"


# --- corrections, withdrawals and changes between versions (review.py, history.py)

CHANGE_KINDS = ("added", "updated", "corrected", "withdrawn", "removed")
CHANGE_HEADINGS = {
    "added": "Added",
    "updated": "Updated",
    "corrected": "Corrected",
    "withdrawn": "Withdrawn",
    "removed": "Removed",
}


def correction_words(day: date, text: str) -> str:
    """A correction with its date: "Corrected 3 December 2026: An earlier version gave
    15,000; the article says about 1,500." """
    return f"Corrected {day_label(day)}: {text}{full_stop(text)}"


def withdrawal_words(day: date, reason: str) -> str:
    """A withdrawal with its date: "Withdrawn 3 December 2026: the article was retracted." """
    return f"Withdrawn {day_label(day)}: {reason}{full_stop(reason)}"


def changed_words(label: str, old: str, new: str) -> str:
    """One field's change: "figure: up to 1,500 → up to 1,600"."""
    return f"{label}: {old} → {new}"


def optional_date_words(value: FuzzyDate | None, as_of: bool = False) -> str:
    """A date that may be missing, in the pages' words ("none" when it is)."""
    if value is None:
        return "none"
    return as_of_words(value) if as_of else date_words(value)


def listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def missing_notice_words(fields: list[str]) -> str:
    """Why a change to a published fact needs a correction entry it lacks."""
    return (
        f"its {listed(fields)} changed after it was published, and no new entry under "
        "`corrections:` says what was wrong; add one (a `date` and a `text` such as “An "
        "earlier version gave 15,000”)"
    )


def change_counts_words(counts: dict[str, int], missing: int) -> str:
    """ "1 added, 0 updated, 2 corrected (1 without its correction entry), 0 withdrawn,
    0 removed"."""
    parts = []
    for kind in CHANGE_KINDS:
        part = f"{counts.get(kind, 0)} {kind}"
        if kind == "corrected" and missing:
            part += f" ({missing} without {'its' if missing == 1 else 'their'} correction entry)"
        parts.append(part)
    return ", ".join(parts)


def review_headline_words(
    base: str, head: str, changes: str, new: int, resolved: int, errors: int, warnings: int
) -> str:
    """The first line of `diff`: the two versions, the changes to the facts (as
    `change_counts_words` says them) and the problems brought and resolved."""
    return (
        f"From {base} to {head}: facts {changes}; {new} new and {resolved} resolved problems "
        f"({errors} errors and {warnings} warnings now)."
    )


def change_sentence_words(
    fact: str,
    details: list[str],
    notices: list[str],
    missing: list[str],
) -> str:
    """One changed fact in `diff`: which fact, what changed, then the correction and
    withdrawal notices the change wrote (`correction_words`, `withdrawal_words`), or,
    for a correction that lacks its entry, what changed (`missing`)."""
    text = f"{fact}. Changed: {'; '.join(details)}"
    for notice in notices:
        text += f". {notice.rstrip('.')}"
    if missing:
        text += f". A correction without its notice: {missing_notice_words(missing)}"
    return text
