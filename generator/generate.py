"""Everything the site is made of, from the facts: the one path every engine takes.

`generate` reads and checks the facts, plans every page, renders their HTML and
the other files (downloads, feed, assets, `build.json`) and checks every link the
pages make. The MkDocs plugin and `python -m generator export` both call it, so
what a reader sees cannot depend on the engine that built it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.corpus import Corpus, ReadCache, corpus_frozen
from generator.diagnostics import Diagnostic, Location, error, ordered
from generator.history import changes
from generator.load import Limits
from generator.pipeline import Checked, check_facts
from generator.plan import BUILD_STAMP, Page, Plan, SiteOptions, plan_site
from generator.provenance import Provenance, provenance
from generator.render import SELF_CONTAINED, Renderer, dataset_jsonld, site_renderer
from generator.render.jinja import CompiledTemplates


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
