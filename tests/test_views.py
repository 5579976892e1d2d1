"""What the pages are told in words, and how the headline and divergence rules treat
what a figure measures (`measure`) and when a claim was made (`stated`).

The corpora here are written by hand into tmp_path: a few records each, so every
expectation can be read off the YAML above it.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.dates import parse_date
from generator.model import Estimate, Statement
from generator.pipeline import Checked, check_facts
from generator.views import Views
from generator.wording import (
    MIXED_MEASURES_WORDS,
    as_of_words,
    date_words,
    measure_words,
    stated_words,
    when_words,
)

TODAY = date(2031, 4, 1)


# ------------------------------------------------------------------ words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2024-10-22", "as of 22 October 2024"),
        ("2024-10", "as of October 2024"),
        ("2019", "as of 2019"),
        ("197X", "as of the 1970s"),
        ("late 2024", "as of late 2024"),
        ("2024-10~", "as of about October 2024"),
        ("2024-10?", "as of October 2024 (uncertain)"),
        ("../2024-10-22", "by 22 October 2024"),
        ("../2024-10", "by October 2024"),
        ("2024-10/..", "as of some time after October 2024"),
        ("2024-11-01/2024-11-17", "between 1 and 17 November 2024"),
        ("2024-10-28/2024-11-17", "between 28 October and 17 November 2024"),
        ("2024-10/2024-12", "between October and December 2024"),
        ("2023/2024-06", "between 2023 and June 2024"),
        ("2023-12-30/2024-01-02", "between 30 December 2023 and 2 January 2024"),
        ("late 197X/early 198X", "between the late 1970s and the early 1980s"),
        ("2024-10~/2024-12", "between about October 2024 and December 2024"),
    ],
)
def test_as_of_words_read_naturally(text: str, words: str) -> None:
    assert as_of_words(parse_date(text)) == words


def test_as_of_words_never_stack_two_prepositions() -> None:
    for text in ("../2024-10-22", "2024-10/..", "2024-11-01/2024-11-17", "late 197X/early 198X"):
        words = as_of_words(parse_date(text))
        assert not words.startswith(("as of by", "as of between", "as of after")), words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2024-10-18", "18 October 2024"),
        ("../2024-10-22", "by 22 October 2024"),
        ("2024-10/..", "since October 2024"),
        ("2023/..", "since 2023"),
        ("2024-11-11/2024-11-17", "between 11 and 17 November 2024"),
        ("late 197X/early 198X", "between the late 1970s and the early 1980s"),
    ],
)
def test_date_words_for_a_date_on_its_own(text: str, words: str) -> None:
    assert date_words(parse_date(text)) == words


def _estimate(**fields: Any) -> Estimate:
    base = {
        "id": "e",
        "kind": "estimate",
        "topics": "t",
        "text": "A figure.",
        "source": "s",
        "claimant": "c",
        "quantity": "q",
        "bound": "about",
        "value": 10,
        "as_of": "2024-10-18",
    }
    return Estimate.model_validate(base | fields)


def _statement(**fields: Any) -> Statement:
    base = {
        "id": "f",
        "kind": "statement",
        "topics": "t",
        "text": "A claim.",
        "source": "s",
        "claimant": "c",
    }
    return Statement.model_validate(base | fields)


def test_measure_words() -> None:
    assert measure_words(_estimate(measure="cumulative")) == "counted over time"
    assert measure_words(_estimate(measure="at-one-time")) == "at one time"
    assert measure_words(_estimate(measure="unstated")) == (
        "not said whether over time or at one time"
    )
    assert measure_words(_estimate()) == ""


def test_stated_words_only_when_the_claim_date_differs_from_the_facts_own() -> None:
    assert stated_words(_estimate()) == ""
    same = _estimate(as_of="../2024-10-22", stated="../2024-10-22")
    assert stated_words(same) == ""
    assert when_words(same) == "by 22 October 2024"
    earlier = _estimate(as_of="2024-10-01", stated="2024-10-18")
    assert stated_words(earlier) == "stated on 18 October 2024"
    assert when_words(earlier) == "as of 1 October 2024; stated on 18 October 2024"
    month = _statement(date="2024-06", stated="../2024-10-22")
    assert when_words(month) == "June 2024; stated by 22 October 2024"
    assert stated_words(_statement(stated="2024-11")) == "stated in November 2024"
    assert stated_words(_statement(stated="2024-11-01/2024-11-17")) == (
        "stated between 1 and 17 November 2024"
    )
    # A claim with no date of its own is placed at, and described by, when it was made.
    assert when_words(_statement(stated="2024-10-18")) == "stated on 18 October 2024"
    assert when_words(_statement()) == ""


def test_something_ongoing_reads_since_and_an_as_of_open_at_its_end_reads_after() -> None:
    ongoing = parse_date("2023-10/..")
    assert ongoing.is_ongoing and ongoing.precision == "ongoing"
    assert not parse_date("../2023-10-22").is_ongoing
    assert not parse_date("2023-10/2024-10-22").is_ongoing
    # A fact's own date open at its end is something still going on...
    assert when_words(_statement(date="2023-10/..")) == "since October 2023"
    assert when_words(_statement(date="2024-08/..", stated="2024-11-17")) == (
        "since August 2024; stated on 17 November 2024"
    )
    # ...while an as-of or stated date is one day, some time after its start.
    assert when_words(_estimate(as_of="2023-10/..")) == "as of some time after October 2023"
    assert stated_words(_statement(stated="2023-10/..")) == "stated after October 2023"


# ------------------------------------------------------------------ hand-made corpora


def _corpus(tmp_path: Path, facts: str, quantity_extra: str = "") -> Checked:
    """Two articles (10 and 20 March 2031), three claimants, one quantity, `facts`."""
    folder = tmp_path / "facts"
    folder.mkdir(parents=True)
    (folder / "base.yaml").write_text(
        textwrap.dedent(
            """\
            briefing:
              title: Troops abroad
              summary: Who counted what.
            sources:
              - id: early-2031-03-10
                publisher: Early Post
                title: First count
                published: 2031-03-10
              - id: late-2031-03-20
                publisher: Late Post
                title: Second count
                published: 2031-03-20
            claimants:
              - id: ministry
                name: The Ministry
                kind: ministry
              - id: monitor
                name: The Monitor
                kind: think-tank
              - id: envoy
                name: The Envoy
                kind: diplomat
            topics:
              - id: troops
                title: Troops
                order: 1
                summary: Counts.
            quantities:
              - id: troops-abroad
                label: Troops abroad
                unit: troops
                topic: troops
            """
        )
        + quantity_extra
    )
    (folder / "facts.yaml").write_text("facts:\n" + textwrap.indent(textwrap.dedent(facts), "  "))
    return check_facts(folder, today=TODAY)


# A total over time, then a presence at one time, of the same quantity and status,
# for overlapping as-of dates, nearly sevenfold apart.
MIXED = """\
- id: ministry-total
  kind: estimate
  topics: troops
  text: The ministry counted 20,000 sent over the winter.
  source: early-2031-03-10
  claimant: ministry
  quantity: troops-abroad
  bound: about
  value: 20000
  status: deployed
  as_of: 2031-03
  measure: cumulative
