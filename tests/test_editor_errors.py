"""Errors an editor can act on: each says where the mistake is and how to fix it.

Every case writes a small broken file (or breaks the fixture corpus once) and asserts
the code, the file, the line and the column of the diagnostic, and the words of the
message that carry the fix.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import cli
from generator.diagnostics import Diagnostic
from generator.load import load_bytes
from generator.pipeline import Checked
from tests.test_check_rules import _fact

# --- YAML syntax errors in plain words, with the fix ------------------------------------

PARSER_WORDS = (
    "mapping values",
    "could not find expected",
    "did not find expected",
    "block end",
    "block collection",
    "block mapping",
    "simple key",
    "while scanning",
    "while parsing",
    "token",
    "stream",
)

SYNTAX = {
    # name: (file, line, col, words the message must hold)
    "colon and space inside a text": (
        "facts:\n  - id: a\n    text: The minister said: no troops\n    kind: event\n",
        3,
        28,
        ["`: `", "put the whole text in quotes", 'text: "The minister said: no troops"'],
    ),
    "double quote opened and never closed": (
        'facts:\n  - id: a\n    text: "He said no\n    kind: event\n  - id: b\n'
        "    text: fine\n    source: x\n",
        3,
        11,
        ['quote `"` opened here is never closed', 'add the closing `"`'],
    ),
    "quote left open until another value's quote": (
        'facts:\n  - id: a\n    text: "He said no\n    kind: event\n  - id: b\n'
        '    text: "fine"\n    source: x\n',
        3,
        11,
        ['quote `"` opened here is not closed on its line', "line 6", 'add the closing `"`'],
    ),
    "single quote opened and never closed": (
        "facts:\n  - id: a\n    text: 'He said no\n    kind: event\n",
        3,
        11,
        ["quote `'` opened here is never closed"],
    ),
    "no space after the dash of the first entry": (
        "facts:\n  -id: a\n    kind: event\n",
        2,
        4,
        ["space is missing after `-`", "`- id: a`"],
    ),
    "no space after the dash of a later entry": (
        "facts:\n  - id: a\n    kind: event\n  -id: b\n    kind: event\n",
        4,
        4,
        ["space is missing after `-`", "`- id: b`"],
    ),
    "no space after a colon, then a key": (
        "facts:\n  - id:a\n    kind: event\n",
        2,
        8,
        ["space is missing after `:`", "`id: a`"],
    ),
    "no space after a colon, then more keys": (
        "facts:\n  - id: a\n    kind:event\n    text: x\n",
        3,
        10,
        ["space is missing after `:`", "`kind: event`"],
    ),
    "a key indented more than its neighbours": (
        "facts:\n  - id: a\n     kind: event\n",
        3,
        6,
        ["indented more than `id` on line 2", "same column (5)", "remove 1 space"],
    ),
    "a key indented less than its neighbours": (
        "facts:\n  - id: a\n    kind: event\n   text: x\n",
        4,
        4,
        ["indented to column 4", "`kind` on line 3 starts at column 5", "line up"],
    ),
    "a key in line with the dash": (
        "facts:\n  - id: a\n  kind: event\n",
        3,
        3,
        ["indented to column 3", "`id` on line 2 starts at column 5", "`-` at column 3"],
    ),
    "text after the closing quote": (
        'facts:\n  - id: a\n    text: "He said" no\n',
        3,
        21,
        ['more text follows the closing `"`', "put the whole text in quotes"],
    ),
    "a text that starts with a backquote": (
        "facts:\n  - id: a\n    text: `Tabs` were used\n",
        3,
        11,
        ["cannot start with a backquote", "quotes"],
    ),
    "a bracket opened and not closed": (
        "facts: [\n  - id: x\n",
        1,
        8,
        ["`[` opened here is not closed with `]`"],
    ),
    "a tab in the indentation": (
        "facts:\n  - id: a\n\tkind: event\n",
        3,
        1,
        ["tab is used for indentation", "replace the tab with spaces"],
    ),
    "text on the line of a block's `|`": (
        "topics:\n  - id: a\n    summary: | The wall\n      is old.\n",
        3,
        14,
        ["after `|` or `>` the text starts on the next line"],
    ),
}


@pytest.mark.parametrize("name", list(SYNTAX))
def test_a_syntax_error_is_in_plain_words_with_the_fix(name: str) -> None:
    text, line, col, words = SYNTAX[name]
    tree, problems = load_bytes(text.encode(), "facts/bad.yaml")
    assert tree is None
    [problem] = problems
    assert problem.code in ("yaml-syntax", "tab-indent")
    assert (problem.loc.path, problem.loc.line, problem.loc.col) == ("facts/bad.yaml", line, col)
    for word in words:
        assert word in problem.message, problem.message
    jargon = [w for w in PARSER_WORDS if w in problem.message]
    assert not jargon, problem.message


def test_a_syntax_error_without_a_known_cause_still_says_what_to_check() -> None:
    # A directive YAML does not know: no editor's mistake above fits it.
    tree, [problem] = load_bytes(b"%FOO\nfacts: x\n", "facts/bad.yaml")
    assert tree is None and problem.code == "yaml-syntax"
    assert (problem.loc.line, problem.loc.col) == (1, 5)
    assert problem.message.startswith("YAML cannot read the file from here; check this line")
    assert "`-` and `:` are followed by a space" in problem.message


# --- Dates written day first -------------------------------------------------------------


def _fact_file(corpus_dir: Path, **fields: str) -> Path:
    """A file of one fact (test_check_rules' `_fact`), with `fields` changed."""
    path = corpus_dir / "extra.yaml"
    path.write_text(_fact(**fields))
    return path


def _only(checked: Checked, code: str) -> Diagnostic:
    found = [d for d in checked.diagnostics if d.code == code]
    assert len(found) == 1, [str(d) for d in checked.diagnostics]
    return found[0]


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("17/11/2024", ["looks like day/month/year", "`2024-11-17`"]),
        ("17.11.2024", ["looks like day/month/year", "`2024-11-17`"]),
        ("11/17/2024", ["looks like month/day/year", "`2024-11-17`"]),
        ("05/06/2024", ["ambiguous", "`2024-06-05`", "day/month/year", "`2024-05-06`"]),
    ],
)
def test_a_date_written_with_the_year_last_gets_the_iso_date(
    written: str, words: list[str], corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _fact_file(corpus_dir, date=written)
    found = _only(run_check(), "bad-date")
    assert (found.loc.path, found.loc.line, found.loc.col) == ("facts/extra.yaml", 8, 11)
    for word in words:
        assert word in found.message, found.message


def test_a_publication_day_written_day_first_gets_the_iso_date(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    sources = corpus_dir / "sources.yaml"
    text = sources.read_text()
    assert "published: 2031-03-14" in text
    sources.write_text(text.replace("published: 2031-03-14", "published: 14/03/2031", 1))
    found = _only(run_check(), "bad-date")
    assert found.loc.path == "facts/sources.yaml"
    assert "`2031-03-14`" in found.message and "day/month/year" in found.message


# --- Diverging estimates: once per pair --------------------------------------------------


def test_diverging_estimates_are_reported_once_per_pair(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    traffic = corpus_dir / "traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1500", "value: 4500"))
    found = _only(run_check(), "diverging-estimates")
    # At the later estimate's value, naming the earlier one and where it is.
    assert (found.loc.path, found.loc.line, found.loc.col) == ("facts/traffic.yaml", 21, 5)
    assert "`ministry-ships-winter` and `authority-ships-february`" in found.message
    assert "facts/traffic.yaml:10:5" in found.message
    assert "spread_note" in found.message


# --- Root cause first ----------------------------------------------------------------------


def test_an_unreadable_file_comes_first_and_its_knock_on_references_are_one_line(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    claimants = corpus_dir / "claimants.yaml"
    # A tab on line 7, in the middle of the file: the three claimants are lost, and five
    # references to them (in traffic.yaml and history.yaml) cannot be checked.
    claimants.write_text(
        claimants.read_text().replace("    name: Mara Quint", "\tname: Mara Quint")
    )
    checked = run_check()
    first, second = checked.diagnostics[:2]
    assert (first.code, first.loc.path, first.loc.line, first.loc.col) == (
        "tab-indent",
        "facts/claimants.yaml",
        7,
        1,
    )
    assert (second.code, second.loc.path, second.loc.line, second.loc.col) == (
        "unchecked-refs",
        "facts/claimants.yaml",
        7,
        1,
    )
    assert "5 references into facts/claimants.yaml were not checked" in second.message
    assert "could not be read" in second.message
    assert not [d for d in checked.diagnostics if d.code == "unknown-ref"]
    # The output is the same however often it is made.
    assert [str(d) for d in run_check().diagnostics] == [str(d) for d in checked.diagnostics]


def test_the_command_prints_the_unreadable_file_first(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claimants = corpus_dir / "claimants.yaml"
    claimants.write_text(claimants.read_text().replace("    name: Mara Quint", "\tname: Mara"))
    _fact_file(corpus_dir, topics="trafic")  # reported too, after the two lines
    assert cli.main(["check", "--today", "2031-04-01"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("facts/claimants.yaml:7:1: error[tab-indent]: a tab")
    assert lines[1].startswith(
        "facts/claimants.yaml:7:1: warning[unchecked-refs]: 6 references into "
        "facts/claimants.yaml were not checked because it could not be read"
    )
    assert lines[2].startswith("facts/extra.yaml:4:13: error[unknown-ref]: no topic has the id")
    assert lines[3].startswith("check failed: 2 errors, 1 warning")


def test_a_misspelt_id_is_still_reported_when_another_file_is_unreadable(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    claimants = corpus_dir / "claimants.yaml"
    claimants.write_text(claimants.read_text().replace("    name: Mara Quint", "    name Mara"))
    _fact_file(corpus_dir, topics="trafic")  # a typo, not a reference into claimants.yaml
    checked = run_check()
    codes = [d.code for d in checked.diagnostics]
    assert codes[:2] == ["yaml-syntax", "unchecked-refs"], [str(d) for d in checked.diagnostics]
    assert "6 references into facts/claimants.yaml" in checked.diagnostics[1].message
    typo = _only(checked, "unknown-ref")
    assert (typo.loc.path, typo.loc.line, typo.loc.col) == ("facts/extra.yaml", 4, 13)
    assert "did you mean `traffic`?" in typo.message


def test_references_into_a_file_never_read_are_one_line_naming_it(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    # A named pipe where claimants.yaml was: not opened, so its ids are unknown.
    claimants = corpus_dir / "claimants.yaml"
    claimants.unlink()
    os.mkfifo(claimants)
    checked = run_check()
    first, second = checked.diagnostics[:2]
    assert (first.code, first.loc.path) == ("not-a-file", "facts/claimants.yaml")
    assert (second.code, second.loc.path) == ("unchecked-refs", "facts/claimants.yaml")
    assert "5 references to ids found in no file were not checked" in second.message
    assert "because facts/claimants.yaml could not be read" in second.message
    assert not [d for d in checked.diagnostics if d.code == "unknown-ref"]


# --- Unknown references: the closest id, at the value -----------------------------------


def test_an_unknown_reference_suggests_the_closest_id_at_the_value(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _fact_file(corpus_dir, source="gazette-2031-03-41")
    found = _only(run_check(), "unknown-ref")
    assert (found.loc.path, found.loc.line, found.loc.col) == ("facts/extra.yaml", 6, 13)
    assert "no source has the id `gazette-2031-03-41`" in found.message
    assert "did you mean `gazette-2031-03-14`?" in found.message


def test_an_unknown_reference_in_a_list_points_at_its_item(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _fact_file(corpus_dir, claimant="[port-authority, shiping-ministry]")
    found = _only(run_check(), "unknown-ref")
    assert (found.loc.path, found.loc.line, found.loc.col) == ("facts/extra.yaml", 7, 32)
    assert "did you mean `shipping-ministry`?" in found.message


def test_an_unknown_reference_far_from_any_id_lists_the_known_ones(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _fact_file(corpus_dir, claimant="zz")
    found = _only(run_check(), "unknown-ref")
    assert (found.loc.line, found.loc.col) == (7, 15)
    assert "known claimants: mara-quint, port-authority, shipping-ministry" in found.message


# --- A problem inside a block text -----------------------------------------------------------


def test_an_unknown_citation_in_a_block_summary_points_at_its_own_line(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    topics = corpus_dir / "topics.yaml"
    text = topics.read_text()
    assert "      [@ministry-ships-winter].\n" in text  # line 8 of the `summary: |` block
    topics.write_text(text.replace("[@ministry-ships-winter]", "[@ministry-ship-winter]"))
    found = _only(run_check(), "unknown-ref")
    assert (found.loc.path, found.loc.line, found.loc.col) == ("facts/topics.yaml", 8, 7)
    assert "did you mean `ministry-ships-winter`?" in found.message


def test_an_unknown_citation_in_a_folded_summary_points_at_its_own_line(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    briefing = corpus_dir / "briefing.yaml"
    briefing.write_text(
        "briefing:\n  title: Harbour traffic\n  summary: >\n    How busy the harbour is,\n\n"
        "    and who says so [@authority-ships-february] [@authority-ship-february].\n"
    )
    found = _only(run_check(), "unknown-ref")
    assert (found.loc.path, found.loc.line, found.loc.col) == ("facts/briefing.yaml", 6, 49)


def test_a_misspelt_id_among_many_similar_ones_finds_the_one_a_slip_away(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    # More facts than are compared whole: the index of ids one character away is used.
    many = "".join(
        f"  - id: pier-count-{n:03d}\n    kind: event\n    topics: traffic\n"
        f"    text: Pier {n} opened.\n    source: gazette-2031-03-14\n"
        f"    claimant: port-authority\n    date: 2031-03-01\n"
        for n in range(400)
    )
    (corpus_dir / "piers.yaml").write_text("facts:\n" + many)
    topics = corpus_dir / "topics.yaml"
    topics.write_text(topics.read_text().replace("[@wall-built]", "[@pier-cuont-217]"))
    found = _only(run_check(), "unknown-ref")
    assert (found.loc.path, found.loc.line, found.loc.col) == ("facts/topics.yaml", 12, 30)
    assert "did you mean `pier-count-217`?" in found.message


def test_records_an_unreadable_file_uses_are_not_called_unused(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    # traffic.yaml holds the only uses of two claimants, a quantity, a source and a topic.
    traffic = corpus_dir / "traffic.yaml"
    traffic.write_text(traffic.read_text().replace("    kind: statement", "\tkind: statement"))
    checked = run_check()
    assert [(d.code, d.loc.path, d.loc.line, d.loc.col) for d in checked.diagnostics] == [
        ("tab-indent", "facts/traffic.yaml", 35, 1),
        ("unchecked-refs", "facts/traffic.yaml", 35, 1),
        ("unchecked-refs", "facts/traffic.yaml", 35, 1),
    ], [str(d) for d in checked.diagnostics]
    assert "3 references into facts/traffic.yaml" in checked.diagnostics[1].message
    used = checked.diagnostics[2].message
    assert "whether 2 claimants, 1 quantity, 1 source and 1 topic named in" in used
    assert "facts/traffic.yaml are used was not checked" in used
    # Once the file reads again, nothing is left to say.
    traffic.write_text(traffic.read_text().replace("\tkind: statement", "    kind: statement"))
    assert run_check().diagnostics == []


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("2024/11/17", ["joins year, month and day with /", "`2024-11-17`"]),
        ("2024.1.7", ["joins year, month and day with .", "`2024-01-07`"]),
        ("2024/17/11", ["`2024/17/11` has month 17"]),
    ],
)
def test_a_date_written_year_first_with_slashes_or_dots_gets_the_iso_date(
    written: str, words: list[str], corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _fact_file(corpus_dir, date=written)
    found = _only(run_check(), "bad-date")
    assert (found.loc.path, found.loc.line, found.loc.col) == ("facts/extra.yaml", 8, 11)
    for word in words:
        assert word in found.message, found.message


def test_a_control_character_inside_a_text_over_lines_points_at_its_line(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _fact_file(corpus_dir, text='"A new pier\n      opened with a bell \\a ringing."')
    found = _only(run_check(), "control-character")
    assert (found.loc.path, found.loc.line, found.loc.col) == ("facts/extra.yaml", 6, 26)
    assert "U+0007" in found.message
