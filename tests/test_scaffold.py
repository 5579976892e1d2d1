"""`python -m generator new`: skeletons land in the right file and pass once filled."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.pipeline import check_facts
from generator.scaffold import new
from tests.conftest import FIXTURES, TODAY


def _fill(path: Path, replacements: dict[str, str]) -> None:
    text = path.read_text()
    for old, new_text in replacements.items():
        assert old in text, old
        text = text.replace(old, new_text)
    path.write_text(text)


def _placeholders(corpus_dir: Path) -> list[tuple[str, int, int, str]]:
    checked = check_facts(corpus_dir, today=TODAY)
    return [(d.loc.path, d.loc.line, d.loc.col, d.code) for d in checked.diagnostics]


def test_new_estimate_is_flagged_until_filled_then_clean(corpus_dir: Path) -> None:
    before = (corpus_dir / "traffic.yaml").read_text()
    assert new("estimate", corpus_dir, "traffic", today=date(2031, 3, 20)) == 0
    after = (corpus_dir / "traffic.yaml").read_text()
    assert after.startswith(before), "the file's existing text and comments are kept"
    # Every placeholder at once, each where it stands: the words (at their key), and the
    # claimant, bound, figure and status (at the TODO itself), none of them guessed.
    path = "facts/traffic.yaml"  # as shown: relative to the working folder
    assert _placeholders(corpus_dir) == [
        (path, 45, 5, "placeholder"),  # text
        (path, 47, 15, "placeholder"),  # claimant: TODO
        (path, 49, 12, "placeholder"),  # bound: TODO
        (path, 50, 12, "placeholder"),  # value: TODO
        (path, 51, 13, "placeholder"),  # status: TODO
        (path, 53, 5, "placeholder"),  # note
    ]
    _fill(
        corpus_dir / "traffic.yaml",
        {
            "TODO the figure and who gives it, in the briefing's own words": "A count of 900.",
            "claimant: TODO": "claimant: port-authority",
            "bound: TODO": "bound: about",
            "value: TODO": "value: 900",
            "    status: TODO\n": "",
            "    note: TODO how the as-of date was resolved, or remove this line\n": "",
        },
    )
    checked = check_facts(corpus_dir, today=TODAY, strict=True)
    assert checked.ok, checked.diagnostics
    assert "new-estimate-2031-03-20" in checked.corpus.fact_by_id


def test_a_skeleton_with_its_words_filled_still_has_no_figure(corpus_dir: Path) -> None:
    """Filling every TODO of the text once published "about 0 (planned)": the figure,
    bound and status are placeholders of their own, each refused with what to write."""
    assert new("estimate", corpus_dir, "traffic", today=date(2031, 3, 20)) == 0
    _fill(
        corpus_dir / "traffic.yaml",
        {
            "TODO the figure and who gives it, in the briefing's own words": "A count of 900.",
            "claimant: TODO": "claimant: port-authority",
            "    note: TODO how the as-of date was resolved, or remove this line\n": "",
        },
    )
    checked = check_facts(corpus_dir, today=TODAY)
    assert not checked.ok
    assert "new-estimate-2031-03-20" not in checked.corpus.fact_by_id
    found = {d.loc.line: d for d in checked.diagnostics}
    assert sorted(found) == [49, 50, 51]  # bound, value, status
    assert {d.code for d in found.values()} == {"placeholder"}
    assert "figure the article gives, such as 1500" in found[50].message
    for d in found.values():
        assert "placeholder TODO" in d.message
        assert "input should" not in d.message.lower()
        assert "not a plain number" not in d.message


def test_new_source_and_claimant_append_to_their_files(corpus_dir: Path) -> None:
    assert new("source", corpus_dir, None, today=date(2031, 3, 30)) == 0
    assert new("claimant", corpus_dir, None, today=date(2031, 3, 30)) == 0
    checked = check_facts(corpus_dir, today=TODAY)
    assert "new-source-2031-03-30" in checked.corpus.source_by_id
    # The claimant's kind is not guessed: it is a placeholder, refused until replaced.
    claimants = "facts/claimants.yaml"
    kind = [d for d in checked.diagnostics if (d.loc.path, d.loc.line) == (claimants, 17)]
    assert [(d.code, d.loc.col) for d in kind] == [("placeholder", 11)], checked.diagnostics
    _fill(corpus_dir / "claimants.yaml", {"kind: TODO": "kind: official"})
    assert "new-claimant-2031-03-30" in check_facts(corpus_dir, today=TODAY).corpus.claimant_by_id
    # A second skeleton on the same day gets a fresh id.
    assert new("source", corpus_dir, None, today=date(2031, 3, 30)) == 0
    assert "new-source-2031-03-30-2" in check_facts(corpus_dir, today=TODAY).corpus.source_by_id


def test_new_refuses_an_unknown_topic(corpus_dir: Path) -> None:
    assert new("fact", corpus_dir, "weather", today=TODAY) == 1
    assert not (corpus_dir / "weather.yaml").exists()


def test_new_fact_in_a_site_of_several_briefings_goes_to_its_topics_briefing(
    tmp_path: Path,
) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURES / "two-briefings", facts)
    assert new("estimate", facts, "tolls", today=date(2031, 3, 14)) == 0
    written = facts / "bridges" / "tolls.yaml"
    text = written.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema.json\n")
    # The skeleton cites what the bridges briefing may cite: its own quantity and the
    # newest article it can reach (the shared Gazette, not the harbour's Bulletin).
    assert "quantity: bridge-crossings" in text and "source: gazette-2031-03-14" in text
    checked = check_facts(facts, today=TODAY)
    assert {d.code for d in checked.diagnostics} == {"placeholder"}
