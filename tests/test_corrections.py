"""Corrections and withdrawn facts, on a copy of the seed briefing: the model takes
them strictly, the checker dates them, the views leave a withdrawn fact out of what it
no longer stands for, and a changed published figure needs its correction entry
(`diff` calls it a correction; `check --strict --base` fails without the entry)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.history import Change, compare
from generator.model import Estimate
from generator.pipeline import Checked, check_facts
from generator.views import Views
from tests.test_history import _git

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "facts"
TODAY = date(2025, 1, 15)  # the seed's articles are from October and November 2024
FACT = "nk-troops-kursk-more-than-10000"  # the headline of North Korea's troops for Russia
QUANTITY = "north-korean-troops-for-russia"
FILE = "deployment.yaml"  # where FACT is written; its article is of 17 November 2024
CORRECTION = (
    "    corrections:\n"
    "      - date: 2025-01-10\n"
    "        text: An earlier version gave more than 11,000; the article says over 10,000.\n"
)


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """A copy of the seed's facts, to edit."""
    shutil.copytree(SEED, tmp_path / "facts")
    return tmp_path / "facts"


def _add(facts: Path, fact_id: str, lines: str, file: str = FILE) -> int:
    """Write `lines` (keys of the fact, indented) after the fact's id; the line number of
    the first."""
    path = facts / file
    text = path.read_text("utf-8")
    anchor = f"  - id: {fact_id}\n"
    assert anchor in text, fact_id
    at = text.index(anchor) + len(anchor)
    path.write_text(text[:at] + lines + text[at:], "utf-8")
    return text[:at].count("\n") + 1


def _check(facts: Path) -> Checked:
    return check_facts(facts, today=TODAY)


def _found(checked: Checked, code: str) -> list[Diagnostic]:
    return [d for d in checked.diagnostics if d.code == code]


# --- the model and the checker


def test_a_correction_and_a_withdrawal_dated_after_the_article_are_accepted(
    facts: Path,
) -> None:
    _add(facts, FACT, CORRECTION)
    _add(
        facts,
        "syria-deployment-800",
        "    withdrawn: {date: 2025-01-12, reason: Retracted.}\n",
        "history.yaml",
    )
    checked = _check(facts)
    assert checked.diagnostics == []
    fact = checked.corpus.fact_by_id[FACT]
    assert [(c.date, c.text[:24]) for c in fact.corrections] == [
        (date(2025, 1, 10), "An earlier version gave ")
    ]
    withdrawn = checked.corpus.fact_by_id["syria-deployment-800"].withdrawn
    assert withdrawn is not None and withdrawn.reason == "Retracted."


@pytest.mark.parametrize(
    ("lines", "code", "said"),
    [
        (
            "    corrections:\n      - date: 2024-11-16\n        text: Before the article.\n",
            "notice-before-source",
            "before the article `bloomberg-2024-11-17` was published (2024-11-17)",
        ),
        (
            "    corrections:\n      - date: 2025-02-01\n        text: Not yet.\n",
            "future-date",
            "after today (2025-01-15)",
        ),
        (
            "    withdrawn:\n      date: 2024-10-01\n      reason: Before the article.\n",
            "notice-before-source",
            "the withdrawal is dated 2024-10-01",
        ),
        (
            "    withdrawn:\n      date: 2026-01-01\n      reason: Not yet.\n",
            "future-date",
            "the withdrawal is dated 2026-01-01, after today",
        ),
    ],
    ids=["correction-before", "correction-future", "withdrawal-before", "withdrawal-future"],
)
def test_a_notice_dated_before_its_article_or_after_today_is_an_error_at_its_date(
    facts: Path, lines: str, code: str, said: str
) -> None:
    first = _add(facts, FACT, lines)
    found = _found(_check(facts), code)
    assert len(found) == 1, found
    (diagnostic,) = found
    assert diagnostic.severity == "error"
    assert said in diagnostic.message
    # At the `date:` of the notice: the line after `corrections:`/`withdrawn:`.
    assert diagnostic.loc.path.endswith(FILE)
    assert diagnostic.loc.line == first + 1


