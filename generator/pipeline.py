"""The steps every entry point shares: read the facts, check them, summarise.

The CLI and the MkDocs plugin both call `check_facts`, so an editor sees the same
located messages from `make check`, `make build` and `mkdocs serve`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import check
from generator.corpus import Corpus, ReadCache, corpus_frozen, read_corpus
from generator.diagnostics import Diagnostic, count, ordered


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
            f"{len(corpus.files)} files",
            f"{len(corpus.facts)} facts",
            f"{len(corpus.sources)} sources",
            f"{len(corpus.claimants)} claimants",
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
            f"  {part}: {facts.get(part, 0)} facts, {_problems(*count(found.get(part, [])))}"
            for part in corpus.parts
        ]
        lines.append(f"  shared files: {_problems(*count(found.get('', [])))}")
        return "\n".join(lines)


def _problems(errors: int, warnings: int) -> str:
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def today_from_env() -> date | None:
    """`BRIEFING_TODAY` (YYYY-MM-DD): the date checks compare against, for tests."""
    value = os.environ.get("BRIEFING_TODAY", "").strip()
    return date.fromisoformat(value) if value else None


def archive_from_env() -> Path | None:
    value = os.environ.get("BRIEFING_ARCHIVE", "").strip()
    return Path(value) if value else None


def archive_setting(option: object, config: Path) -> Path | None:
    """The folder of the articles' copies: BRIEFING_ARCHIVE, else the briefing plugin's
    `archive` option in mkdocs.yml (`config`), relative to that file's folder."""
    named = archive_from_env()
    if named is not None or not isinstance(option, str) or not option.strip():
        return named
    return config.parent / option.strip()


def archive_for(facts: Path, config: Path | None = None) -> Path | None:
    """`archive_setting` for the command line: the option is read from `config`, by
    default the mkdocs.yml beside the facts folder, when there is one."""
    if archive_from_env() is not None:
        return archive_from_env()
    config = config or facts.parent / "mkdocs.yml"
    if not config.is_file():
        return None
    from generator.project import _read_config

    settings = _read_config(config)
    plugins = settings.get("plugins") if isinstance(settings, dict) else None
    ours = next(
        (p["briefing"] for p in plugins or [] if isinstance(p, dict) and "briefing" in p), None
    )
    return archive_setting(ours.get("archive") if isinstance(ours, dict) else None, config)


def check_facts(
    root: Path,
    *,
    strict: bool = False,
    today: date | None = None,
    archive: Path | None = None,
    cache: ReadCache | None = None,
) -> Checked:
    """Read and check every fact file under `root`; never raises for bad input.

    `today` defaults to BRIEFING_TODAY, then to the calendar date. With a `cache`, files
    read before with the same bytes are not read again (a live preview's rebuilds).
    """
    corpus, problems = read_corpus(root, cache=cache)
    options = check.Options(today=today or today_from_env() or date.today(), archive=archive)
    with corpus_frozen():
        result = check.check(corpus, options)
    diagnostics = ordered([*problems, *result.diagnostics])
    if strict:
        diagnostics = [d.escalated() for d in diagnostics]
    return Checked(corpus, diagnostics, result)
