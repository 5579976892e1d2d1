"""Each rule of the loader, the model and the checker, broken once on purpose.

Every case starts from the clean fixture corpus, breaks exactly one rule, and
asserts the stable code, the file and the line of the diagnostic. The wording of
messages is free to improve; codes and locations are not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.model import Estimate
from generator.pipeline import Checked
from tests.conftest import ARCHIVE


@dataclass
class Case:
    name: str
    file: str
    old: str | None  # text to replace; None writes `new` as the whole file
    new: str | bytes
    code: str
    line: int
    severity: str = "error"
    where: str | None = None  # the file the diagnostic is in, when not `file`


def _fact(extra: str = "", **fields: str) -> str:
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
    return f"facts:\n  - {body.lstrip()}{extra}"


def _parts(pier_value: int = 10, berths_extra: str = "", pier_extra: str = "") -> str:
    """A file of two quantities, the harbour's berths and the pier's, with an estimate
    of each: the pier's is part of the harbour's (`part_of`)."""
    return (
        "quantities:\n"
        "  - id: berths\n    label: Berths\n    unit: berths\n    topic: traffic\n"
        "  - id: pier-berths\n    label: Pier berths\n    unit: berths\n    topic: traffic\n"
        "facts:\n"
        "  - id: berths-all\n    kind: estimate\n    topics: traffic\n"
        "    text: The harbour has 40 berths.\n    source: gazette-2031-03-14\n"
        "    claimant: port-authority\n    quantity: berths\n    bound: exact\n"
        f"    value: 40\n    as_of: 2031-03\n{berths_extra}"
        "  - id: pier-berths-count\n    kind: estimate\n    topics: traffic\n"
        "    text: Some of them are on the new pier.\n    source: gazette-2031-03-14\n"
        "    claimant: port-authority\n    quantity: pier-berths\n    bound: exact\n"
        f"    value: {pier_value}\n    as_of: 2031-03\n    part_of: berths-all\n{pier_extra}"
    )


CASES = [
    # --- the loader
    Case("not utf-8", "bad.yaml", None, b"facts:\n  - id: caf\xe9\n", "not-utf8", 2),
    Case("empty file", "bad.yaml", None, "# nothing here\n", "empty-file", 1),
    Case("tab indent", "bad.yaml", None, "facts:\n\t- id: x\n", "tab-indent", 2),
    Case("syntax", "bad.yaml", None, "facts: [\n  - id: x\n", "yaml-syntax", 1),  # the open [
    Case(
        "duplicate key",
        "traffic.yaml",
        "    bound: about\n",
        "    bound: about\n    bound: up-to\n",
        "duplicate-key",
        10,
    ),
    Case("python tag", "bad.yaml", None, "facts: !!python/object:os.system []\n", "yaml-tag", 1),
    Case("custom tag", "bad.yaml", None, "facts:\n  - !fact {id: x}\n", "yaml-tag", 2),
    Case("alias", "bad.yaml", None, "sources: &s []\nclaimants: *s\n", "yaml-alias", 1),
    Case("top level list", "bad.yaml", None, "- id: x\n", "top-level", 1),
    Case("top level key", "bad.yaml", None, "fakts: []\n", "unknown-key", 1),
    # --- the model
    Case(
        "unknown key",
        "traffic.yaml",
        "    bound: about\n",
        "    bound: about\n    vaule: 3\n",
        "unknown-key",
        10,
    ),
    Case("missing key", "sources.yaml", "    publisher: Port Bulletin\n", "", "missing-key", 9),
    Case(
        "norway problem",
        "claimants.yaml",
        "kind: ministry\n    country: Freedonia",
        "kind: ministry\n    country: NO",
        "implicit-type",
        14,
    ),
    Case("date as text", "topics.yaml", "title: History", "title: 2031-01-01", "implicit-type", 10),
    Case("bool as text", "topics.yaml", "title: History", "title: yes", "implicit-type", 10),
    Case("octal number", "traffic.yaml", "value: 1200", "value: 01200", "number-format", 10),
    Case("underscore number", "traffic.yaml", "value: 1200", "value: 1_200", "number-format", 10),
    Case("quoted number", "traffic.yaml", "value: 1200", 'value: "1200"', "number-format", 10),
    Case("bad enum", "traffic.yaml", "bound: about", "bound: roughly", "invalid-value", 9),
    Case("bad kind", "bad.yaml", None, _fact(kind="rumour"), "invalid-value", 3),
    Case("no kind", "bad.yaml", None, _fact(kind=""), "missing-key", 2),
    Case("bad id", "bad.yaml", None, _fact(id="Extra_Fact"), "bad-id", 2),
    Case("bad date", "bad.yaml", None, _fact(date="2031-13-01"), "bad-date", 8),
    Case("fake precision", "bad.yaml", None, _fact(date="1970s"), "bad-date", 8),
    # \d and int() take any script's digits; dates are written in ASCII digits only.
    Case(
        "arabic-indic digits",
        "bad.yaml",
        None,
        _fact(date="\u0662\u0660\u0663\u0661-03-01"),
        "bad-date",
        8,
    ),
    Case(
        "fullwidth digits", "bad.yaml", None, _fact(date="\uff12\uff10\uff13\uff11"), "bad-date", 8
    ),
    Case(
        "devanagari decade", "bad.yaml", None, _fact(date="late \u0967\u096e\u096dX"), "bad-date", 8
    ),
    Case("line break in a span", "bad.yaml", None, _fact(date='"2030\\n/2031"'), "bad-date", 8),
    Case(
        "javascript url",
        "sources.yaml",
        "https://bulletin.example.org/winter",
        "javascript:alert(1)",
        "bad-url",
        13,
    ),
    Case("wrong type", "bad.yaml", None, _fact(text="[a, b]"), "wrong-type", 5),
    # --- the checker
    Case(
        "duplicate id",
        "bad.yaml",
        None,
        _fact(id="wall-built"),
        "duplicate-id",
        2,
        where="history.yaml",
    ),
    Case("unknown source", "bad.yaml", None, _fact(source="gazette-1999"), "unknown-ref", 6),
    Case(
        "unknown claimant",
        "bad.yaml",
        None,
        _fact(claimant="[port-authority, nobody]"),
        "unknown-ref",
        7,
    ),
    Case("unknown topic", "bad.yaml", None, _fact(topics="weather"), "unknown-ref", 4),
    Case(
        "unknown quantity",
        "traffic.yaml",
        "quantity: ships-calling\n    bound: about",
        "quantity: boats\n    bound: about",
        "unknown-ref",
        8,
    ),
    Case("unknown citation", "topics.yaml", "[@wall-built]", "[@wall-razed]", "unknown-ref", 12),
    Case("date after article", "bad.yaml", None, _fact(date="2031-03-15"), "date-after-source", 8),
    Case(
        "as-of after article",
        "traffic.yaml",
        "as_of: 2031-02",
        "as_of: 2031-04",
        "as-of-after-source",
        11,
    ),
    Case(
        "stated after article",
        "traffic.yaml",
        "as_of: 2031-02\n",
        "as_of: 2031-02\n    stated: 2031-03-20\n",
        "stated-after-source",
        12,
    ),
    Case(
        "as-of after stated",
        "traffic.yaml",
        "as_of: 2031-02\n",
        "as_of: 2031-02\n    stated: ../2031-01-31\n",
        "as-of-after-stated",
        11,
    ),
    Case("bad stated date", "bad.yaml", None, _fact(stated="last week"), "bad-date", 9),
    Case(
        "bad measure",
        "traffic.yaml",
        "value: 1200",
        "value: 1200\n    measure: total",
        "invalid-value",
        11,
    ),
    Case(
        "future publication",
        "sources.yaml",
        "published: 2031-03-20",
        "published: 2032-01-01",
        "future-date",
        12,
    ),
    Case("low above high", "traffic.yaml", "low: 1100", "low: 1900", "low-above-high", 31),
    Case(
        "value outside range",
        "traffic.yaml",
        "low: 1100",
        "low: 1100\n    value: 2000",
        "value-out-of-range",
        32,
    ),
    Case("range without high", "traffic.yaml", "    high: 1400\n", "", "missing-value", 30),
    Case("bound without value", "traffic.yaml", "    value: 1500\n", "", "missing-value", 20),
    Case(
        "unit mismatch",
        "traffic.yaml",
        "value: 1200",
        "value: 1200\n    unit: boats",
        "unit-mismatch",
        11,
    ),
    Case(
        "bad headline",
        "quantities.yaml",
        "topic: traffic",
        "topic: traffic\n    headline: {fact: wall-built, reason: oldest}",
        "bad-headline",
        6,
    ),
    Case(
        "quote not in article",
        "traffic.yaml",
        "quote: a quiet triumph",
        "quote: a loud triumph",
        "quote-not-found",
        40,
    ),
    Case(
        "copied text",
        "history.yaml",
        "The first harbour wall went up over several years.",
        "The first harbour wall was built in the late 1870s.",
        "copied-text",
        5,
        "warning",
    ),
    Case(
        "unused claimant",
        "claimants.yaml",
        "claimants:\n",
        "claimants:\n  - id: nobody\n    name: Nobody\n    kind: person\n",
        "unused-claimant",
        2,
        "warning",
    ),
    Case(
        "unused source",
        "sources.yaml",
        "sources:\n",
        "sources:\n  - id: unread\n    publisher: P\n    title: T\n    published: 2031-01-01\n"
        "    url: https://example.org/\n",
        "unused-source",
        2,
        "warning",
    ),
    Case(
        "review overdue",
        "history.yaml",
        "date: late 187X",
        "review_by: 2031-01-01\n    date: late 187X",
        "review-overdue",
        8,
        "warning",
    ),
    Case(
        "empty topic",
        "topics.yaml",
        "topics:\n",
        "topics:\n  - id: weather\n    title: Weather\n    order: 3\n    summary: None yet.\n",
        "empty-topic",
        2,
        "warning",
    ),
    # --- a figure part of another (`part_of`)
    Case(
        "part of a statement",
        "traffic.yaml",
        "value: 1200",
        "value: 1200\n    part_of: quint-triumph",
        "bad-part-of",
        11,
    ),
    Case(
        "part of the same quantity",
        "traffic.yaml",
        "value: 1200",
        "value: 1200\n    part_of: ministry-ships-winter",
        "bad-part-of",
        11,
    ),
    Case(
        "part of itself",
        "traffic.yaml",
        "value: 1200",
        "value: 1200\n    part_of: authority-ships-february",
        "self-reference",
        11,
    ),
    Case(
        "part of an unknown fact",
        "traffic.yaml",
        "value: 1200",
        "value: 1200\n    part_of: authority-ships-march",
        "unknown-ref",
        11,
    ),
    Case(
        "parts in a cycle",
        "parts.yaml",
        None,
        _parts(berths_extra="    part_of: pier-berths-count\n"),
        "part-of-cycle",
        21,
    ),
    Case(
        "part larger than its whole",
        "parts.yaml",
        None,
        _parts(50),
        "part-exceeds-whole",
        31,
        "warning",
    ),
    # --- a projection's condition and likelihood
    Case(
        "condition on a figure with no status",
        "traffic.yaml",
        "value: 1200",
        "value: 1200\n    condition: if the winter is mild",
        "not-a-projection",
        11,
    ),
    Case(
        "likelihood on a count of what has happened",
        "traffic.yaml",
        "value: 1200",
        "value: 1200\n    status: sent\n    likelihood: likely",
        "not-a-projection",
        12,
    ),
    Case(
        "likelihood not in the article",
        "traffic.yaml",
        "value: 1500",
        "value: 1500\n    status: expected\n    likelihood: surely",
        "hedge-not-found",
        23,
    ),
    Case(
        "condition copied from the article",
        "traffic.yaml",
        "value: 1500",
        "value: 1500\n    status: expected\n"
        "    condition: if the number at up to 1,500 for the whole winter",
        "copied-text",
        23,
        "warning",
    ),
]


def _apply(case: Case, facts: Path) -> None:
    path = facts / case.file
    if case.old is None:
        data = case.new if isinstance(case.new, bytes) else case.new.encode()
        path.write_bytes(data)
        return
    text = path.read_text()
    assert case.old in text, f"fixture text to break not found: {case.old!r}"
    path.write_text(text.replace(case.old, str(case.new), 1))


def test_a_part_and_its_whole_pass_strict(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    (corpus_dir / "parts.yaml").write_text(_parts())
    checked = run_check(strict=True)
    assert checked.diagnostics == []
    pier = checked.corpus.fact_by_id["pier-berths-count"]
    assert isinstance(pier, Estimate) and pier.part_of == "berths-all"


def test_a_hedged_projection_passes_strict(
    corpus_dir: Path, run_check: Callable[..., Checked], tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE, archive)
    article = archive / "gazette-2031-03-14.txt"
    article.write_text(article.read_text() + "The ministry said traffic would likely grow.\n")
    traffic = corpus_dir / "traffic.yaml"
    traffic.write_text(
        traffic.read_text().replace(
            "value: 1500",
            "value: 1500\n    status: expected\n    likelihood: Likely\n"
            "    condition: if the winter stays mild",
        )
    )
    checked = run_check(strict=True, archive=archive)
    assert checked.diagnostics == []
    # The same word inside another is not the article's hedge.
    article.write_text(article.read_text().replace("would likely grow", "would unlikely grow"))
    assert [d.code for d in run_check(archive=archive).diagnostics] == ["hedge-not-found"]


def test_clean_corpus_passes_strict(run_check: Callable[..., Checked]) -> None:
    checked = run_check(strict=True)
    assert checked.diagnostics == []
    assert checked.result.quotes_verified == 1
    assert len(checked.corpus.facts) == 5


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule(case: Case, corpus_dir: Path, run_check: Callable[..., Checked]) -> None:
    _apply(case, corpus_dir)
    checked = run_check()
    found = [(d.code, d.loc.path, d.loc.line, d.severity) for d in checked.diagnostics]
    expected = (case.code, f"facts/{case.where or case.file}", case.line, case.severity)
    assert expected in found, found
    assert checked.ok is (case.severity == "warning")


@pytest.mark.parametrize("name", ["octal number", "bad enum", "missing key", "bad id"])
def test_an_invalid_record_gives_one_error_not_a_cascade(
    name: str, corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _apply(next(c for c in CASES if c.name == name), corpus_dir)
    assert len(run_check().diagnostics) == 1, run_check().diagnostics


def test_a_spread_note_explains_diverging_estimates(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    traffic = corpus_dir / "traffic.yaml"
    text = traffic.read_text().replace("value: 1500", "value: 4500")
    traffic.write_text(text.replace("up to 1,500 ships", "up to 4,500 ships"))
    warned = [d for d in run_check().diagnostics if d.code == "diverging-estimates"]
    # Once for the pair, at the later estimate, naming where the other one is.
    assert [d.loc.line for d in warned] == [21]
    assert "traffic.yaml:10:" in warned[0].message
    # The note says how to choose between them, where one is better founded.
    assert "spread_note" in warned[0].message and "`headline:`" in warned[0].message
    quantities = corpus_dir / "quantities.yaml"
    quantities.write_text(
        quantities.read_text() + "    spread_note: The ministry counts the whole winter.\n"
    )
    assert run_check(strict=True).ok


def test_strict_turns_warnings_into_errors(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    case = next(c for c in CASES if c.code == "unused-claimant")
    _apply(case, corpus_dir)
    assert run_check().ok
    strict = run_check(strict=True)
    assert not strict.ok
    assert [d.severity for d in strict.diagnostics] == ["error"]


def test_many_errors_in_many_files_reported_in_one_run(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    broken = [c for c in CASES if c.file == "bad.yaml"][:3] + [
        c for c in CASES if c.name in ("octal number", "javascript url", "unknown citation")
    ]
    for i, case in enumerate(broken):
        if case.file == "bad.yaml":
            case = Case(case.name, f"bad{i}.yaml", case.old, case.new, case.code, case.line)
        _apply(case, corpus_dir)
    codes = {(d.loc.path, d.code) for d in run_check().diagnostics}
    assert len(codes) >= len(broken)
    assert {"not-utf8", "empty-file", "tab-indent", "number-format", "bad-url", "unknown-ref"} <= {
        code for _, code in codes
    }


def test_quotes_unverified_without_archive_is_reported(run_check: Callable[..., Checked]) -> None:
    checked = run_check(archive=None)
    assert (
        checked.result.quotes_skipped
        == "no archive folder (set BRIEFING_ARCHIVE or the plugin's archive option)"
    )
    assert (
        "quotes NOT verified: no archive folder (set BRIEFING_ARCHIVE or the plugin's archive "
        "option)" in checked.summary()
    )


def test_quote_with_elision_matches_in_order(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    path = corpus_dir / "traffic.yaml"
    path.write_text(
        path.read_text().replace("quote: a quiet triumph", "quote: a quiet ... triumph")
    )
    assert run_check(strict=True).ok
    path.write_text(path.read_text().replace("a quiet ... triumph", "triumph ... a quiet"))
    assert not run_check().ok


def test_seven_words_in_a_row_from_the_article_are_copied_text_six_are_not(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    # The article: "The first harbour wall was built in the late 1870s and early 1880s."
    history = corpus_dir / "history.yaml"
    original = history.read_text()
    own = "The first harbour wall went up over several years."
    six = "Engineers say the first harbour wall was built slowly."
    history.write_text(original.replace(own, six))
    assert run_check(strict=True).ok, run_check().diagnostics
    seven = "Engineers say the first harbour wall was built in stages."
    history.write_text(original.replace(own, seven))
    copied = [d for d in run_check().diagnostics if d.code == "copied-text"]
    assert [(d.loc.path, d.loc.line) for d in copied] == [("facts/history.yaml", 5)]
    assert "7 words in a row" in copied[0].message


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_exit_codes_and_format(corpus_dir: Path) -> None:
    root = corpus_dir.parent
    clean = _cli("check", "--today", "2031-04-01", cwd=root)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.startswith("check ok: 0 errors, 0 warnings")
    (corpus_dir / "bad.yaml").write_text("facts:\n  - id: x\n    kind: event\n    colour: red\n")
    broken = _cli("check", "--today", "2031-04-01", cwd=root)
    assert broken.returncode == 1
    assert "facts/bad.yaml:4:5: error[unknown-key]: " in broken.stdout
    assert "Traceback" not in broken.stdout + broken.stderr
    github = _cli("check", "--today", "2031-04-01", "--format", "github", cwd=root)
    assert "::error file=facts/bad.yaml,line=4,col=5,title=unknown-key::" in github.stdout
    usage = _cli("check", "--today", "yesterday", cwd=root)
    assert usage.returncode == 2


def test_cli_json_format_is_machine_readable(corpus_dir: Path) -> None:
    import json

    (corpus_dir / "bad.yaml").write_text("facts: 3\n")
    result = _cli("check", "--format", "json", "--today", "2031-04-01", cwd=corpus_dir.parent)
    rows = json.loads(result.stdout)
    assert rows[0]["code"] == "wrong-type"
    assert rows[0]["path"] == "facts/bad.yaml"
    assert rows[0]["line"] == 1


def test_a_reader_that_leaves_early_gets_no_internal_error() -> None:
    """`python -m generator schema | head -1`: the pipe closes before the output ends;
    the command stops quietly (exit 1), with no "internal error" on stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "schema"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait() == 1
    assert errors == ""


def test_a_citation_inside_copied_words_does_not_hide_them(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    """A reader sees a summary without its `[@fact]` markers (they become footnote
    numbers), so words copied around one are copied all the same."""
    topics = corpus_dir / "topics.yaml"
    original = topics.read_text()
    marked = "summary: The first harbour wall was [@wall-built] built in the late 1870s."
    topics.write_text(original.replace("summary: The wall is old [@wall-built].", marked))
    copied = [d for d in run_check().diagnostics if d.code == "copied-text"]
    assert [(d.loc.path, d.loc.line) for d in copied] == [("facts/topics.yaml", 12)]
    own = "summary: The first harbour wall [@wall-built] went up over several years."
    topics.write_text(original.replace("summary: The wall is old [@wall-built].", own))
    assert run_check(strict=True).ok, run_check().diagnostics
