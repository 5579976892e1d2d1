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

from generator.corpus import Corpus, corpus_frozen
from generator.diagnostics import Diagnostic, Location, error, ordered
from generator.history import changes
from generator.pipeline import Checked, check_facts
from generator.plan import Plan, SiteOptions, plan_site
from generator.provenance import Provenance, provenance
from generator.render import dataset_jsonld, site_renderer


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


def generate(
    facts: Path,
    options: SiteOptions | None = None,
    *,
    strict: bool = False,
    today: date | None = None,
    archive: Path | None = None,
    stamp: Provenance | None = None,
) -> Generated:
    """Check the facts under `facts` and, when they pass, render the whole site."""
    checked = check_facts(facts, strict=strict, today=today, archive=archive)
    if not checked.ok:
        return Generated(checked)
    options = dataclasses.replace(options or SiteOptions(), history=changes(facts))
    with corpus_frozen():  # the corpus is kept out of the cycle collector's passes
        plan = plan_site(checked.corpus, options)
        clashes = _clashes(checked.corpus, plan)
        if clashes:
            return Generated(checked, plan, links=clashes)
        renderer = site_renderer(checked.corpus, plan)
        files = renderer.files()
        files["build.json"] = (stamp or provenance(facts)).json()
        plan.files |= set(files)
        pages = {path: renderer.page_utf8(page) for path, page in plan.pages.items()}
        dataset = dataset_jsonld(renderer.corpus, options)
    return Generated(checked, plan, pages, files, dataset, renderer.problems)


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