- id: monitor-present
  kind: estimate
  topics: troops
  text: The monitor saw 3,000 there at once.
  source: late-2031-03-20
  claimant: monitor
  quantity: troops-abroad
  bound: about
  value: 3000
  status: deployed
  as_of: 2031-03-05
  measure: at-one-time
"""


def _diverging(checked: Checked) -> list[str]:
    return [d.message for d in checked.diagnostics if d.code == "diverging-estimates"]


def test_divergence_rule_does_not_compare_a_total_with_a_presence(tmp_path: Path) -> None:
    checked = _corpus(tmp_path, MIXED)
    assert checked.ok, [str(d) for d in checked.diagnostics]
    assert _diverging(checked) == []


def test_divergence_rule_compares_when_one_measure_is_unstated_and_says_so(
    tmp_path: Path,
) -> None:
    checked = _corpus(tmp_path, MIXED.replace("measure: at-one-time", "measure: unstated"))
    messages = _diverging(checked)
    assert len(messages) == 1, messages  # once for the pair
    assert all("counted over time" in m and "not saying whether" in m for m in messages)
    # Two totals over time that far apart are flagged as before, with no measure words.
    same = _diverging(_corpus(tmp_path / "same", MIXED.replace("at-one-time", "cumulative")))
    assert len(same) == 1 and not any("counted over time" in m for m in same)


def test_headline_rule_flags_a_choice_among_mixed_measures(tmp_path: Path) -> None:
    checked = _corpus(tmp_path, MIXED)
    views = Views(checked.corpus)
    quantity = checked.corpus.quantity_by_id["troops-abroad"]
    # The rule is unchanged (latest as-of date first: 5 March over the month of March)...
    assert views.headline(quantity).id == "monitor-present"
    # ...and says that it chose between a total over time and a presence at one time.
    assert views.mixes_measures(quantity)
    assert "over time" in MIXED_MEASURES_WORDS and "one time" in MIXED_MEASURES_WORDS
    # Day by day: the first article alone had one measure; the second brought the mix.
    days = {d.day: d for d in views.known_days}
    (first,) = days[date(2031, 3, 10)].quantities
    (second,) = days[date(2031, 3, 20)].quantities
    assert (first.headline.id, first.mixes_measures) == ("ministry-total", False)
    assert (second.headline.id, second.mixes_measures) == ("monitor-present", True)
    assert second.replaced is not None and second.replaced.id == "ministry-total"


def test_one_measure_is_not_a_mix(tmp_path: Path) -> None:
    checked = _corpus(tmp_path, MIXED.replace("measure: at-one-time", "measure: unstated"))
    views = Views(checked.corpus)
    assert not views.mixes_measures(checked.corpus.quantity_by_id["troops-abroad"])


# Two planned figures as of the same month: the envoy's, from the earlier article; the
# monitor's, in the later article but stated on 12 March, between the two articles.
STATED = """\
- id: envoy-plan
  kind: estimate
  topics: troops
  text: The envoy said 5,000 were planned.
  source: early-2031-03-10
  claimant: envoy
  quantity: troops-abroad
  bound: about
  value: 5000
  status: planned
  as_of: 2031-02
