"""The editors' guide keeps up with the code: every field and every error code is in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator import model

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


def test_every_error_code_is_documented() -> None:
    codes = _codes()
    assert len(codes) > 30, codes
    missing = sorted(c for c in codes if f"`{c}`" not in GUIDE)
    assert missing == [], f"site_src/editors.md does not list {missing}"


def test_every_claimant_kind_and_status_is_documented() -> None:
    for literal in (model.ClaimantKind, model.Status, model.Bound):
        for value in literal.__args__:
            assert value in GUIDE, value
