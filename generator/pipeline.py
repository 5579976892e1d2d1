"""The pipeline every entry point takes, in two stages:

- `check_facts` reads the facts and checks them: the CLI's `check`, `diff`, the plugin
  and `generate` all call it, so an editor sees the same located messages from
  `make check`, `make build` and `mkdocs serve`;
- `generate`, when they pass, plans every page, renders their HTML and the other files
  (downloads, feed, assets, `build.json`) and checks every link the pages make. The
  MkDocs plugin and `python -m generator export` both call it, so what a reader sees
  cannot depend on the engine that built it.

The renderer (Jinja and the templates) is imported by `generate` when it is called, so
checking the facts costs only what reading and checking them costs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import check
from generator.corpus import Corpus, ReadCache, corpus_frozen, read_corpus
from generator.diagnostics import Diagnostic, Location, count, error, ordered, warning
from generator.history import changes
from generator.load import Limits
from generator.plan import BUILD_STAMP, Page, Plan, SiteOptions, plan_site
from generator.provenance import Provenance, provenance
from generator.wording import counted

if TYPE_CHECKING:
    from generator.render import Renderer
    from generator.render.jinja import CompiledTemplates


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


# --- the site, from facts that passed


@dataclass
class Generated:
    checked: Checked
    plan: Plan | None = None
    # path -> the HTML of its body, as UTF-8: half the memory of text for most pages.
    pages: dict[str, bytes] = field(default_factory=dict)
    files: dict[str, str | bytes] = field(default_factory=dict)  # downloads, feed, assets
    dataset: str = ""  # the Dataset JSON-LD for the head of the home page
    links: list[Diagnostic] = field(default_factory=list)  # broken links, at their facts

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return ordered([*self.checked.diagnostics, *self.links])

    @property
    def ok(self) -> bool:
        return self.checked.ok and not self.links


@dataclass
class Reuse:
    """What a rebuild in the same process (the live preview) takes from the builds
    before it: fact files whose bytes did not change are not read again (`ReadCache`),
    and a page of a SELF_CONTAINED template whose plan is the same as in the last build
    that succeeded, with the same frame (`Renderer.frame`), keeps that build's HTML.
    A full build (`make build`, CI) never reuses anything."""

    files: ReadCache = field(default_factory=ReadCache)
    frame: tuple[object, ...] | None = None
    pages: dict[str, tuple[Page, bytes]] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)  # Renderer.items()
    kept: int = 0  # pages the last build took from the one before it

    def unchanged(self, plan: Plan) -> dict[str, bytes]:
        """The pages of `plan` whose HTML the last successful build already made (for
        a build whose frame is that build's)."""
        from generator.render import SELF_CONTAINED

        kept = {}
        for path, page in plan.pages.items():
            before = self.pages.get(path)
            if before is not None and page.template in SELF_CONTAINED and before[0] == page:
                kept[path] = before[1]
        return kept

    def remember(
        self, frame: tuple[object, ...], plan: Plan, pages: dict[str, bytes], items: Any
    ) -> None:
        self.frame, self.items = frame, items
        self.pages = {path: (page, pages[path]) for path, page in plan.pages.items()}


def generate(
    facts: Path,
    options: SiteOptions | None = None,
    *,
    strict: bool = False,
    today: date | None = None,
    archive: Path | None = None,
    stamp: Provenance | None = None,
    reuse: Reuse | None = None,
    compiled: CompiledTemplates | None = None,
    limits: Limits | None = None,
) -> Generated:
    """Check the facts under `facts` and, when they pass, render the whole site (with
    `reuse`, the pages a rebuild can take from the builds before it are not rendered;
    `compiled`: where the templates' compiled code is kept, by default in memory)."""
    from generator.render import dataset_jsonld, site_renderer

    cache = reuse.files if reuse else None
    checked = check_facts(
        facts, strict=strict, today=today, archive=archive, cache=cache, limits=limits
    )
    if not checked.ok:
        return Generated(checked)
    options = dataclasses.replace(options or SiteOptions(), history=changes(facts))
    with corpus_frozen():  # the corpus is kept out of the cycle collector's passes
        plan = plan_site(checked.corpus, options)
        clashes = _clashes(checked.corpus, plan)
        if clashes:
            return Generated(checked, plan, links=clashes)
        renderer = site_renderer(checked.corpus, plan, compiled)
        files = renderer.files()
        files[BUILD_STAMP] = (stamp or provenance(facts)).json()
        if reuse is None:
            pages = {path: renderer.page_utf8(page) for path, page in plan.pages.items()}
        else:
            pages = _rebuilt(renderer, plan, reuse)
        dataset = dataset_jsonld(renderer.corpus, options, renderer.views)
    return Generated(checked, plan, pages, files, dataset, renderer.problems)


def _rebuilt(renderer: Renderer, plan: Plan, reuse: Reuse) -> dict[str, bytes]:
    """Every page's HTML, taking from the builds before what `reuse` allows; the build
    is remembered when no link broke (a kept page's links are not checked again)."""
    frame = renderer.frame()
    kept: dict[str, bytes] = {}
    if frame == reuse.frame:
        kept = reuse.unchanged(plan)
        renderer.reuse_items(reuse.items)
    pages = {
        path: kept[path] if path in kept else renderer.page_utf8(page)
        for path, page in plan.pages.items()
    }
    reuse.kept = len(kept)
    if not renderer.problems:
        reuse.remember(frame, plan, pages, renderer.items())
    return pages


def _clashes(corpus: Corpus, plan: Plan) -> list[Diagnostic]:
    """Briefing folders named like a hand-written page: both would have one address."""
    found = []
    for name in plan.parts:
        page = next(
            (p for p in (f"{name}.md", f"{name}/index.md") if p in plan.options.docs_pages), None
        )
        if page is not None:
            where = next((f for f in corpus.files if corpus.part_of_file.get(f) == name), name)
            found.append(
                error(
                    Location(where, 1, 1),
                    "bad-folder-name",
                    f"the briefing folder `{name}` and the page {page} would have the same "
                    "address: rename the folder or the page",
                )
            )
    return found
