"""The headline rule shows a dispute rather than settle it by accident, and nothing a
reader sees depends on the ids editors give facts."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.pipeline import check_facts
from generator.render import render_site
from generator.views import Views
from tests.conftest import ARCHIVE, CORPUS, TODAY

GOLDEN = Path(__file__).parent / "golden" / "dispute"

# The fixture's two figures for February 2031, made equally recent (the same month, no
# status) and far apart: the authority's 1,200 against the ministry's 5,000.
DISPUTED = [
    (
        "traffic.yaml",
        "    bound: up-to\n    value: 1500\n",
        "    bound: more-than\n    value: 5000\n",
    ),
    ("traffic.yaml", "    as_of: 2030-12/2031-02\n", "    as_of: 2031-02\n"),
    ("traffic.yaml", "    as_of: 2031-03-20\n", "    as_of: 2031-01\n"),
    ("traffic.yaml", "higher, at up to 1,500 ships.", "higher, at more than 5,000 ships."),
]


def _corpus(tmp_path: Path, edits: list[tuple[str, str, str]]) -> Path:
    target = tmp_path / "facts"
    shutil.copytree(CORPUS, target)
    for name, old, new in edits:
        path = target / name
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return target


def _site(folder: Path) -> dict[str, str | bytes]:
    checked = check_facts(folder, today=TODAY, archive=ARCHIVE)
    assert checked.ok, checked.diagnostics
    assert checked.corpus is not None
    return render_site(checked.corpus)


def _text(html: str | bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", str(html)))


def test_equally_recent_figures_that_disagree_show_as_a_dispute(tmp_path: Path) -> None:
    files = _site(_corpus(tmp_path, DISPUTED))
    home = _text(files["index.md"])
    row = r"Disputed: about 1,200\d* per Port Authority, to more than 5,000\d* per "
    row += "Ministry of Shipping"
    assert re.search(row, home), home
    quantity = _text(files["estimates/ships-calling.md"])
    assert "Headline: disputed." in quantity
    assert "shows both rather than choose" in quantity
    assert "Disputed:" in _text(files["estimates/index.md"])

    golden = GOLDEN / "index.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(str(files["index.md"]), encoding="utf-8")
    assert files["index.md"] == golden.read_text(encoding="utf-8"), "run `make golden`"


def test_figures_that_agree_or_an_editors_choice_show_one_headline(tmp_path: Path) -> None:
    agreeing = [
        (n, o, new.replace("5000", "2000").replace("5,000", "2,000")) for n, o, new in DISPUTED
    ]
    files = _site(_corpus(tmp_path / "agree", agreeing))
    assert "Disputed" not in _text(files["index.md"])

    chosen = _corpus(tmp_path / "chosen", DISPUTED)
    quantities = chosen / "quantities.yaml"
    quantities.write_text(
        quantities.read_text(encoding="utf-8")
        + "    headline:\n      fact: authority-ships-february\n"
        "      reason: The authority counts every ship; the ministry estimates.\n",
        encoding="utf-8",
    )
    files = _site(chosen)
    assert "Disputed" not in _text(files["index.md"])
    assert "The editors chose this estimate" in _text(files["estimates/ships-calling.md"])


def test_a_dispute_takes_a_total_and_a_count_at_one_time_apart(tmp_path: Path) -> None:
    apart = [
        *DISPUTED,
        ("traffic.yaml", "    value: 1200\n", "    value: 1200\n    measure: at-one-time\n"),
        ("traffic.yaml", "    value: 5000\n", "    value: 5000\n    measure: cumulative\n"),
    ]
    checked = check_facts(_corpus(tmp_path, apart), today=TODAY, archive=ARCHIVE)
    assert checked.corpus is not None
    views = Views(checked.corpus)
    assert views.dispute(checked.corpus.quantity_by_id["ships-calling"]) is None


@pytest.mark.parametrize("new_id", ["aaa-first-by-id", "zzz-last-by-id"])
@pytest.mark.parametrize(
    "old_id", ["authority-ships-february", "ministry-ships-winter", "quint-triumph"]
)
def test_renaming_a_fact_changes_no_page_but_its_address(
    tmp_path: Path, old_id: str, new_id: str
) -> None:
    """Every page and file of the renamed site, with the new id written back as the old,
    is the original byte for byte: no order, headline or dispute turned on the id."""
    before = _site(_corpus(tmp_path / "before", DISPUTED))
    renamed = _corpus(tmp_path / "after", DISPUTED)
    for path in renamed.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(rf"\b{old_id}\b", new_id, text), encoding="utf-8")
    after = _site(renamed)
    assert after.keys() == before.keys()
    changed = []
    for name, content in after.items():
        if isinstance(content, bytes):
            restored: str | bytes = content.replace(new_id.encode(), old_id.encode())
        else:
            restored = content.replace(new_id, old_id)
        if restored != before[name]:
            changed.append(name)
    assert changed == []