@pytest.mark.parametrize(
    ("lines", "code", "line"),
    [
        (
            "    corrections:\n      - date: 2025-01-10\n        txt: Misspelt key.\n",
            "unknown-key",
            2,
        ),
        ("    corrections:\n      - date: 2025-01\n        text: A month only.\n", "bad-date", 1),
        ("    corrections:\n      - date: 2025-01-10\n", "missing-key", 1),
        (
            "    withdrawn:\n      date: 2025-01-10\n      because: No reason key.\n",
            "unknown-key",
            2,
        ),
        ("    withdrawn: 2025-01-10\n", "wrong-type", 0),
    ],
    ids=["unknown-key", "month", "no-text", "withdrawal-unknown-key", "withdrawal-not-a-map"],
)
def test_a_malformed_notice_is_refused_where_it_is_written(
    facts: Path, lines: str, code: str, line: int
) -> None:
    first = _add(facts, FACT, lines)
    checked = _check(facts)
    found = _found(checked, code)
    assert found, [str(d) for d in checked.diagnostics]
    assert found[0].loc.line == first + line, str(found[0])


def test_a_withdrawn_estimate_takes_no_part_in_the_divergence_check(facts: Path) -> None:
    """An estimate twenty times the NIS's 1,500 sent diverges; withdrawn, it does not."""
    path = facts / FILE
    high = (
        "  - id: nis-troops-sent-30000\n"
        "    kind: estimate\n"
        "    topics: [deployment]\n"
        "    text: A figure of 30,000 soldiers already sent.\n"
        "    source: bloomberg-2024-10-22\n"
        "    claimant: south-korea-nis\n"
        "    quantity: north-korean-troops-for-russia\n"
        "    bound: about\n"
        "    value: 30000\n"
        "    status: sent\n"
        "    as_of: ../2024-10-22\n"
    )
    path.write_text(path.read_text("utf-8") + high, "utf-8")
    assert _found(_check(facts), "diverging-estimates")
    _add(facts, "nis-troops-sent-30000", "    withdrawn: {date: 2025-01-10, reason: Misread.}\n")
    assert _found(_check(facts), "diverging-estimates") == []


def test_a_withdrawn_estimate_cannot_be_the_chosen_headline(facts: Path) -> None:
    _add(facts, FACT, "    withdrawn: {date: 2025-01-10, reason: Retracted.}\n")
    quantities = facts / "quantities.yaml"
    text = quantities.read_text("utf-8").replace(
        f"  - id: {QUANTITY}\n",
        f"  - id: {QUANTITY}\n    headline: {{fact: {FACT}, reason: The latest.}}\n",
    )
    quantities.write_text(text, "utf-8")
    (found,) = _found(_check(facts), "bad-headline")
    assert f"`{FACT}` is withdrawn" in found.message
    assert found.loc.path.endswith("quantities.yaml")


# --- the views


def test_a_withdrawn_headline_leaves_the_headline_and_the_chart_but_keeps_its_page(
    facts: Path,
) -> None:
    before = Views(_check(facts).corpus)
    quantity = before.corpus.quantity_by_id[QUANTITY]
    assert before.headline(quantity).id == FACT
    assert FACT in [e.id for e in before.charted(quantity)]

    _add(facts, FACT, "    withdrawn:\n      date: 2025-01-10\n      reason: Retracted.\n")
    checked = _check(facts)
    assert checked.diagnostics == []
    views = Views(checked.corpus)
    quantity = views.corpus.quantity_by_id[QUANTITY]
    fact = views.corpus.fact_by_id[FACT]
    assert views.is_withdrawn(fact)
    headline = views.headline(quantity)
    assert headline.id != FACT and not views.is_withdrawn(headline)
    assert (
        headline.id
        == before.rule.best([e for e in before.estimates_by_quantity[QUANTITY] if e.id != FACT]).id
    )
    assert FACT not in [e.id for e in views.charted(quantity)]
    assert FACT not in [e.id for _, e in views.headline_by_day(quantity)]
    assert all(q.headline.id != FACT for d in views.known_days for q in d.quantities)
    assert FACT not in {views.lowest(quantity).id, views.highest(quantity).id}
    # Still in the corpus: its page, its row on the quantity's page, its links.
    assert fact in views.estimates_by_quantity[QUANTITY]
    assert views.fact_page(fact) == "topics/deployment"
    assert fact in views.facts_by_topic["deployment"]
    assert views.withdrawn == [fact]


