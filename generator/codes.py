"""Every diagnostic code, declared once with what it means: the editors' guides' table
of error codes is this list, and a test holds the code to it (an unregistered code is a
bug the tests catch).

Codes are stable: tests, editors' tools and CI annotations match on them, while the
messages are free to improve.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """Codes of one kind of problem, with what they mean to an editor."""

    codes: tuple[str, ...]
    meaning: str
    warning: bool = False  # a warning, which only the strict check (and CI) refuses
    strict: str = ""  # when a warning is refused otherwise than by the strict check


GROUPS: tuple[Group, ...] = (
    Group(
        (
            "not-utf8",
            "empty-file",
            "tab-indent",
            "yaml-syntax",
            "too-large",
            "too-deep",
            "unreadable",
        ),
        "the file cannot be read as YAML; the message says where and how to fix it (a `: ` "
        "inside a text, a quote left open, a space missing after `-` or `:`, a key out of "
        "line)",
    ),
    Group(
        ("outside-facts",),
        "a symbolic link leads out of the facts folder; it is not read: put the file itself in "
        "the folder",
    ),
    Group(
        ("not-a-file",),
        "a `.yaml` name that is not a plain file: a link that leads nowhere, a named pipe, a "
        "device or a socket",
    ),
    Group(
        ("duplicate-key", "yaml-tag", "yaml-alias", "bad-key", "top-level"),
        "YAML features fact files do not use",
    ),
    Group(
        ("unknown-key", "missing-key", "missing-value", "wrong-type", "invalid-value"),
        "a record does not have the shape described above",
    ),
    Group(
        ("implicit-type", "number-format"),
        "YAML would read the value as something else",
    ),
    Group(
        ("dot-thousands",),
        "a figure written with a dot before three digits (`1.500`, `240.000`): YAML reads a "
        "decimal where much of Europe means thousands; write `1500`, or `1.5` if a decimal "
        "was meant",
    ),
    Group(
        ("bad-id", "bad-date", "bad-url", "bad-file-name"),
        "a value is not in its required form",
    ),
    Group(
        ("too-long", "control-character"),
        "a text is over 20,000 characters, or holds an invisible control character",
    ),
    Group(
        ("unknown-kind", "unknown-status"),
        "a claimant's kind or an estimate's status is neither built in nor declared in the "
        "briefing's `vocabulary` (the message lists those it has)",
    ),
    Group(
        ("unknown-language",),
        "a briefing's `language` has no catalog of the generator's words (the message lists "
        "the languages there are): its pages are built with those words in English",
        warning=True,
    ),
    Group(
        ("vocabulary-conflict",),
        "one claimant kind or status is declared twice with different words",
    ),
    Group(
        ("no-facts", "missing-briefing"),
        "the folder or the briefing is missing",
    ),
    Group(
        ("duplicate-id", "unknown-ref", "bad-headline"),
        "records do not fit together (an unknown id names the closest known one: "
        '"did you mean ...?")',
    ),
    Group(
        ("unchecked-refs",),
        "references into a file that could not be read, and whether the records it names are "
        "used, were not checked (counted on one line, not reported one by one); it follows "
        "that file's error, which is listed first: fix it and check again",
        warning=True,
    ),
    Group(
        ("shared-record", "other-briefing"),
        "in a site of several briefings: a topic, quantity or fact sits in a shared file, or a "
        "record refers to a topic, quantity, fact, source or claimant of another briefing (share "
        "a source or claimant by moving it into a shared file)",
    ),
    Group(
        ("bad-folder-name",),
        "a briefing's folder is not named in lowercase letters, digits and hyphens, or takes a "
        "name the site's own pages use (`sources`, `claimants`, `data`, `assets`, `search`, or a "
        "hand-written page's)",
    ),
    Group(
        ("date-after-source", "as-of-after-source", "stated-after-source", "future-date"),
        "a date is later than the reporting allows (a claim cannot be stated after the article "
        "that reports it; a correction or withdrawal cannot be dated after today)",
    ),
    Group(
        ("notice-before-source",),
        "a correction or a withdrawal is dated before the article of the fact it corrects was "
        "published (one dated after today is a `future-date`)",
    ),
    Group(
        ("correction-missing",),
        "`check --base REF`: a fact published at REF changed what it claims (its figure, "
        "bound, status, dates, claimant, quote, source, condition, likelihood or whole) "
        "without a new entry under `corrections:` saying what was wrong (see Corrections)",
        warning=True,
    ),
    Group(
        ("as-of-after-stated",),
        "an estimate is as of a later day than the claim that gives it was made",
    ),
    Group(
        ("low-above-high", "value-out-of-range", "unit-mismatch"),
        "an estimate does not add up",
    ),
    Group(
        ("fractional-count",),
        "an estimate of a quantity that counts things has a figure with decimals (`value: "
        "1.5` people); write the whole figure, or give the quantity `counts: false` if it "
        "measures money, an area or a rate",
    ),
    Group(
        ("figure-not-in-text",),
        "an estimate's `value`, `low` or `high` is not among the figures its text names (the "
        "text says 240,000, the value is 140000); correct the one that is wrong",
        warning=True,
    ),
    Group(
        ("self-reference",),
        "a fact denies or disputes itself, or is part of itself",
    ),
    Group(
        ("bad-part-of", "part-of-cycle"),
        "an estimate's `part_of` names a fact that is not an estimate, or an estimate of the "
        "same quantity (a part and its whole are different quantities: an army, the armed "
        "forces), or figures are each, through their wholes, part of themselves",
    ),
    Group(
        ("part-exceeds-whole",),
        "a figure is larger than the whole it is part of (the least the part's bound allows "
        "is above the most the whole's allows, in the same unit)",
        warning=True,
    ),
    Group(
        ("conflicting-dates",),
        "two facts that report the same event (`same_as`) give dates that do not overlap",
        warning=True,
    ),
    Group(
        ("placeholder",),
        "a `TODO` left by the `new` command's skeleton has not been replaced: in a text, or as "
        "a whole value (a figure, a bound, a status, a kind, an id), which is refused "
        "whatever the field",
    ),
    Group(
        ("diverging-estimates",),
        "two estimates of one quantity, with the same status and overlapping as-of dates, differ "
        "more than threefold and the quantity has no `spread_note`; a `cumulative` and an `at-"
        "one-time` figure are never compared, and when only one of the two gives its `measure` "
        "the warning says so",
        warning=True,
    ),
    Group(
        ("quote-not-found", "hedge-not-found"),
        "a quote, or an estimate's `likelihood` (the article's own hedge word), is not in the "
        "archived article",
    ),
    Group(
        ("not-a-projection",),
        "an estimate with a `condition` or a `likelihood` does not count what may happen: its "
        "status counts what has happened (sent, killed), or it has none",
    ),
    Group(
        ("review-overdue",),
        "a fact's review date has passed",
        warning=True,
    ),
    Group(
        ("unused-source", "unused-claimant", "empty-topic", "empty-quantity"),
        "something is never used",
        warning=True,
    ),
    Group(
        ("copied-text", "long-quote"),
        "the words may not be the briefing's own",
        warning=True,
    ),
    Group(
        ("archive-missing",),
        "the archive folder (`BRIEFING_ARCHIVE`) is named but lacks the copy a source names in "
        "`archive`, or does not exist: that source's quotes are not verified",
        warning=True,
    ),
    Group(
        ("example",),
        "an example `init` wrote is still marked by its EXAMPLE line: replace it, then delete "
        "the line",
        warning=True,
        strict="an error for `check --publishable`",
    ),
    Group(
        ("broken-link",),
        "a generated page links to a page or anchor the site does not have; the message names the"
        " fact and the page (fix the hand-written page it points at, or report it: the generator "
        "should never write one)",
    ),
)

CODES: frozenset[str] = frozenset(code for group in GROUPS for code in group.codes)


def markdown_table() -> str:
    """The table of the editors' guides."""
    lines = ["| Code | What it means |", "|---|---|"]
    for group in GROUPS:
        codes = ", ".join(f"`{code}`" for code in group.codes)
        kind = (
            " (warnings)"
            if group.warning and len(group.codes) > 1
            else " (warning)"
            if group.warning
            else ""
        )
        lines.append(f"| {codes}{kind} | {group.meaning} |")
    return "\n".join(lines) + "\n"
