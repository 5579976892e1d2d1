"""Rules across the whole corpus. Every rule returns diagnostics; none raises.

The rules, by code (README's "Error codes" lists them all with their fixes):

- duplicate-id, unknown-ref, bad-headline, missing-briefing: the records fit together;
- shared-record, other-briefing: in a site of several briefings, each keeps to its own
  records and the shared sources and claimants;
- date-after-source, as-of-after-source, future-date, review-overdue, stated-after-source,
  as-of-after-stated, notice-before-source: dates are honest (a correction or a withdrawal
  too);
- missing-value, low-above-high, value-out-of-range, unit-mismatch: estimates add up;
- bad-part-of, part-of-cycle, part-exceeds-whole: a figure part of another fits its whole;
- diverging-estimates, conflicting-dates, self-reference: disagreements are explained
  and well-formed;
- unused-source, unused-claimant, empty-topic, empty-quantity: nothing dangles;
- not-a-projection: a condition and a likelihood hedge only a figure of what may happen;
- quote-not-found, hedge-not-found, long-quote, copied-text, archive-missing: words are
  the claimant's own where quoted, the article's own hedge where one is given, and the
  briefing's own everywhere else (needs BRIEFING_ARCHIVE).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator import figures
from generator.corpus import CITATION, Corpus, FactRecord
from generator.diagnostics import Diagnostic, Location, closest, error, excerpt, warning
from generator.headline import DIVERGENCE, disagree
from generator.i18n import language_problem
from generator.model import (
    Briefing,
    Claimant,
    Correction,
    Estimate,
    Quantity,
    Record,
    Source,
    Topic,
    Withdrawal,
    citing,
    referenced,
)

COPY_RUN = 7  # words in a row shared with an article that count as copied text
LONG_QUOTE = 25  # words; longer quotes copy rather than cite
ESTIMATE_FIELDS = ("value", "low", "high")


@dataclass
class Options:
    today: date = field(default_factory=date.today)
    archive: Path | None = None  # folder of archived article texts, for quotes


@dataclass
class Result:
    diagnostics: list[Diagnostic]
    quotes_verified: int = 0
    quotes_skipped: str | None = None  # why quotes were not verified, when they were not
    articles: int = 0  # archived articles read (quotes were verified against them)
    quotes_unverified: int = 0  # quotes whose article has no archived copy to verify them


def check(corpus: Corpus, options: Options | None = None) -> Result:
    """Run every rule over the corpus."""
    options = options or Options()
    found: list[Diagnostic] = []
    found += _unique_ids(corpus)
    found += _references(corpus)
    found += _parts(corpus)
    found += _usage(corpus)
    found += _vocabulary(corpus)
    found += _dates(corpus, options.today)
    found += _stated(corpus)
    found += _notices(corpus, options.today)
    found += _estimates(corpus)
    found += _wholes(corpus)
    found += _projections(corpus)
    found += _whole_counts(corpus)
    found += _figures_in_text(corpus)
    found += _divergence(corpus)
    found += _placeholders(corpus)
    found += _conflicting_dates(corpus)
    words = _Words(corpus, options.archive)
    found += words.check()
    return Result(found, words.verified, words.skipped, words.articles, words.unverified)


def _unique_ids(corpus: Corpus) -> Iterator[Diagnostic]:
    first: dict[str, Record] = {}
    for record in corpus.records():
        record_id = getattr(record, "id", None)
        if record_id is None:
            continue
        if record_id in first:
            yield error(
                record.where("id"),
                "duplicate-id",
                f"the id `{excerpt(record_id)}` is already used at {first[record_id].where('id')}; "
                "ids must be unique across all facts, sources, claimants, topics and quantities",
            )
        else:
            first[record_id] = record
    yield from _briefings(corpus)


def _briefings(corpus: Corpus) -> Iterator[Diagnostic]:
    """One `briefing:` per briefing: for the whole folder, or in each briefing's folder
    of a site of several (where one more, in a shared file, describes the site)."""
    by_part: dict[str, list[Briefing]] = {}
    for briefing in corpus.briefings:
        by_part.setdefault(corpus.part(briefing), []).append(briefing)
    for part in corpus.parts or [""]:
        if part not in by_part:
            folder = f"{corpus.root / part}" if part else str(corpus.root)
            yield error(
                Location(_first_file(corpus, part) or folder, 1, 1),
                "missing-briefing",
                f"no file in {folder} has a `briefing:` with the title and summary of "
                "the briefing; add one to its briefing.yaml",
            )
    for briefing in corpus.briefings:
        problem = language_problem(briefing.language) if briefing.language else None
        if problem is not None:
            yield warning(
                briefing.where("language"),
                "unknown-language",
                f"{problem}; the generator's words on this briefing's pages stay in English",
            )
    for briefings in by_part.values():
        for extra in briefings[1:]:
            yield error(
                extra.loc,
                "duplicate-id",
                f"a briefing is already described at {briefings[0].loc}; keep one",
            )


def _first_file(corpus: Corpus, part: str) -> str | None:
    return next((f for f in corpus.files if corpus.part_of_file.get(f, "") == part), None)


# Folders of the site's own pages and files, which no briefing's folder may be named.
RESERVED_FOLDERS = ("assets", "claimants", "data", "search", "sources")


def _parts(corpus: Corpus) -> Iterator[Diagnostic]:
    """A site of several briefings: topics, quantities and facts belong to one briefing
    and refer only to its own records and to shared sources and claimants."""
    if not corpus.parts:
        return
    part = corpus.part
    for name in corpus.parts:
        where = Location(_first_file(corpus, name) or str(corpus.root / name), 1, 1)
        if name in RESERVED_FOLDERS or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            yield error(
                where,
                "bad-folder-name",
                f"the briefing folder `{excerpt(name)}` names the briefing's pages "
                f"({excerpt(name)}/…): use lowercase letters, digits and hyphens, and none of "
                f"{', '.join(RESERVED_FOLDERS)}, which the site's own pages use",
            )
    # The briefing of each record written in a briefing's folder, by kind and id; only
    # sources and claimants may be written in a shared file.
    kinds: dict[str, Sequence[Source | Claimant | Topic | Quantity | FactRecord]] = {
        "source": corpus.sources,
        "claimant": corpus.claimants,
        "topic": corpus.topics,
        "quantity": corpus.quantities,
        "fact": corpus.facts,
    }
    owner: dict[str, dict[str, str]] = {}
    for what, records in kinds.items():
        table = owner[what] = {}
        for record in records:
            if there := part(record):
                table.setdefault(record.id, there)
            elif what not in ("source", "claimant"):
                yield error(
                    record.where("id"),
                    "shared-record",
                    f"this {what} is in a file shared by every briefing; only sources and "
                    f"claimants may be shared: move it into the folder of its briefing "
                    f"({', '.join(corpus.parts)})",
                )

    def crossing(
        record: Record, here: str, key: str, index: int, what: str, target: str
    ) -> Diagnostic | None:
        there = owner[what].get(target)
        if there is None or there == here:
            return None
        shared = "; or move it into a shared file" if what in ("source", "claimant") else ""
        return error(
            record.where_value(key, index),
            "other-briefing",
            f"the {what} `{excerpt(target)}` belongs to the briefing `{there}`, and this is "
            f"in `{here}`: refer only to records of the same briefing{shared}",
        )

    for naming, key, index, what, target in _named(corpus):
        here = part(naming)
        if here and (found := crossing(naming, here, key, index, what, target)):
            yield found


def _named(corpus: Corpus) -> Iterator[tuple[Record, str, int, str, str]]:
    """Every id a record names, as (record, field, index in it, kind of record, id): in
    the fields the model marks (`model.references`) and in texts' citations."""
    naming: list[Record] = [*corpus.facts, *corpus.quantities]
    for record in naming:
        for key, index, what, target in referenced(record):
            yield record, key, index, what, target
    texts: list[Record] = [*corpus.topics, *corpus.briefings]
    for record in texts:
        for key in citing(type(record)):
            for index, cited in enumerate(CITATION.findall(getattr(record, key))):
                yield record, key, index, "fact", cited


