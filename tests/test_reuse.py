"""A live preview's rebuild (`generate(..., reuse=Reuse())`) takes from the builds before
it only what would come out the same: after every kind of edit, its pages and files are
byte for byte those of a build from scratch."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bench import synth
from generator.pipeline import Generated, Reuse, generate
from generator.plan import SiteOptions
from generator.views import Views
from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parent.parent
TODAY = date.fromisoformat(synth.TODAY)
DOCS = {"methodology.md": (REPO / "site_src/methodology.md").read_text(encoding="utf-8")}


def _options(project: Path) -> SiteOptions:
    # Small pages, so that lists are split by year and facts move between pages; the
    # forge's links, so that each fact's line shows on the pages.
    return SiteOptions(
        site_url="https://example.org/briefing/",
        page_limit=12,
        edit_url="https://forge.example/edit/main/",
        view_url="https://forge.example/blob/main/",
        project=str(project),
        docs_pages=DOCS,
    )


def _same(rebuilt: Generated, fresh: Generated) -> None:
    assert rebuilt.ok == fresh.ok
    assert [str(d) for d in rebuilt.diagnostics] == [str(d) for d in fresh.diagnostics]
    assert rebuilt.pages.keys() == fresh.pages.keys()
    differ = [p for p in fresh.pages if rebuilt.pages[p] != fresh.pages[p]]
    assert differ == [], f"pages not as a fresh build makes them: {differ[:5]}"
    assert rebuilt.files.keys() == fresh.files.keys()
    stamp = "build.json"  # when and from what it was built: each build's own
    assert [p for p in fresh.files if p != stamp and rebuilt.files[p] != fresh.files[p]] == []
    assert rebuilt.dataset == fresh.dataset


# Edits an editor makes: each takes the facts folder and a random source, changes one
# file, and says what it did. Some break a rule on purpose (a fact removed that another
# disputes): a rebuild must then fail as a fresh build does, and recover after.


def _one(rng: random.Random, folder: Path, pattern: str) -> tuple[Path, re.Match[str]]:
    found = [
        (path, match)
        for path in sorted(folder.glob("*.yaml"))
        for match in re.finditer(pattern, path.read_text(encoding="utf-8"), re.M)
    ]
    return rng.choice(found)


def _replace(path: Path, match: re.Match[str], new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: match.start()] + new + text[match.end() :], encoding="utf-8")


def edit_text(rng: random.Random, folder: Path) -> str:
    path, match = _one(rng, folder, r"^    text: >-\n      ")
    _replace(path, match, f"{match.group(0)}Edited {rng.randrange(10**6)}. ")
    return f"a fact's text in {path.name}"


def edit_value(rng: random.Random, folder: Path) -> str:
    path, match = _one(rng, folder, r"^    value: (\d+)$")
    _replace(path, match, f"    value: {int(match.group(1)) + rng.randrange(1, 500)}")
    return f"an estimate's value in {path.name}"


def edit_year(rng: random.Random, folder: Path) -> str:
    path, match = _one(rng, folder, r"^    date: \d{4}-(\d{2})$")
    _replace(path, match, f"    date: {rng.choice([2014, 2019, 2024])}-{match.group(1)}")
    return f"a fact's year in {path.name}"


def edit_topics(rng: random.Random, folder: Path) -> str:
    path, match = _one(rng, folder, r"^    topics: \[([a-z]+)\]$")
    other = rng.choice([t for t in ("arms", "history", "economy") if t != match.group(1)])
    _replace(path, match, f"    topics: [{other}, {match.group(1)}]")
    return f"a fact's home topic in {path.name}"


def edit_claimant(rng: random.Random, folder: Path) -> str:
    ids = re.findall(r"^  - id: (\S+)$", (folder / "claimants.yaml").read_text(), re.M)
    path, match = _one(rng, folder, r"^    claimant: [a-z0-9-]+$")
    _replace(path, match, f"    claimant: {rng.choice(ids)}")
    return f"a fact's claimant in {path.name}"


def edit_line_numbers(rng: random.Random, folder: Path) -> str:
    path = rng.choice([p for p in sorted(folder.glob("*-01.yaml"))])
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    path.write_text(f"{first}\n# A comment that moves every fact below it.\n{rest}")
    return f"every line of {path.name}"


def edit_claimant_name(rng: random.Random, folder: Path) -> str:
    path, match = _one(rng, folder, r"^    name: (.+)$")
    _replace(path, match, f"    name: {match.group(1)} Jr")
    return f"a claimant's name in {path.name}"


def edit_source_title(rng: random.Random, folder: Path) -> str:
    path, match = _one(rng, folder, r"^    title: (.+)$")
    _replace(path, match, f"    title: {match.group(1)}, revised")
    return f"a title in {path.name}"


def edit_claimant_role(rng: random.Random, folder: Path) -> str:
    path, match = _one(rng, folder, r"^    role: (.+)$")
    _replace(path, match, f"    role: Former {match.group(1)}")
    return f"a claimant's role in {path.name}"


def edit_source_link(rng: random.Random, folder: Path) -> str:
    path, match = _one(rng, folder, r"^    url: >-\n      (\S+)$")
    _replace(path, match, f"    url: >-\n      {match.group(1)}?edition=2")
    return f"an article's link in {path.name}"


def rename_file(rng: random.Random, folder: Path) -> str:
    path = rng.choice(sorted(folder.glob("*-0*.yaml")))
    renamed = path.with_name(path.name.replace("-0", "-1", 1))
    path.rename(renamed)
    return f"{path.name} renamed {renamed.name}"


def remove_fact(rng: random.Random, folder: Path) -> str:
    path, match = _one(rng, folder, r"^  - id: .+\n(?:    .*\n|      .*\n)+")
    _replace(path, match, "")
    return f"a fact removed from {path.name}"


EDITS: list[Callable[[random.Random, Path], str]] = [
    edit_text,
    edit_text,
    edit_text,
    edit_value,
    edit_value,
    edit_year,
    edit_topics,
    edit_claimant,
    edit_line_numbers,
    edit_claimant_name,
    edit_source_title,
    edit_claimant_role,
    edit_claimant_role,
    edit_source_link,
    edit_source_link,
    rename_file,
    remove_fact,
]


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    corpus = synth.ensure_corpus(150, 5, tmp_path / "corpora")
    folder = tmp_path / "project" / "facts"
    shutil.copytree(corpus, folder)
    return folder


def test_rebuilds_after_every_kind_of_edit_match_fresh_builds(facts: Path) -> None:
    rng = random.Random(17)
    options = _options(facts.parent)
    reuse = Reuse()
    first = generate(facts, options, today=TODAY, reuse=reuse)
    assert first.ok, first.diagnostics[:3]
    assert any(b"View the YAML" in html for html in first.pages.values())
    assert any("/20" in path for path in first.pages)  # lists split by year
    kept, failed = [], []
    for _ in range(30):
        did = rng.choice(EDITS)(rng, facts)
        rebuilt = generate(facts, options, today=TODAY, reuse=reuse)
        fresh = generate(facts, options, today=TODAY)
        _same(rebuilt, fresh)
        kept.append(reuse.kept if rebuilt.ok else None)
        if not fresh.ok:
            failed.append(did)
            shutil.rmtree(facts)
            shutil.copytree(synth.ensure_corpus(150, 5, facts.parent.parent / "corpora"), facts)
    # The rebuilds did take pages from the builds before them (not a full render each
    # time), yet not every page.
    assert sum(1 for k in kept if k) >= 10, kept
    assert max(k or 0 for k in kept) < len(first.pages)


def test_a_changed_text_keeps_the_pages_that_do_not_show_it(facts: Path) -> None:
    options = _options(facts.parent)
    reuse = Reuse()
    generate(facts, options, today=TODAY, reuse=reuse)
    assert reuse.files.parsed == len(list(facts.glob("*.yaml")))
    path = facts / "arms-01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    text: >-\n      ", "    text: >-\n      Now. ", 1))

    rebuilt = generate(facts, options, today=TODAY, reuse=reuse)
    assert rebuilt.ok
    assert reuse.files.parsed == 1  # only the edited file is read again
    assert 0 < reuse.kept < len(rebuilt.pages)
    # The claimant's page of the edited fact is rendered again and shows the edit.
    shown = [p for p, html in rebuilt.pages.items() if b"Now. " in html]
    assert any(p.startswith("claimants/") for p in shown), shown


@pytest.mark.parametrize("edit", [edit_claimant_name, edit_claimant_role, edit_source_link])
def test_a_changed_claimant_or_article_renders_every_page_again(
    facts: Path, edit: Callable[[random.Random, Path], str]
) -> None:
    """What every page may show of a claimant or an article (a fact's attribution, a
    footnote) is not looked for page by page: any change renders every page."""
    options = _options(facts.parent)
    reuse = Reuse()
    generate(facts, options, today=TODAY, reuse=reuse)
    edit(random.Random(3), facts)
    rebuilt = generate(facts, options, today=TODAY, reuse=reuse)
    assert rebuilt.ok
    assert reuse.kept == 0


def test_a_failed_rebuild_is_not_taken_from(tmp_path: Path) -> None:
    """A build whose facts fail the check leaves nothing to take from: the next good
    build compares against the last one that succeeded."""
    facts = tmp_path / "facts"
    shutil.copytree(CORPUS, facts)
    options = SiteOptions(docs_pages=DOCS)
    reuse = Reuse()
    good = generate(facts, options, today=TODAY, reuse=reuse)
    assert good.ok
    history = facts / "history.yaml"
    original = history.read_text(encoding="utf-8")
    history.write_text(original.replace("kind: event", "kind: rumour", 1))
    assert not generate(facts, options, today=TODAY, reuse=reuse).ok
    history.write_text(original)
    again = generate(facts, options, today=TODAY, reuse=reuse)
    _same(again, generate(facts, options, today=TODAY))
    assert reuse.kept > 0


def test_a_headline_filed_under_another_topic_is_shown_anew(facts: Path) -> None:
    """A quantity's headline shows on pages that do not list it (its topic's page, the
    home page, the estimates index), also when the estimate is filed under another
    topic: when its figure changes, those pages show the new one."""
    options = _options(facts.parent)
    reuse = Reuse()
    first = generate(facts, options, today=TODAY, reuse=reuse)
    views = Views(first.checked.corpus, options.page_limit)
    headline = next(
        e
        for q in views.quantities
        if (e := views.headline(q)).value is not None
        and e.low is None
        and e.high is None
        and e.topics == [q.topic]
    )
    other = next(t.id for t in views.topics if t.id != headline.topics[0])
    path = next(p for p in facts.glob("*.yaml") if f"  - id: {headline.id}\n" in p.read_text())
    block = re.compile(rf"^  - id: {headline.id}\n(?:    .*\n|      .*\n)+", re.M)

    def change(old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        match = block.search(text)
        assert match is not None and old in match.group(0)
        edited = match.group(0).replace(old, new, 1)
        path.write_text(text[: match.start()] + edited + text[match.end() :], encoding="utf-8")

    change(f"    topics: [{headline.topics[0]}]", f"    topics: [{other}]")
    _same(generate(facts, options, today=TODAY, reuse=reuse), generate(facts, options, today=TODAY))
    value = f"    value: {headline.value:.0f}"  # synthetic figures are whole numbers
    change(value, f"    value: {headline.value * 7 + 1:.0f}")
    rebuilt = generate(facts, options, today=TODAY, reuse=reuse)
    assert rebuilt.ok, rebuilt.diagnostics[:3]
    _same(rebuilt, generate(facts, options, today=TODAY))
    assert 0 < reuse.kept < len(rebuilt.pages)


TWO = REPO / "tests" / "fixtures" / "two-briefings"


@pytest.mark.parametrize(
    ("path", "old", "new", "keeps"),
    [
        ("harbour/facts.yaml", "counted about 1,200 ships", "counted 1,200 ships", True),
        ("harbour/facts.yaml", "value: 1500", "value: 1600", True),
        ("shared.yaml", "name: Port Authority", "name: Harbour Authority", False),
    ],
)
def test_rebuilds_of_a_site_of_several_briefings_match_fresh_builds(
    tmp_path: Path, path: str, old: str, new: str, keeps: bool
) -> None:
    """Pages of one briefing, of another, and the site's own (a shared claimant's page
    groups claims by briefing) come out of a rebuild as from a fresh build."""
    facts = tmp_path / "facts"
    shutil.copytree(TWO, facts)
    options = SiteOptions(title="Two briefings", docs_pages=DOCS)
    reuse = Reuse()
    assert generate(facts, options, today=TODAY, reuse=reuse).ok
    text = (facts / path).read_text(encoding="utf-8")
    assert old in text
    (facts / path).write_text(text.replace(old, new), encoding="utf-8")
    rebuilt = generate(facts, options, today=TODAY, reuse=reuse)
    assert rebuilt.ok, rebuilt.diagnostics[:3]
    _same(rebuilt, generate(facts, options, today=TODAY))
    assert (reuse.kept > 0) == keeps
