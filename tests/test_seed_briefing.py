"""The shape of the seed briefing in facts/: what a regression in curation would break."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from generator.load import load_file
from generator.model import Estimate, json_schema
from generator.pipeline import Checked, check_facts

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO / "facts"
SEEDS = REPO.parent / "shared" / "seeds"


def _plain(value: object) -> object:
    """A loaded tree as plain JSON values, the way an editor's YAML tooling reads it."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    text = str(value)
    implicit = getattr(value, "implicit", "str")
    if getattr(value, "quoted", True) or implicit in ("str", "timestamp"):
        return text
    if implicit == "bool":
        return text == "true"
    if implicit == "int":
        return int(text)
    if implicit == "float":
        return float(text)
    return None


@pytest.fixture(scope="module")
def seed() -> Checked:
    archive = SEEDS if SEEDS.is_dir() else None
    return check_facts(FACTS, strict=True, today=date.today(), archive=archive)


def test_seed_briefing_passes_strict_check(seed: Checked) -> None:
    assert seed.diagnostics == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the archived seed articles are not beside the repo")
def test_every_seed_quote_is_verified(seed: Checked) -> None:
    quotes = sum(1 for f in seed.corpus.facts if f.quote)
    assert quotes >= 5
    assert seed.result.quotes_verified == quotes


def test_each_source_is_cited(seed: Checked) -> None:
    cited = Counter(f.source for f in seed.corpus.facts)
    assert {s.id for s in seed.corpus.sources} == {"bloomberg-2024-10-22", "bloomberg-2024-11-17"}
    assert all(cited[s.id] >= 20 for s in seed.corpus.sources), cited


def test_each_topic_has_facts_and_a_cited_summary(seed: Checked) -> None:
    assert 5 <= len(seed.corpus.topics) <= 8
    for topic in seed.corpus.topics:
        assert any(topic.id in f.topics for f in seed.corpus.facts), topic.id
        assert "[@" in topic.summary, topic.id


def test_troop_estimates_come_from_every_claimant_the_articles_name(seed: Checked) -> None:
    troops = [
        f
        for f in seed.corpus.facts
        if isinstance(f, Estimate) and f.quantity == "north-korean-troops-for-russia"
    ]
    claimants = {c for f in troops for c in f.claimant}
    assert {"south-korea-nis", "volodymyr-zelenskiy", "dmytro-ponomarenko"} <= claimants
    assert any(f.value == 100_000 and f.bound == "up-to" for f in troops)
    assert {f.status for f in troops} >= {"sent", "planned", "expected", "potential"}


def test_denials_are_claims_too(seed: Checked) -> None:
    denials = [f for f in seed.corpus.facts if "kremlin" in f.claimant]
    assert any("hoax" in f.text for f in denials), "the Kremlin's denial is missing"


def test_no_fact_lacks_a_claimant_or_source(seed: Checked) -> None:
    for fact in seed.corpus.facts:
        assert fact.claimant and fact.source, fact.id


def test_committed_facts_match_the_exported_json_schema() -> None:
    schema = json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(FACTS.glob("*.yaml")):
        tree, problems = load_file(path, path.name)
        assert not problems
        errors = [e.message for e in validator.iter_errors(_plain(tree))]
        assert errors == [], (path.name, errors[:3])


def test_schema_rejects_what_the_model_rejects() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    bad = {"facts": [{"id": "x", "kind": "estimate", "colour": "red"}]}
    assert list(validator.iter_errors(bad))
    assert json.loads(json.dumps(json_schema()))["title"] == "Briefing fact file"


def test_committed_schema_is_the_generated_one() -> None:
    committed = json.loads((FACTS / "schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run `make schema` to regenerate facts/schema.json"


def test_every_fact_file_points_editors_at_the_schema() -> None:
    for path in sorted(FACTS.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema.json", path.name


def test_troop_figures_say_what_they_count_and_when_they_were_given(seed: Checked) -> None:
    from generator.views import Views
    from generator.wording import as_of_words, when_words

    facts = seed.corpus.fact_by_id
    envoy, zelenskiy = (
        facts["ponomarenko-up-to-15000-expected"],
        facts["zelenskiy-troops-planned-10000"],
    )
    assert isinstance(envoy, Estimate) and isinstance(zelenskiy, Estimate)
    # The article never says whether the 15,000 is at one time or in all.
    assert envoy.measure == "unstated"
    # Zelenskiy's figure: said by 22 October, the day it refers to no better known.
    assert (zelenskiy.stated, zelenskiy.as_of) == ("../2024-10-22", "../2024-10-22")
    assert when_words(zelenskiy) == "by 22 October 2024"
    assert as_of_words(envoy.as_of_date) == "between 1 and 17 November 2024"
    troops = seed.corpus.quantity_by_id["north-korean-troops-for-russia"]
    assert not Views(seed.corpus).mixes_measures(troops)


def test_the_seed_says_what_is_still_going_on_what_is_part_of_what_and_its_hedges(
    seed: Checked,
) -> None:
    """The articles' "for more than a year" and "since August" are dates still going
    on, "1.1 million of them in the army" is part of the 1.28 million, and the G20
    assessments' "may ... if the alliance ... continues to deepen" stays with the figure."""
    facts = seed.corpus.fact_by_id
    for fact_id in ("nk-shells-missiles-for-russia", "kursk-incursion-august"):
        when = facts[fact_id].when
        assert when is not None and when.is_ongoing, fact_id
    army = facts["sk-nk-army-personnel"]
    assert isinstance(army, Estimate) and army.part_of == "sk-nk-active-personnel"
    projection = facts["g20-up-to-100000-potential"]
    assert isinstance(projection, Estimate)
    assert projection.likelihood == "may" and projection.condition
    assert "may send as many as 100,000" in seed.corpus.briefings[0].summary