def _references(corpus: Corpus) -> Iterator[Diagnostic]:
    unchecked = _Unchecked(corpus)
    near = _Near()

    def ref(
        record: Record,
        key: str,
        value: str,
        table: Mapping[str, object],
        what: str,
        index: int = 0,
    ) -> Iterator[Diagnostic]:
        if value in table or value in corpus.invalid_ids or unchecked.take(value):
            return
        yield error(
            record.where_value(key, index),
            "unknown-ref",
            f"no {what} has the id `{excerpt(value)}`; {_known(value, table, what, near)}",
        )

    tables = corpus.tables()
    for record, key, index, what, target in _named(corpus):
        if what == "fact" and target == getattr(record, "id", None):
            yield error(
                record.where_value(key, index),
                "self-reference",
                f"a fact cannot name itself in `{key}`",
            )
        else:
            yield from ref(record, key, target, tables[what], what, index)
    for quantity in corpus.quantities:
        if quantity.headline:
            chosen = corpus.fact_by_id.get(quantity.headline.fact)
            if chosen is None and unchecked.take(quantity.headline.fact):
                continue
            if not isinstance(chosen, Estimate) or chosen.quantity != quantity.id:
                yield error(
                    quantity.headline.where_value("fact"),
                    "bad-headline",
                    f"`{excerpt(quantity.headline.fact)}` is not an estimate of "
                    f"`{excerpt(quantity.id)}`; "
                    "the headline must be one of this quantity's estimates",
                )
            elif chosen.withdrawn is not None:
                yield error(
                    quantity.headline.where_value("fact"),
                    "bad-headline",
                    f"`{excerpt(chosen.id)}` is withdrawn (at {chosen.withdrawn.where('date')}), "
                    "so it cannot be the headline; choose another of this quantity's estimates, "
                    "or remove `headline:` to let the rule choose",
                )
    yield from unchecked.report()