def test_a_quantity_whose_every_estimate_is_withdrawn_keeps_its_page_but_no_key_figure(
    facts: Path,
) -> None:
    _add(
        facts,
        "syria-deployment-800",
        "    withdrawn: {date: 2025-01-10, reason: Misread.}\n",
        "history.yaml",
    )
    views = Views(_check(facts).corpus)
    quantity = views.corpus.quantity_by_id["north-korea-syria-deployment"]
    assert quantity in views.quantities  # its page, where the withdrawn row links
    assert quantity not in views.key_quantities
    assert views.charted(quantity) == [] and views.headline_by_day(quantity) == []
    # The pages still have a figure to name until they say every one is withdrawn.
    assert views.headline(quantity).id == "syria-deployment-800"
    (day,) = [q for d in views.known_days for q in d.quantities if q.quantity == quantity]
    assert day.headline.id == "syria-deployment-800" and day.replaced is None


def test_a_withdrawn_denial_leaves_the_disagreements(facts: Path) -> None:
    before = Views(_check(facts).corpus)
    denied = {t.id for t, _ in before.disputed}
    assert "nk-shells-missiles-for-russia" in denied
    _add(
        facts,
        "arms-transfers-denied",
        "    withdrawn: {date: 2025-01-10, reason: Misattributed.}\n",
        "arms-and-partnership.yaml",
    )
    views = Views(_check(facts).corpus)
    responders = {f.id for _, pairs in views.disputed for _, f in pairs}
    assert "arms-transfers-denied" not in responders
    assert "arms-transfers-denied" not in views.in_dispute


def test_a_withdrawn_estimate_leaves_the_contested_claimants(facts: Path) -> None:
    views = Views(_check(facts).corpus)
    quantity = views.corpus.quantity_by_id[QUANTITY]
    claimants = views.claimant_count(quantity)
    _add(facts, FACT, "    withdrawn: {date: 2025-01-10, reason: Retracted.}\n")
    views = Views(_check(facts).corpus)
    assert views.claimant_count(views.corpus.quantity_by_id[QUANTITY]) == claimants - 1


def test_corrections_are_listed_newest_first_with_withdrawals(facts: Path) -> None:
    _add(
        facts,
        FACT,
        "    corrections:\n"
        "      - {date: 2024-12-01, text: First fix.}\n"
        "      - {date: 2025-01-10, text: Second fix.}\n",
    )
    _add(
        facts,
        "syria-deployment-800",
        "    withdrawn: {date: 2024-12-20, reason: Retracted.}\n",
        "history.yaml",
    )
    views = Views(_check(facts).corpus)
    assert [(n.day.isoformat(), n.kind, n.text) for n in views.corrections] == [
        ("2025-01-10", "correction", "Second fix."),
        ("2024-12-20", "withdrawal", "Retracted."),
        ("2024-12-01", "correction", "First fix."),
    ]
    fact = views.corpus.fact_by_id[FACT]
    assert [n.text for n in views.corrections_of(fact)] == ["Second fix.", "First fix."]


# --- what a change to a published fact is


