"""The steps every entry point shares: read the facts, check them, summarise.

The CLI and the MkDocs plugin both call `check_facts`, so an editor sees the same
located messages from `make check`, `make build` and `mkdocs serve`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import check
from generator.corpus import Corpus, ReadCache, corpus_frozen, read_corpus
from generator.diagnostics import Diagnostic, Location, count, ordered, warning
from generator.load import Limits
from generator.wording import counted


@dataclass
class Checked:
    corpus: Corpus
    diagnostics: list[Diagnostic]
    result: check.Result

    @property
    def ok(self) -> bool:
        return count(self.diagnostics)[0] == 0

    def summary(self) -> str:
        errors, warnings = count(self.diagnostics)
        corpus = self.corpus
        parts = [
            counted(len(corpus.files), "file"),
            counted(len(corpus.facts), "fact"),
            counted(len(corpus.sources), "source"),
            counted(len(corpus.claimants), "claimant"),
        ]
        result = self.result
        if result.quotes_skipped:
            quotes = f"quotes NOT verified: {result.quotes_skipped}"
        else:
            n, articles = result.quotes_verified, result.articles
            quotes = (
                f"{n} quote{'s' * (n != 1)} verified against {articles} archived "
                f"article{'s' * (articles != 1)}"
            )
            if result.quotes_unverified:
                quotes += (
                    f" ({result.quotes_unverified} NOT verified: their articles have no "
                    "archived copy)"
                )
        verdict = "ok" if errors == 0 else "failed"
        line = f"check {verdict}: {_problems(errors, warnings)}; {', '.join(parts)}; {quotes}"
        if corpus.parts:
            line += "\n" + self.by_briefing()
        return line

    def by_briefing(self) -> str:
        """A line per briefing of a site of several: its facts and its problems, and the
        shared files' problems."""
        corpus = self.corpus
        found: dict[str, list[Diagnostic]] = {}
        for diagnostic in self.diagnostics:
            part = corpus.part_of_file.get(diagnostic.loc.path, "")
            found.setdefault(part, []).append(diagnostic)
        facts: dict[str, int] = {}
        for fact in corpus.facts:
            facts[corpus.part(fact)] = facts.get(corpus.part(fact), 0) + 1
        lines = [
            f"  {part}: {counted(facts.get(part, 0), 'fact')}, "
            f"{_problems(*count(found.get(part, [])))}"
            for part in corpus.parts
        ]
        lines.append(f"  shared files: {_problems(*count(found.get('', [])))}")
        return "\n".join(lines)


def _problems(errors: int, warnings: int) -> str:
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


# Warnings that a record is never used: while a file cannot be read, its facts may be
# the ones that use it.
UNUSED = ("unused-source", "unused-claimant", "empty-topic", "empty-quantity")


def knock_ons(diagnostics: list[Diagnostic], corpus: Corpus) -> list[Diagnostic]:
    """The diagnostics, less the warnings that a record is never used when a file that
    could not be read names it (or may: a file whose text could not be read at all);
    those are counted on one line per file, after the file's own error."""
    if not corpus.unreadable or not any(d.code in UNUSED for d in diagnostics):
        return diagnostics
    named: dict[Location, tuple[str, str]] = {}  # where each record's id is: its kind, id
    for kind, records in (
        ("source", corpus.sources),
        ("claimant", corpus.claimants),
        ("topic", corpus.topics),
        ("quantity", corpus.quantities),
    ):
        for record in records:
            named.setdefault(record.where("id"), (kind, record.id))
    unknown = sorted(path for path, held in corpus.unreadable.items() if held.words is None)
    kept: list[Diagnostic] = []
    left_out: dict[str, dict[str, int]] = {}  # by file: how many of each kind
    for diagnostic in diagnostics:
        found = named.get(diagnostic.loc) if diagnostic.code in UNUSED else None
        path = None
        if found is not None:
            path = next(
                (
                    p
                    for p, held in sorted(corpus.unreadable.items())
                    if held.words is not None and found[1] in held.words
                ),
                unknown[0] if unknown else None,
            )
        if found is None or path is None:
            kept.append(diagnostic)
            continue
        kinds = left_out.setdefault(path, {})
        kinds[found[0]] = kinds.get(found[0], 0) + 1
    for path, kinds in left_out.items():
        counted = [f"{n} {kind}{'s' * (n != 1)}" for kind, n in sorted(kinds.items())]
        what = " and ".join([", ".join(counted[:-1]), counted[-1]] if len(counted) > 1 else counted)
        if corpus.unreadable[path].words is not None:
            why = f"{what} named in {path} are used was not checked because it could not be read"
        else:
            why = (
                f"{what} are used was not checked because {', '.join(unknown)} could not be "
                "read and may use them"
            )
        kept.append(
            warning(
                corpus.unreadable[path].loc,
                "unchecked-refs",
                f"whether {why}; fix the error above, then check again",
            )
        )
    return kept


def check_facts(
    root: Path,
    *,
    strict: bool = False,
    today: date | None = None,
    archive: Path | None = None,
    cache: ReadCache | None = None,
    limits: Limits | None = None,
) -> Checked:
    """Read and check every fact file under `root`; never raises for bad input.

    `today` defaults to the calendar date. With a `cache`, files read before with the
    same bytes are not read again (a live preview's rebuilds).
    """
    corpus, problems = read_corpus(root, limits=limits, cache=cache)
    options = check.Options(today=today or date.today(), archive=archive)
    with corpus_frozen():
        result = check.check(corpus, options)
    diagnostics = ordered(knock_ons([*problems, *result.diagnostics], corpus))
    if strict:
        diagnostics = [d.escalated() for d in diagnostics]
    return Checked(corpus, diagnostics, result)