def _known(value: str, table: Mapping[str, object], what: str, near: _Near) -> str:
    """The id closest to a misspelt one, else the first few known ids."""
    close = near.closest(value, table, what)
    if close is not None:
        return f"did you mean `{excerpt(close)}`?"
    known = ", ".join(excerpt(k, 40) for k in sorted(table)[:8]) or "none yet"
    plural = "quantities" if what == "quantity" else f"{what}s"
    return f"known {plural}: {known}" + (" ..." if len(table) > 8 else "")


class _Near:
    """The known id closest to a misspelt one, if any is close.

    A small table is compared whole, as unknown keys are (`closest`). Comparing a
    large one (10,000 facts of similar ids) so would take a second per unknown id;
    instead, its ids of about the same length go into an index of the ids with one
    character left out, made when first needed, which finds the ids one slip away: a
    character missing, added or changed, or two swapped.
    """

    SMALL = 300  # ids compared whole
    LONGEST = 200  # characters: a longer value is no misspelt id

    def __init__(self) -> None:
        self.indexes: dict[tuple[str, int], dict[str, list[str]]] = {}
        self.found: dict[tuple[str, str], str | None] = {}  # an unknown id may repeat

    def closest(self, value: str, table: Mapping[str, object], what: str) -> str | None:
        if (what, value) not in self.found:
            self.found[what, value] = self._closest(value, table, what)
        return self.found[what, value]

    def _closest(self, value: str, table: Mapping[str, object], what: str) -> str | None:
        if len(value) > self.LONGEST or not table:
            return None
        if len(table) <= self.SMALL:
            return closest(value, table)
        size = len(value)
        index = self.indexes.get((what, size))
        if index is None:
            index = self.indexes[what, size] = {}
            for known in table:
                if abs(len(known) - size) <= 1:
                    for variant in _one_out(known):
                        index.setdefault(variant, []).append(known)
        found = sorted({known for v in _one_out(value) for known in index.get(v, ())})
        return (closest(value, found) or found[0]) if found else None


