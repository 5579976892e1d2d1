"""The editors' guide keeps up with the code: every field and every error code is in it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import get_args

import pytest
from pydantic import BaseModel

from generator import codes, model, vocabulary

REPO = Path(__file__).resolve().parent.parent
GUIDE = (REPO / "site_src" / "editors.md").read_text(encoding="utf-8")
SOURCES = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "generator").rglob("*.py"))
MODELS: list[type[BaseModel]] = [
    model.Briefing,
    model.Source,
    model.Claimant,
    model.Topic,
    model.Quantity,
    model.Event,
    model.Statement,
    model.Estimate,
    model.Headline,
    model.Correction,
    model.Withdrawal,
    model.VocabularyDeclaration,
    model.StatusWords,
]


def _codes() -> set[str]:
    """Every diagnostic code the generator can emit, read from its source."""
    first_argument = r"(?:[^,()]|\([^()]*\))+"
    calls = re.findall(
        rf'\b(?:error|warning|LoadError)\(\s*{first_argument},\s*"([a-z0-9-]+)"', SOURCES
    )
    custom = re.findall(r'PydanticCustomError\(\s*"([a-z0-9-]+)"', SOURCES)
    return {*calls, *custom}


@pytest.mark.parametrize("record", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_documented(record: type[BaseModel]) -> None:
    missing = [f for f in record.model_fields if f"`{f}`" not in GUIDE]
    assert missing == [], f"site_src/editors.md does not mention {missing}"


def test_every_error_code_is_registered_and_every_registered_code_is_used() -> None:
    """generator/codes.py is the one list of codes: each code the source emits is in it,
    and each code in it is one the source can emit."""
    emitted = _codes()
    assert len(emitted) > 30, emitted
    assert sorted(emitted - codes.CODES) == [], "add these codes to generator/codes.py"
    source = SOURCES.replace((REPO / "generator" / "codes.py").read_text(encoding="utf-8"), "")
    unused = sorted(c for c in codes.CODES if f'"{c}"' not in source)
    assert unused == [], "generator/codes.py lists codes nothing emits"


def test_the_guides_table_of_error_codes_is_the_registry() -> None:
    """The editors' guide holds the registry's table verbatim (the guide `init` writes
    renders it from the registry)."""
    assert codes.markdown_table() in GUIDE, (
        "paste the output of `python -c 'from generator import codes; "
        "print(codes.markdown_table())'` into the Error codes section of site_src/editors.md"
    )


@pytest.mark.parametrize(
    "terms",
    [vocabulary.CLAIMANT_KINDS, vocabulary.STATUSES, vocabulary.BOUNDS, vocabulary.MEASURES],
    ids=["claimant kinds", "statuses", "bounds", "measures"],
)
def test_every_built_in_term_is_documented(terms: Mapping[str, object]) -> None:
    missing = [term for term in terms if term not in GUIDE]
    assert missing == [], f"site_src/editors.md does not name {missing}"


def test_the_model_and_the_vocabulary_list_the_same_bounds_and_measures() -> None:
    """The model's closed lists and their words (vocabulary.py) name the same values."""
    assert list(get_args(model.Bound)) == list(vocabulary.BOUNDS)
    assert list(get_args(model.Measure)) == list(vocabulary.MEASURES)


# --- the README, CONTRIBUTING.md and docs/ keep up with the Makefiles and with each other

README = REPO / "README.md"
MAKE_TARGETS = REPO / "docs" / "make-targets.md"
README_MAX_LINES = 200
DOCUMENTS = [README, REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]


def _help_targets(makefile: Path) -> list[str]:
    """The targets a Makefile's `help` lists (`@echo "make build   ..."`)."""
    return re.findall(r'^\t@echo "make ([a-z][a-z-]*)\b', makefile.read_text("utf-8"), re.M)


def _slug(heading: str) -> str:
    """A Markdown heading's anchor, as GitHub makes it."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_readme_is_a_front_door_under_200_lines() -> None:
    text = README.read_text("utf-8")
    lines = text.count("\n") + (not text.endswith("\n"))
    assert lines < README_MAX_LINES, f"README.md has {lines} lines; move detail to docs/"
    for command in ("make build", "make test"):  # this repository's set-up
        assert f"{command} " in text, f"README.md no longer shows `{command}`"


@pytest.mark.parametrize(
    "makefile",
    ["Makefile", "generator/project_template/Makefile.j2"],
)
def test_every_make_target_in_help_is_documented(makefile: str) -> None:
    targets = _help_targets(REPO / makefile)
    assert len(targets) >= 7, targets
    documented = MAKE_TARGETS.read_text("utf-8")
    missing = [t for t in targets if f"`make {t}`" not in documented]
    assert missing == [], f"docs/make-targets.md does not document {missing} ({makefile})"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_links_between_documents_lead_somewhere(document: Path) -> None:
    """Every relative link in the README, CONTRIBUTING.md and docs/ names a file that
    exists and, for a Markdown file, a heading it has."""
    text = re.sub(r"```.*?```", "", document.read_text("utf-8"), flags=re.S)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md":
            headings = re.findall(r"^#{1,6} (.+)$", linked.read_text("utf-8"), re.M)
            if anchor not in {_slug(h) for h in headings}:
                broken.append(target)
    assert broken == [], f"{document.relative_to(REPO)} links nowhere: {broken}"
