"""Errors an editor can act on: each says where the mistake is and how to fix it.

Every case writes a small broken file (or breaks the fixture corpus once) and asserts
the code, the file, the line and the column of the diagnostic, and the words of the
message that carry the fix.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.load import load_bytes
from generator.pipeline import Checked

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
    base = {
        "id": "extra-fact",
        "kind": "event",
        "topics": "traffic",
        "text": "A new pier opened.",
        "source": "gazette-2031-03-14",
        "claimant": "port-authority",
        "date": "2031-03-01",
    }
    base.update(fields)
    body = "".join(f"    {k}: {v}\n" for k, v in base.items() if v != "")
    path = corpus_dir / "extra.yaml"
    path.write_text(f"facts:\n  - {body.lstrip()}")
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