def _kinds(
    facts: Path, edit: str, replacement: str, notice: str = "", file: str = FILE
) -> tuple[str, list[str]]:
    before = _check(facts).corpus
    path = facts / file
    text = path.read_text("utf-8")
    assert edit in text
    path.write_text(text.replace(edit, replacement, 1), "utf-8")
    if notice:
        _add(facts, FACT, notice)
    after = _check(facts).corpus
    (change,) = compare(
        {f.id: f for f in before.facts},
        {f.id: f for f in after.facts},
    )
    return change.kind, change.corrected


def test_rewording_a_text_is_an_update_and_changing_a_figure_a_correction(facts: Path) -> None:
    reworded = _kinds(facts, "after Kim\n      Jong Un decided", "once Kim\n      Jong Un chose")
    assert reworded == ("updated", [])


def test_a_changed_figure_is_a_correction_with_or_without_its_entry(facts: Path) -> None:
    kind, corrected = _kinds(facts, "    bound: more-than\n", "    bound: about\n")
    assert (kind, corrected) == ("corrected", ["bound"])


def test_a_stated_date_added_where_none_was_is_an_update(facts: Path) -> None:
    kind, corrected = _kinds(
        facts,
        "    source: bloomberg-2024-11-17\n    claimant: bloomberg-news\n",
        "    source: bloomberg-2024-11-17\n    claimant: bloomberg-news\n    stated: 2024-11-17\n",
    )
    assert (kind, corrected) == ("updated", [])


def _compare(facts: Path, before: str, after: str) -> list[Change]:
    """The changes from FACT with `before` added to it to FACT with `after` added."""
    original = (facts / FILE).read_text("utf-8")
    _add(facts, FACT, before)
    old = _check(facts).corpus
    (facts / FILE).write_text(original, "utf-8")
    _add(facts, FACT, after)
    new = _check(facts).corpus
    return compare({f.id: f for f in old.facts}, {f.id: f for f in new.facts})


def test_a_correction_entry_alone_makes_a_corrected_change_with_its_notice(facts: Path) -> None:
    (change,) = _compare(facts, "", CORRECTION)
    assert change.kind == "corrected" and change.corrected == []
    assert [n.text[:24] for n in change.notices] == ["An earlier version gave "]
    assert not change.missing_notice


def test_a_withdrawn_fact_restored_needs_a_correction(facts: Path) -> None:
    withdrawn = "    withdrawn: {date: 2025-01-10, reason: Retracted.}\n"
    (change,) = _compare(facts, withdrawn, "")
    assert change.corrected == ["withdrawal"] and change.missing_notice
    (change,) = _compare(facts, "", withdrawn)
    assert change.kind == "withdrawn" and not change.missing_notice


def test_a_fact_never_published_needs_no_correction(facts: Path) -> None:
    old = {f.id: f for f in _check(facts).corpus.facts}
    fact = old.pop(FACT)
    (change,) = compare(old, {**old, FACT: fact})
    assert change.kind == "added" and not change.missing_notice


# --- the review of a change: diff and check --base


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "--today", TODAY.isoformat()],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )


@pytest.fixture
def repo(facts: Path) -> Path:
    """Two commits: the seed, then FACT's figure changed (text and value agree) without
    a correction entry."""
    root = facts.parent
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "The seed")
    path = facts / FILE
    text = path.read_text("utf-8")
    start = text.index(f"  - id: {FACT}\n")
    block = text[start:].replace("over 10,000", "over 11,000", 1)
    block = block.replace("    value: 10000\n", "    value: 11000\n", 1)
    path.write_text(text[:start] + block, "utf-8")
    _git(root, "commit", "-q", "-am", "A figure changed")
    return root


