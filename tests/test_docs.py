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