def _one_out(word: str) -> set[str]:
    """The word, and the word with each one of its characters left out."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


class _Unchecked:
    """References into files that could not be read: each is counted, not reported, and
    the count is one line per file (see `report`)."""

    def __init__(self, corpus: Corpus) -> None:
        self.unreadable = corpus.unreadable
        self.file_of: dict[str, str] = {}
        for path, held in sorted(corpus.unreadable.items()):
            for record_id in held.ids or ():
                self.file_of.setdefault(record_id, path)
        # Files whose text could not be read: any id may have been defined in them.
        self.unknown = sorted(p for p, held in corpus.unreadable.items() if held.ids is None)
        self.counts: dict[str | None, int] = {}

    def take(self, value: str) -> bool:
        """Whether a reference to `value`, found nowhere, may point into an unreadable file."""
        if not self.unreadable:
            return False
        path = self.file_of.get(value)
        if path is None and not self.unknown:
            return False
        self.counts[path] = self.counts.get(path, 0) + 1
        return True

    def report(self) -> Iterator[Diagnostic]:
        for path, count in sorted(self.counts.items(), key=lambda item: item[0] or ""):
            refs = f"{count} reference{'s' * (count != 1)}"
            if path is not None:
                yield warning(
                    self.unreadable[path].loc,
                    "unchecked-refs",
                    f"{refs} into {path} {'were' if count != 1 else 'was'} not checked "
                    "because it could not be read; fix the error above, then check again",
                )
            else:
                files = ", ".join(self.unknown)
                yield warning(
                    self.unreadable[self.unknown[0]].loc,
                    "unchecked-refs",
                    f"{refs} to ids found in no file {'were' if count != 1 else 'was'} not "
                    f"checked because {files} could not be read and may define them; fix "
                    "the error above, then check again",
                )


def _vocabulary(corpus: Corpus) -> Iterator[Diagnostic]:
    """Claimant kinds and statuses are the built-in ones or those the project declares
    (vocabulary.py); one id declared twice says the same thing."""
    vocabulary = corpus.vocabulary
    declared_at: dict[tuple[str, str], tuple[Briefing, object]] = {}
    for briefing in corpus.briefings:
        if briefing.vocabulary is None:
            continue
        declaration = briefing.vocabulary
        entries: list[tuple[str, str, object]] = [
            ("claimant_kinds", k, v) for k, v in declaration.claimant_kinds.items()
        ]
        entries += [("statuses", k, v) for k, v in declaration.statuses.items()]
        for section, term, words in entries:
            first = declared_at.setdefault((section, term), (briefing, words))
            if first[1] != words:
                yield error(
                    declaration.where(section),
                    "vocabulary-conflict",
                    f"`{excerpt(term)}` is already declared with other words at "
                    f"{first[0].where('vocabulary')}; "
                    "declare each kind and status once for the whole site, or use another id",
                )

    def unknown(key: str, term: str, section: str) -> str:
        known = list(getattr(vocabulary, section))
        close = closest(term, known)
        hint = f"did you mean `{close}`? " if close else ""
        return (
            f"`{excerpt(term)}` is not a {key} this briefing knows; {hint}use one of "
            f"{', '.join(known)}, or declare it in briefing.yaml under `vocabulary:` -> "
            f"`{section}:`"
        )

    for claimant in corpus.claimants:
        if claimant.kind not in vocabulary.claimant_kinds:
            message = unknown("kind", claimant.kind, "claimant_kinds")
            yield error(claimant.where("kind"), "unknown-kind", message)
    for fact in corpus.facts:
        if isinstance(fact, Estimate) and fact.status and fact.status not in vocabulary.statuses:
            message = unknown("status", fact.status, "statuses")
            yield error(fact.where("status"), "unknown-status", message)


def _usage(corpus: Corpus) -> Iterator[Diagnostic]:
    cited_sources = corpus.named_by_facts("source")
    cited_claimants = corpus.named_by_facts("claimant")
    for source in corpus.sources:
        if source.id not in cited_sources:
            yield warning(
                source.where("id"),
                "unused-source",
                f"no fact{' of any briefing' if corpus.parts else ''} cites the source "
                f"`{excerpt(source.id)}`; cite it or remove it",
            )
    for claimant in corpus.claimants:
        if claimant.id not in cited_claimants:
            yield warning(
                claimant.where("id"),
                "unused-claimant",
                f"no fact{' of any briefing' if corpus.parts else ''} is attributed to "
                f"`{excerpt(claimant.id)}`; attribute one or remove it",
            )
    topics_used = {t for f in corpus.facts for t in f.topics}
    for topic in corpus.topics:
        if topic.id not in topics_used:
            yield warning(
                topic.where("id"), "empty-topic", f"no fact is in topic `{excerpt(topic.id)}`"
            )
    measured = {f.quantity for f in corpus.facts if isinstance(f, Estimate)}
    for quantity in corpus.quantities:
        if quantity.id not in measured:
            yield warning(
                quantity.where("id"),
                "empty-quantity",
                f"no estimate measures `{excerpt(quantity.id)}`; add one or remove the quantity",
            )


def _dates(corpus: Corpus, today: date) -> Iterator[Diagnostic]:
    for source in corpus.sources:
        if source.published_date.earliest > today:
            yield error(
                source.where("published"),
                "future-date",
                f"{source.published} is after today ({today}); check the publication date",
            )
    for record in corpus.records():
        review_by = getattr(record, "review_by", None)
        withdrawn = getattr(record, "withdrawn", None) is not None  # nothing left to review
        if review_by is not None and review_by < today and not withdrawn:
            yield warning(
                record.where("review_by"),
                "review-overdue",
                f"this fact was due for review on {review_by}; check it against newer "
                "reporting, then move `review_by` forward or remove it",
            )
    for fact in corpus.facts:
        published = getattr(corpus.source_by_id.get(fact.source), "published_day", None)
        if published is None or fact.scheduled:
            continue
        if fact.when and fact.when.earliest > published:
            yield error(
                fact.where("date"),
                "date-after-source",
                f"`{fact.date}` is after the article's date ({published}); an article "
                "cannot report what has not happened: correct the date, or add "
                "`scheduled: true` if the article announces it",
            )
        if isinstance(fact, Estimate) and fact.as_of_date.earliest > published:
            yield error(
                fact.where("as_of"),
                "as-of-after-source",
                f"`{fact.as_of}` is after the article's date ({published}); an "
                "estimate cannot be as of a later date than the article that reports it",
            )


def _stated(corpus: Corpus) -> Iterator[Diagnostic]:
    """When a claim was made: never after the article that reports it, and never
    before the day its figure refers to (a claim cannot count what had not happened)."""
    for fact in corpus.facts:
        stated = fact.stated_date
        if stated is None:
            continue
        published = getattr(corpus.source_by_id.get(fact.source), "published_day", None)
        if published is not None and stated.earliest > published:
            yield error(
                fact.where("stated"),
                "stated-after-source",
                f"`{fact.stated}` is after the article's date ({published}); a claim is made "
                "before the article that reports it: correct `stated`, or remove it",
            )
        if isinstance(fact, Estimate) and fact.as_of_date.earliest > stated.latest:
            yield error(
                fact.where("as_of"),
                "as-of-after-stated",
                f"`{fact.as_of}` is after the claim was made (`stated: {fact.stated}`); a "
                "figure cannot be as of a later day than the claim that gives it",
            )


def _notices(corpus: Corpus, today: date) -> Iterator[Diagnostic]:
    """A correction or a withdrawal is dated between its fact's article and today: a fact
    cannot be corrected before it was reported, nor on a day still to come."""
    for fact in corpus.facts:
        notices: list[tuple[str, Correction | Withdrawal]] = [
            ("correction", c) for c in fact.corrections
        ]
        if fact.withdrawn is not None:
            notices.append(("withdrawal", fact.withdrawn))
        if not notices:
            continue
        source = corpus.source_by_id.get(fact.source)
        for what, notice in notices:
            if notice.date > today:
                yield error(
                    notice.where("date"),
                    "future-date",
                    f"the {what} is dated {notice.date}, after today ({today}); date it the "
                    "day it is made",
                )
            elif source is not None and notice.date < source.published_date.earliest:
                yield error(
                    notice.where("date"),
                    "notice-before-source",
                    f"the {what} is dated {notice.date}, before the article "
                    f"`{excerpt(source.id)}` was published ({source.published}); a fact is "
                    "corrected or withdrawn after it was reported: date it the day it is made",
                )


def _estimates(corpus: Corpus) -> Iterator[Diagnostic]:
    for fact in corpus.facts:
        if not isinstance(fact, Estimate):
            continue
        if fact.bound == "range":
            for key in ("low", "high"):
                if getattr(fact, key) is None:
                    yield error(
                        fact.where("bound"),
                        "missing-value",
                        f"a range needs both `low` and `high`; add `{key}:`",
                    )
        elif fact.value is None:
            yield error(
                fact.where("bound"),
                "missing-value",
                f"an estimate with bound `{fact.bound}` needs `value:` (or use `bound: range` "
                "with `low:` and `high:`)",
            )
        if fact.low is not None and fact.high is not None and fact.low > fact.high:
            yield error(
                fact.where("low"),
                "low-above-high",
                f"`low` ({fact.low:g}) is above `high` ({fact.high:g}); swap them",
            )
        elif fact.value is not None and (
            (fact.low is not None and fact.value < fact.low)
            or (fact.high is not None and fact.value > fact.high)
        ):
            yield error(
                fact.where("value"),
                "value-out-of-range",
                f"`value` ({fact.value:g}) lies outside `low`..`high`; check all three",
            )
        quantity = corpus.quantity_by_id.get(fact.quantity)
        if quantity and fact.unit and fact.unit != quantity.unit:
            yield error(
                fact.where("unit"),
                "unit-mismatch",
                f"the unit `{excerpt(fact.unit)}` differs from `{excerpt(quantity.unit)}`, the "
                f"unit of `{excerpt(quantity.id)}`; convert the figure or remove `unit:`",
            )


def _wholes(corpus: Corpus) -> Iterator[Diagnostic]:
    """A figure part of another (`part_of`, an army within the armed forces) names an
    estimate of another quantity, is not larger than it, and is not, through the wholes
    its wholes are part of, part of itself. (A whole that does not exist, or the fact
    itself, is `unknown-ref` or `self-reference`.)"""
    for fact in corpus.facts:
        if not isinstance(fact, Estimate) or fact.part_of in (None, fact.id):
            continue
        whole = corpus.fact_by_id.get(fact.part_of or "")
        if whole is None:
            continue
        where = fact.where_value("part_of")
        if not isinstance(whole, Estimate):
            yield error(
                where,
                "bad-part-of",
                f"`{excerpt(whole.id)}` is {_a(whole.kind)}, not an estimate; `part_of` names "
                "the estimate of the whole this figure is part of (the armed forces an army "
                "belongs to)",
            )
        elif whole.quantity == fact.quantity:
            yield error(
                where,
                "bad-part-of",
                f"`{excerpt(whole.id)}` is an estimate of the same quantity, "
                f"`{excerpt(fact.quantity)}`; a part and its whole measure different things "
                "(an army, the armed forces): give the part a quantity of its own, or remove "
                "`part_of`",
            )
        elif (cycle := _part_cycle(corpus, fact)) is not None:
            if fact.id == min(cycle):  # once for the cycle, at its first id
                chain = " → ".join(f"`{excerpt(i, 40)}`" for i in [*cycle, fact.id])
                yield error(
                    where,
                    "part-of-cycle",
                    f"these figures are each part of the next: {chain}; a figure cannot be "
                    "part of itself: remove the `part_of` that names the larger whole's part",
                )
        elif _least(fact) > _most(whole) and _unit(corpus, fact) == _unit(corpus, whole):
            yield warning(
                where,
                "part-exceeds-whole",
                f"`{excerpt(fact.id)}` ({_figure(_least(fact))} at least) is part of "
                f"`{excerpt(whole.id)}` ({_figure(_most(whole))} at most) but larger than "
                "it; check both figures, and that this is the whole the part belongs to",
            )


def _projections(corpus: Corpus) -> Iterator[Diagnostic]:
    """A condition and a likelihood hedge a projection: a figure of what may happen
    (planned, expected, potential), not a count of what has happened."""
    vocabulary = corpus.vocabulary
    for fact in corpus.facts:
        if not isinstance(fact, Estimate):
            continue
        for key in ("condition", "likelihood"):
            if getattr(fact, key) is None:
                continue
            if fact.status is None:
                counts = "has no status, so it is not known to count what may happen"
            elif vocabulary.happened(fact.status):
                counts = f"counts what has happened (`{excerpt(fact.status)}`)"
            else:
                continue
            may = [s for s, found in vocabulary.statuses.items() if not found.happened]
            yield error(
                fact.where(key),
                "not-a-projection",
                f"`{key}` hedges a projection, a figure of what may happen, and this "
                f"estimate {counts}; give it the status the article gives ({', '.join(may)}), "
                f"or remove `{key}`",
            )


def _part_cycle(corpus: Corpus, fact: Estimate) -> list[str] | None:
    """The ids of a cycle of `part_of` through `fact` (starting at it), if there is one."""
    chain, seen = [fact.id], {fact.id}
    current = corpus.fact_by_id.get(fact.part_of or "")
    while isinstance(current, Estimate):
        if current.id == fact.id:
            return chain
        if current.id in seen:  # a cycle that does not pass through `fact`
            return None
        chain.append(current.id)
        seen.add(current.id)
        current = corpus.fact_by_id.get(current.part_of or "")
    return None


def _least(estimate: Estimate) -> float:
    """The smallest figure an estimate allows ("up to 1,500": none at all)."""
    if estimate.low is not None:
        return estimate.low
    return 0 if estimate.bound == "up-to" else estimate.value or 0


def _most(estimate: Estimate) -> float:
    """The largest figure an estimate allows ("more than 10,000": no limit)."""
    if estimate.high is not None:
        return estimate.high
    if estimate.bound in ("more-than", "at-least"):
        return float("inf")
    return estimate.value if estimate.value is not None else float("inf")


def _unit(corpus: Corpus, estimate: Estimate) -> str | None:
    quantity = corpus.quantity_by_id.get(estimate.quantity)
    return quantity.unit if quantity else None


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _whole_counts(corpus: Corpus) -> Iterator[Diagnostic]:
    """A quantity that counts things (the default) has whole figures: 1.5 troops is a
    figure misread (1.500 for 1500) or a scale left out (1.5 for 1.5 million)."""
    for fact in corpus.facts:
        if not isinstance(fact, Estimate):
            continue
        quantity = corpus.quantity_by_id.get(fact.quantity)
        if quantity is None or not quantity.counts:
            continue
        for key in ESTIMATE_FIELDS:
            figure = getattr(fact, key)
            if figure is not None and not float(figure).is_integer():
                yield error(
                    fact.where(key),
                    "fractional-count",
                    f"`{key}` is {figure:g}, but `{excerpt(quantity.id)}` counts "
                    f"{excerpt(quantity.unit)}, in whole numbers; write the whole figure "
                    "(1.5 million is 1500000), or, if the quantity measures something other "
                    f"than a count (money, an area, a rate), add `counts: false` to it at "
                    f"{quantity.where('id')}",
                )


def _figures_in_text(corpus: Corpus) -> Iterator[Diagnostic]:
    """An estimate's figures (value, low, high) are the ones its text names.

    A text that names no figure is fine; so are numbers that are not the quantity's
    figure (see generator/figures.py). Only a figure of the estimate that its text,
    naming figures of its own, does not name is flagged: "240,000" in the text and
    140000 in `value` is a figure mistyped in one of the two.
    """
    for fact in corpus.facts:
        if not isinstance(fact, Estimate):
            continue
        quantity = corpus.quantity_by_id.get(fact.quantity)
        unit = quantity.unit if quantity else ""
        rate = bool(re.search(r"%|per ?cent|percentage", unit.lower()))
        named = figures.figures(fact.text, rate=rate)
        given = [f.words for f in named if f.given]
        if not given:
            continue
        for key in ESTIMATE_FIELDS:
            figure = getattr(fact, key)
            if figure is None or figures.matches(figure, named, unit):
                continue
            yield warning(
                fact.where(key),
                "figure-not-in-text",
                f"`{key}` is {_figure(figure)}, but the text names "
                f"{_listed(excerpt(w, 40) for w in dict.fromkeys(given))} and not "
                f"{_figure(figure)}; make the figure and the text agree",
            )


def _figure(figure: float) -> str:
    return f"{figure:,.0f}" if float(figure).is_integer() else f"{figure:,}"


def _listed(items: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = [f'"{item}"' for item in items]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _conflicting_dates(corpus: Corpus) -> Iterator[Diagnostic]:
    """Two reports of one event (`same_as`) whose dates cannot both be right."""
    for fact in corpus.facts:
        other = corpus.fact_by_id.get(fact.same_as or "")
        if other is None or not fact.when or not other.when:
            continue
        a, b = fact.when, other.when
        if a.earliest <= b.latest and b.earliest <= a.latest:
            continue
        for here, there in ((fact, other), (other, fact)):
            yield warning(
                here.where("date"),
                "conflicting-dates",
                f"`{excerpt(here.id)}` ({here.date}) and `{excerpt(there.id)}` ({there.date}) "
                "report the same "
                "event on dates that do not overlap; correct one, or say why in a note",
            )


def _placeholders(corpus: Corpus) -> Iterator[Diagnostic]:
    """`TODO` left in any text, as `python -m generator new` writes it."""
    for record in corpus.records():
        for key in type(record).model_fields:
            value = getattr(record, key)
            if isinstance(value, str) and "TODO" in value:
                yield error(
                    record.where(key),
                    "placeholder",
                    f"`{key}` still holds a TODO placeholder; write the real value",
                )


def _divergence(corpus: Corpus) -> Iterator[Diagnostic]:
    """Estimates of one quantity and status, for overlapping dates, that differ widely.

    A spread larger than DIVERGENCE (the larger figure over the smaller) is worth a
    reader's attention: the editors should explain it in the quantity's `spread_note`.
    A cumulative figure and an at-one-time figure are never compared: a total over
    time is expected to exceed a presence at one time. When only one of the two says
    which it counts, they are compared, and the warning says what each measures.
    """
    by_key: dict[tuple[str, str | None], list[Estimate]] = {}
    for fact in corpus.facts:
        if isinstance(fact, Estimate) and fact.withdrawn is None:
            by_key.setdefault((fact.quantity, fact.status), []).append(fact)
    for (quantity_id, status), estimates in by_key.items():
        quantity = corpus.quantity_by_id.get(quantity_id)
        if quantity is None or quantity.spread_note:
            continue
        for i, first in enumerate(estimates):
            for second in estimates[i + 1 :]:
                if not disagree(first, second, corpus.fact_by_id) or not _overlap(first, second):
                    continue
                # Once per pair, at the later of the two (the one that made the spread).
                yield warning(
                    _estimate_where(second),
                    "diverging-estimates",
                    f"`{excerpt(second.id)}` and `{excerpt(first.id)}` (at "
                    f"{_estimate_where(first)}; {status or 'no status'}, overlapping dates"
                    f"{_measures(second, first)}) differ more than {DIVERGENCE:g}-fold; "
                    f"explain the spread in the `spread_note` of `{excerpt(quantity_id)}`; "
                    "where one figure is better founded, choose it in the quantity's "
                    "`headline:` (`fact` and `reason`), else the pages show the two as a "
                    "dispute when they lead",
                )


def _estimate_where(estimate: Estimate) -> Location:
    return estimate.where("value" if estimate.value is not None else "bound")


def _measures(here: Estimate, there: Estimate) -> str:
    """ ", one counted over time, the other with no measure given", when they differ."""
    if here.measure == there.measure:
        return ""
    words = {
        "cumulative": "counted over time",
        "at-one-time": "at one time",
        "unstated": "not saying whether over time or at one time",
        None: "with no measure given",
    }
    return f"; `{here.id}` {words[here.measure]}, `{there.id}` {words[there.measure]}"


def _overlap(first: Estimate, second: Estimate) -> bool:
    a, b = first.as_of_date, second.as_of_date
    return a.earliest <= b.latest and b.earliest <= a.latest


def normalise(text: str) -> str:
    """Text reduced to what a quote must match: quotes, dashes and spaces made plain."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u2018\u2019\u201a\u201b\u2032`]", "'", text)
    text = re.sub("[\u201c\u201d\u201e\u201f\u2033]", '"', text)
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return re.findall(r"[\w']+", normalise(text).lower())