def test_check_base_fails_on_a_changed_figure_without_a_correction_naming_the_fact(
    repo: Path,
) -> None:
    plain = _run(repo, "check", "--strict", "facts")
    assert plain.returncode == 0, plain.stdout  # without --base nothing changes
    result = _run(repo, "check", "--strict", "--base", "HEAD~1", "facts")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "correction-missing" in line]
    assert len(lines) == 1, result.stdout
    (line,) = lines
    id_line = (repo / "facts" / FILE).read_text("utf-8").split("\n").index(f"  - id: {FACT}") + 1
    assert line.startswith(f"facts/{FILE}:{id_line}:"), line
    assert "error[correction-missing]" in line
    assert f"`{FACT}` is published at HEAD~1" in line and "its figure changed" in line
    # Not strict: a warning, which does not fail.
    assert _run(repo, "check", "--base", "HEAD~1", "facts").returncode == 0

    _add(repo / "facts", FACT, CORRECTION)
    fixed = _run(repo, "check", "--strict", "--base", "HEAD~1", "facts")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "correction-missing" not in fixed.stdout


def test_check_base_that_is_no_commit_is_a_usage_error(repo: Path) -> None:
    result = _run(repo, "check", "--strict", "--base", "no-such-branch", "facts")
    assert result.returncode == 2
    assert "`no-such-branch` is not a commit" in result.stderr


def test_diff_calls_a_changed_figure_a_correction(repo: Path) -> None:
    report = _run(repo, "diff", "HEAD~1", "HEAD").stdout
    assert "1 corrected (1 without its correction entry)" in report
    section = report[report.index("Corrected (1):") :]
    (line,) = [x for x in section.splitlines() if f"[{FACT}]" in x]
    assert "figure: more than 10,000 → more than 11,000" in line
    assert "A correction without its notice: its figure changed" in line

    _add(repo / "facts", FACT, CORRECTION)
    report = _run(repo, "diff", "HEAD~1").stdout  # against the working tree
    assert "1 corrected, 0 withdrawn" in report
    (line,) = [x for x in report.splitlines() if f"[{FACT}]" in x]
    assert "Corrected 10 January 2025: An earlier version gave more than 11,000" in line
    assert "without its notice" not in line


def test_a_published_fact_withdrawn_is_listed_as_withdrawn(repo: Path) -> None:
    _add(
        repo / "facts",
        "syria-deployment-800",
        "    withdrawn: {date: 2025-01-12, reason: The article was retracted.}\n",
        "history.yaml",
    )
    report = _run(repo, "diff", "HEAD").stdout
    assert "0 corrected, 1 withdrawn" in report
    (line,) = [x for x in report.splitlines() if "[syria-deployment-800]" in x]
    assert "Withdrawn 12 January 2025: The article was retracted" in line


def test_an_estimate_that_is_an_estimate_field_by_field(facts: Path) -> None:
    """Guards the test's own premise: FACT is an estimate of QUANTITY in FILE."""
    fact = _check(facts).corpus.fact_by_id[FACT]
    assert isinstance(fact, Estimate) and fact.quantity == QUANTITY
    assert fact.loc.path.endswith(FILE)


def test_what_a_figure_counts_changed_or_removed_is_a_correction(facts: Path) -> None:
    changed = _kinds(facts, "    measure: cumulative\n", "    measure: at-one-time\n")
    assert changed == ("corrected", ["measure"])


def test_a_status_removed_is_a_correction(facts: Path) -> None:
    assert _kinds(facts, "    status: sent\n", "") == ("corrected", ["status"])


def test_a_projection_s_hedge_or_condition_changed_or_removed_is_a_correction(
    facts: Path,
) -> None:
    """The article's hedge and the condition are part of what a projection claims."""
    hedge = _kinds(facts, "    likelihood: may\n", "    likelihood: will\n")
    assert hedge == ("corrected", ["likelihood"])


def test_a_projection_s_condition_removed_is_a_correction(facts: Path) -> None:
    condition = "    condition: if North Korea's alliance with Russia keeps deepening\n"
    assert _kinds(facts, condition, "") == ("corrected", ["condition"])


def test_a_figure_no_longer_part_of_its_whole_is_a_correction(facts: Path) -> None:
    edit = "    part_of: sk-nk-active-personnel\n"
    assert _kinds(facts, edit, "", file="north-korea-military.yaml") == ("corrected", ["whole"])
