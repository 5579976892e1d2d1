"""A project's own vocabulary: claimant kinds and statuses declared in briefing.yaml.

The built-in kinds and statuses fit most stories; a project adds its own (a march needs
`organisers` and `marched`) or rewords a built-in one. The checker refuses what is
neither, the pages and downloads use the declared words, the headline rule reads whether
a status counts what has happened, and the JSON Schema offers the declared ids.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from generator import vocabulary
from generator.cli import main
from generator.diagnostics import Diagnostic
from generator.pipeline import Checked
from generator.render import render_site
from generator.views import Views

DECLARED = """\
briefing:
  title: Harbour traffic
  summary: |
    How busy the harbour is, and who says so [@authority-ships-february].
  vocabulary:
    claimant_kinds:
      harbour-board: Harbour boards
      government: Port governments
    statuses:
      docked: {words: docked in port, happened: true}
      booked: {words: booked to call, happened: false}
"""


def _problems(checked: Checked, code: str) -> list[Diagnostic]:
    return [d for d in checked.diagnostics if d.code == code]


def _declare(corpus_dir: Path) -> None:
    (corpus_dir / "briefing.yaml").write_text(DECLARED, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_built_in_term_has_words() -> None:
    for kind, term in vocabulary.CLAIMANT_KINDS.items():
        assert term.heading and term.heading[0].isupper(), kind
    for status, term in vocabulary.STATUSES.items():
        assert term.words, status
    assert vocabulary.BOUNDS["almost"] == "almost {number}"


def test_built_in_kinds_cover_stories_other_than_a_war() -> None:
    for kind in ("organisation", "police", "court", "company", "political-party", "ngo"):
        assert kind in vocabulary.CLAIMANT_KINDS
    for kind in ("protest-group", "health-authority"):
        assert kind in vocabulary.CLAIMANT_KINDS


def test_an_undeclared_kind_is_an_error_at_the_kind_that_lists_the_known_ones(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _replace(corpus_dir / "claimants.yaml", "kind: ministry", "kind: harbour-bord")
    found = _problems(run_check(), "unknown-kind")
    assert [tuple(d.loc)[:2] for d in found] == [("facts/claimants.yaml", 13)]
    assert "`harbour-bord`" in found[0].message and "ministry" in found[0].message
    assert "vocabulary:" in found[0].message

    _declare(corpus_dir)
    found = _problems(run_check(), "unknown-kind")
    assert "did you mean `harbour-board`?" in found[0].message


def test_an_undeclared_status_is_an_error_at_the_status(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _replace(
        corpus_dir / "traffic.yaml", "    bound: about\n", "    bound: about\n    status: dockd\n"
    )
    found = _problems(run_check(), "unknown-status")
    assert [(d.loc.path, d.loc.line) for d in found] == [("facts/traffic.yaml", 10)]
    _declare(corpus_dir)
    found = _problems(run_check(), "unknown-status")
    assert "did you mean `docked`?" in found[0].message


def test_declared_kinds_and_statuses_pass_and_reach_the_pages(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _declare(corpus_dir)
    _replace(corpus_dir / "claimants.yaml", "kind: ministry", "kind: harbour-board")
    _replace(
        corpus_dir / "traffic.yaml", "    bound: about\n", "    bound: about\n    status: docked\n"
    )
    checked = run_check()
    assert checked.ok, checked.diagnostics
    assert checked.corpus is not None
    files = render_site(checked.corpus)
    claimants = str(files["claimants/index.md"])
    assert "Harbour boards" in claimants
    assert "Port governments" in claimants  # a built-in kind, reworded
    assert "Governments<" not in claimants
    assert "docked in port" in str(files["estimates/ships-calling.md"])
    package = json.loads(str(files["data/datapackage.json"]))
    status_fields = [
        f for r in package["resources"] for f in r["schema"]["fields"] if f["name"] == "status"
    ]
    assert status_fields and all("docked" in f["constraints"]["enum"] for f in status_fields)


def test_the_headline_rule_reads_whether_a_declared_status_has_happened(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    """Two figures as of the same month: the one that counts what happened leads,
    whichever way round the project declares them."""
    _declare(corpus_dir)
    traffic = corpus_dir / "traffic.yaml"
    _replace(traffic, "    bound: about\n", "    bound: about\n    status: booked\n")
    _replace(
        traffic,
        "    as_of: 2030-12/2031-02\n",
        "    as_of: 2031-02\n    status: docked\n",
    )
    _replace(traffic, "    as_of: 2031-03-20\n", "    as_of: 2030-12\n")  # out of the way
    checked = run_check()
    assert checked.ok, checked.diagnostics
    assert checked.corpus is not None
    quantity = checked.corpus.quantity_by_id["ships-calling"]
    views = Views(checked.corpus)
    assert views.headline(quantity).id == "ministry-ships-winter"

    (corpus_dir / "briefing.yaml").write_text(
        DECLARED.replace("happened: true", "happened: maybe")
        .replace("happened: false", "happened: true")
        .replace("happened: maybe", "happened: false"),
        encoding="utf-8",
    )
    checked = run_check()
    assert checked.corpus is not None
    quantity = checked.corpus.quantity_by_id["ships-calling"]
    assert Views(checked.corpus).headline(quantity).id == "authority-ships-february"


def test_one_id_declared_twice_with_other_words_is_an_error(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    root = corpus_dir
    for name in ("north", "south"):
        folder = root / name
        folder.mkdir()
        heading = "Harbour boards" if name == "north" else "Boards of the harbour"
        (folder / "briefing.yaml").write_text(
            f"briefing:\n  title: {name}\n  summary: The {name} quays.\n"
            f"  vocabulary:\n    claimant_kinds:\n      harbour-board: {heading}\n",
            encoding="utf-8",
        )
    found = _problems(run_check(), "vocabulary-conflict")
    assert [d.loc.path for d in found] == ["facts/south/briefing.yaml"]
    assert "facts/north/briefing.yaml" in found[0].message


def test_the_schema_offers_the_declared_ids(corpus_dir: Path, tmp_path: Path) -> None:
    _declare(corpus_dir)
    out = tmp_path / "schema.json"
    assert main(["schema", "--facts", str(corpus_dir), "-o", str(out)]) == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    kinds = schema["$defs"]["Claimant"]["properties"]["kind"]["enum"]
    statuses = schema["$defs"]["Estimate"]["properties"]["status"]["enum"]
    assert "harbour-board" in kinds and "police" in kinds
    assert "docked" in statuses and "sent" in statuses
    declared = schema["$defs"]["Briefing"]["properties"]["vocabulary"]
    assert declared  # editors' tools complete the declaration itself too