class _Words:
    """Quotes must be in the archived article; other text must not be lifted from it."""

    def __init__(self, corpus: Corpus, archive: Path | None) -> None:
        self.corpus = corpus
        self.archive = archive
        self.verified = 0
        self.articles = 0  # archived texts found
        self.unverified = 0  # quotes with no archived text to check them against
        self.skipped: str | None = None
        self._texts: dict[str, str | None] = {}
        self._grams: dict[tuple[str, ...], set[tuple[str, ...]]] = {}

    def article(self, source_id: str) -> str | None:
        if source_id not in self._texts:
            source = self.corpus.source_by_id.get(source_id)
            text = None
            if source and source.archive and self.archive:
                path = self.archive / source.archive
                if path.is_file():
                    text = normalise(path.read_text("utf-8", errors="replace"))
                    self.articles += 1
            self._texts[source_id] = text
        return self._texts[source_id]

    def check(self) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        for fact in self.corpus.facts:
            if fact.quote and len(fact.quote.split()) > LONG_QUOTE:
                found.append(
                    warning(
                        fact.where("quote"),
                        "long-quote",
                        f"the quote has more than {LONG_QUOTE} words; quote a few words "
                        "and say the rest in the briefing's own words",
                    )
                )
        if self.archive is None:  # a public repository may keep the articles elsewhere
            self.skipped = "no archive folder (set BRIEFING_ARCHIVE or the plugin's archive option)"
            return found
        if not self.archive.is_dir():
            # A folder named but absent (a copy not fetched, a wrong path): every source
            # that names its article's copy is reported, rather than passed unverified.
            self.skipped = f"the archive folder {self.archive} does not exist"
            for source in self.corpus.sources:
                if source.archive:
                    found.append(
                        warning(
                            source.where("archive"),
                            "archive-missing",
                            f"`{excerpt(source.archive)}` cannot be read: the archive folder "
                            f"{excerpt(str(self.archive))} (BRIEFING_ARCHIVE) does not exist; "
                            "its quotes are not verified",
                        )
                    )
            return found
        found += self._archives_present()
        for fact in self.corpus.facts:
            found += self._fact(fact)
        found += self._summaries()
        return found

    def _archives_present(self) -> Iterator[Diagnostic]:
        for source in self.corpus.sources:
            if source.archive and self.article(source.id) is None:
                yield warning(
                    source.where("archive"),
                    "archive-missing",
                    f"`{excerpt(source.archive)}` is not in {self.archive}; its quotes are not "
                    "verified",
                )

    def _fact(self, fact: FactRecord) -> Iterator[Diagnostic]:
        article = self.article(fact.source)
        if article is None:
            self.unverified += bool(fact.quote)
            return
        if fact.quote:
            if _quoted_in(fact.quote, article):
                self.verified += 1
            else:
                yield error(
                    fact.where("quote"),
                    "quote-not-found",
                    f"the quote is not in the archived text of `{excerpt(fact.source)}`; copy the "
                    "words exactly as printed (use ... for words left out)",
                )
        likelihood = getattr(fact, "likelihood", None)
        if likelihood and not _word_in(likelihood, article):
            yield error(
                fact.where("likelihood"),
                "hedge-not-found",
                f"the likelihood `{excerpt(likelihood)}` is not in the archived text of "
                f"`{excerpt(fact.source)}`; write the article's own hedge word as printed "
                "(likely, may, could...)",
            )
        for key in ("text", "note", "condition"):
            value = getattr(fact, key, None)
            if value:
                yield from self._copied(fact, key, value, (fact.source,), fact.quote)

    def _summaries(self) -> Iterator[Diagnostic]:
        every = tuple(s.id for s in self.corpus.sources)
        records: list[Topic | Briefing] = [*self.corpus.topics, *self.corpus.briefings]
        for record in records:
            yield from self._copied(record, "summary", record.summary, every, None)

    def grams(self, source_ids: tuple[str, ...]) -> set[tuple[str, ...]]:
        """Every run of COPY_RUN words in the archived articles of these sources."""
        if source_ids not in self._grams:
            self._grams[source_ids] = {
                tuple(article[i : i + COPY_RUN])
                for source_id in source_ids
                if (text := self.article(source_id))
                for article in [words(text)]
                for i in range(len(article) - COPY_RUN + 1)
            }
        return self._grams[source_ids]

    def _copied(
        self, record: Record, key: str, text: str, sources: tuple[str, ...], quote: str | None
    ) -> Iterator[Diagnostic]:
        text = CITATION.sub(" ", text)  # a reader sees a footnote number, not the id
        if quote:
            text = normalise(text).replace(normalise(quote), " ")
        run = _shared_run(words(text), self.grams(sources))
        if run:
            yield warning(
                record.where(key),
                "copied-text",
                f'{len(run)} words in a row are the article\'s own ("{excerpt(" ".join(run))}"); '
                "say it in the briefing's own words, or quote the claimant in `quote:`",
            )


def _quoted_in(quote: str, article: str) -> bool:
    """True when every part of the quote (split at ... or …) occurs in order."""
    position = 0
    for part in re.split(r"\s*(?:\.\.\.|\u2026)\s*", normalise(quote)):
        if not part:
            continue
        found = article.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _word_in(words: str, article: str) -> bool:
    """True when `words` occur in the article as whole words, in any case ("may" in "may
    deploy", not in "dismay")."""
    pattern = r"(?<!\w)" + re.escape(normalise(words)) + r"(?!\w)"
    return re.search(pattern, article, re.IGNORECASE) is not None


def _shared_run(text: list[str], grams: set[tuple[str, ...]]) -> list[str]:
    """The first run of at least COPY_RUN words of `text` that an article shares."""
    for i in range(len(text) - COPY_RUN + 1):
        if tuple(text[i : i + COPY_RUN]) in grams:
            end = i + COPY_RUN
            while end < len(text) and tuple(text[end - COPY_RUN + 1 : end + 1]) in grams:
                end += 1
            return text[i:end]
    return []