- id: monitor-plan
  kind: estimate
  topics: troops
  text: The monitor said 8,000 were planned.
  source: late-2031-03-20
  claimant: monitor
  quantity: troops-abroad
  bound: about
  value: 8000
  status: planned
  as_of: 2031-02
  stated: 2031-03-12
- id: monitor-warning
  kind: statement
  topics: troops
  text: The monitor warned of more to come.
  source: late-2031-03-20
  claimant: monitor
  stated: ../2031-03-15
"""


def test_stated_dates_place_claims_on_the_day_they_were_made(tmp_path: Path) -> None:
    checked = _corpus(tmp_path, STATED)
    assert checked.ok, [str(d) for d in checked.diagnostics]
    views = Views(checked.corpus)
    facts = checked.corpus.fact_by_id
    assert views.known_on(facts["envoy-plan"]) == date(2031, 3, 10)  # its article's day
    assert views.known_on(facts["monitor-plan"]) == date(2031, 3, 12)  # stated, earlier
    assert views.known_on(facts["monitor-warning"]) == date(2031, 3, 15)  # "by", its last day
    quantity = checked.corpus.quantity_by_id["troops-abroad"]
    assert [(d, e.id) for d, e in views.headline_by_day(quantity)] == [
        (date(2031, 3, 10), "envoy-plan"),
        (date(2031, 3, 12), "monitor-plan"),  # same as-of and status: the later claim
    ]
    days = {d.day: d for d in views.known_days}
    assert sorted(days) == [date(2031, 3, d) for d in (10, 12, 15, 20)]
    assert days[date(2031, 3, 12)].new_sources == []
    assert [f.id for f in days[date(2031, 3, 12)].reported_later] == ["monitor-plan"]
    assert [f.id for f in days[date(2031, 3, 15)].facts] == ["monitor-warning"]
    assert days[date(2031, 3, 20)].facts_on_record == 3  # nothing new, article only
    assert [s.id for s in days[date(2031, 3, 20)].new_sources] == ["late-2031-03-20"]
    # Without `stated`, the later article's claim would rank by that article's day.
    plain = _corpus(tmp_path / "plain", STATED.replace("  stated: 2031-03-12\n", ""))
    plain_views = Views(plain.corpus)
    history = plain_views.headline_by_day(plain.corpus.quantity_by_id["troops-abroad"])
    assert [d for d, _ in history] == [date(2031, 3, 10), date(2031, 3, 20)]


def test_the_earlier_claim_loses_the_tie_even_from_a_later_article(tmp_path: Path) -> None:
    # The monitor's figure, reported on 20 March, was stated on 1 March: before the
    # envoy's (known from 10 March), so the envoy's is the later claim.
    checked = _corpus(tmp_path, STATED.replace("stated: 2031-03-12", "stated: 2031-03-01"))
    views = Views(checked.corpus)
    assert views.headline(checked.corpus.quantity_by_id["troops-abroad"]).id == "envoy-plan"
