"""The downloads as typed data: whole figures as integers, dates with their earliest
and latest day, a Frictionless Data Package that validates, and the JSON Schema of
facts.json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import frictionless
import jsonschema
import pytest

from generator.pipeline import check_facts
from generator.render import render_site
from tests.conftest import ARCHIVE, CORPUS, TODAY

SEED = Path(__file__).resolve().parent.parent / "facts"


@pytest.fixture(scope="module")
def seed_files() -> dict[str, str | bytes]:
    checked = check_facts(SEED)
    assert checked.ok, checked.diagnostics
    return render_site(checked.corpus)


@pytest.fixture(scope="module")
def fixture_files() -> dict[str, str | bytes]:
    checked = check_facts(CORPUS, today=TODAY, archive=ARCHIVE)
    assert checked.ok, checked.diagnostics
    return render_site(checked.corpus)


def _rows(files: dict[str, str | bytes], path: str) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in csv.DictReader(io.StringIO(str(files[path])))}


def _write(files: dict[str, str | bytes], folder: Path) -> Path:
    for path, content in files.items():
        if path.startswith("data/"):
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(str(content), encoding="utf-8")
    return folder / "data"


def test_whole_figures_are_integers(seed_files: dict[str, str | bytes]) -> None:
    facts = _rows(seed_files, "data/facts.csv")
    assert facts["nis-troops-sent-2024-10-18"]["value"] == "1500"
    per_quantity = _rows(seed_files, "data/north-korean-troops-for-russia.csv")
    assert per_quantity["nis-troops-sent-2024-10-18"]["value"] == "1500"
    figures = [r[c] for r in facts.values() for c in ("value", "low", "high") if r[c]]
    assert figures and not [f for f in figures if f.endswith(".0")]


def test_every_date_has_its_earliest_and_latest_day(seed_files: dict[str, str | bytes]) -> None:
    facts = _rows(seed_files, "data/facts.csv")
    angola = facts["angola-deployment-3000"]
    assert (angola["as_of"], angola["as_of_earliest"], angola["as_of_latest"]) == (
        "late 197X/early 198X",
        "1977-01-01",
        "1983-12-31",
    )
    war = facts["korean-war-ends-1953"]
    assert (war["date_earliest"], war["date_latest"]) == ("1953-01-01", "1953-12-31")
    by_day = [r for r in facts.values() if r["as_of"].startswith("../")]
    assert by_day, "the seed has a `../DAY` as-of date"
    for row in by_day:  # "by that day": no earliest day, the latest is the day itself
        assert row["as_of_earliest"] == "" and row["as_of_latest"] == row["as_of"][3:]
    ongoing = [r for r in facts.values() if r["date"].endswith("/..")]
    assert ongoing, "the seed has a date still going on (`START/..`)"
    for row in ongoing:  # "since that day": the earliest is its start, no latest day
        assert row["date_earliest"] and row["date_latest"] == ""
    for row in facts.values():
        for column in ("date", "as_of"):
            if row[column] and not row[column].startswith("../") and row[f"{column}_latest"]:
                assert row[f"{column}_earliest"] <= row[f"{column}_latest"], row["id"]


def test_a_fractional_figure_stays_fractional() -> None:
    from generator.render.data import figure

    assert (figure(1500.0), figure(2.5), figure(None)) == (1500, 2.5, None)
    assert isinstance(figure(1500.0), int)


def test_data_package_describes_every_csv_and_validates(
    seed_files: dict[str, str | bytes], tmp_path: Path
) -> None:
    data = _write(seed_files, tmp_path)
    package = json.loads((data / "datapackage.json").read_text())
    described = {r["path"] for r in package["resources"]}
    assert described == {p.name for p in data.glob("*.csv")}
    facts = next(r for r in package["resources"] if r["path"] == "facts.csv")
    types = {f["name"]: f["type"] for f in facts["schema"]["fields"]}
    header = next(csv.reader(io.StringIO(str(seed_files["data/facts.csv"]))))
    assert list(types) == header
    assert types["value"] == "number" and types["as_of_latest"] == "date"
    assert types["published"] == "string"  # a day, or a month when only that is known
    assert len(package["sources"]) == 2
    assert all(s["title"] for s in package["sources"])
    report = frictionless.validate(data / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_data_package_validation_catches_a_figure_that_is_not_a_number(
    seed_files: dict[str, str | bytes], tmp_path: Path
) -> None:
    """The validation above can fail: a figure that is not a number is refused."""
    data = _write(seed_files, tmp_path)
    broken = (data / "facts.csv").read_text().replace(",1500,", ",about 1500,", 1)
    (data / "facts.csv").write_text(broken)
    report = frictionless.validate(data / "datapackage.json")
    assert not report.valid
    assert "type-error" in {e[0] for e in report.flatten(["type"])}


def test_data_package_carries_the_license(
    fixture_files: dict[str, str | bytes], corpus_dir: Path
) -> None:
    briefing = corpus_dir / "briefing.yaml"
    briefing.write_text(
        briefing.read_text().replace("briefing:\n", "briefing:\n  license: CC-BY-4.0\n")
    )
    checked = check_facts(corpus_dir, today=TODAY)
    assert checked.ok, checked.diagnostics
    package = json.loads(str(render_site(checked.corpus)["data/datapackage.json"]))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "title": "CC-BY-4.0"}]
    unlicensed = json.loads(str(fixture_files["data/datapackage.json"]))
    assert "licenses" not in unlicensed


def test_facts_json_matches_its_schema(
    seed_files: dict[str, str | bytes], fixture_files: dict[str, str | bytes]
) -> None:
    for files in (seed_files, fixture_files):
        schema = json.loads(str(files["data/facts.schema.json"]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        document = json.loads(str(files["data/facts.json"]))
        assert not list(validator.iter_errors(document))
        document["facts"][0]["kind"] = "rumour"
        assert list(validator.iter_errors(document)), "the schema must refuse an unknown kind"


def test_a_projections_hedge_and_a_parts_whole_are_columns(
    seed_files: dict[str, str | bytes],
) -> None:
    facts = _rows(seed_files, "data/facts.csv")
    projection = facts["g20-up-to-100000-potential"]
    assert projection["likelihood"] == "may"
    assert projection["condition"].startswith("if ")
    assert facts["sk-nk-army-personnel"]["part_of"] == "sk-nk-active-personnel"
    per_quantity = _rows(seed_files, "data/north-korean-troops-for-russia.csv")
    assert per_quantity["g20-up-to-100000-potential"]["likelihood"] == "may"
