"""No silent false figures: each way a wrong figure once reached the pages, refused.

- `value: 1.500` (fifteen hundred, written the European way) read by YAML as 1.5;
- 1.5 troops: a quantity that counts things has whole figures;
- a figure that is not the one the fact's own text names ("240,000" and 140000);
- a skeleton's figure, bound and status published as if an article had given them.

Each case starts from the fixture corpus, breaks one thing, and asserts the code, the
file, the line and the column of what the checker says.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.figures import figures
from generator.model import json_schema
from generator.pipeline import Checked

TRAFFIC = "facts/traffic.yaml"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def _found(checked: Checked, code: str) -> list[tuple[str, int, int]]:
    return [(d.loc.path, d.loc.line, d.loc.col) for d in checked.diagnostics if d.code == code]


def _counts_false(corpus_dir: Path) -> None:
    """The fixture's one quantity says its figures are not counts."""
    quantities = corpus_dir / "quantities.yaml"
    quantities.write_text(quantities.read_text() + "    counts: false\n")


# --- 1. A dot before three digits: thousands in much of Europe, a decimal in YAML


@pytest.mark.parametrize(
    ("old", "new", "line", "col", "advice"),
    [
        ("value: 1200", "value: 1.500", 10, 12, ["write 1500", "or 1.5 if the decimal 1.5"]),
        ("value: 1200", "value: 240.000", 10, 12, ["write 240000", "or 240 if 240 was meant"]),
        ("value: 1200", "value: 1.234", 10, 12, ["write 1234", "1.2340 if the decimal"]),
        ("value: 1200", "value: 1.500.000", 10, 12, ["digits only", "1500000"]),
        ("low: 1100", "low: 1.100", 31, 10, ["write 1100", "or 1.1 if"]),
        ("high: 1400", "high: 1.400", 32, 11, ["write 1400", "or 1.4 if"]),
    ],
)
def test_a_dot_before_three_digits_is_refused_at_the_figure(
    old: str,
    new: str,
    line: int,
    col: int,
    advice: list[str],
    corpus_dir: Path,
    run_check: Callable[..., Checked],
) -> None:
    _replace(corpus_dir / "traffic.yaml", old, new)
    _counts_false(corpus_dir)  # the message, not the whole-number rule, is under test
    checked = run_check()
    assert _found(checked, "dot-thousands") == [(TRAFFIC, line, col)]
    (message,) = [d.message for d in checked.diagnostics if d.code == "dot-thousands"]
    for words in advice:
        assert words in message, message


@pytest.mark.parametrize("value", ["1.5", "1.25", "0.125", "1.2340", "1500"])
def test_other_decimals_and_plain_figures_are_read_as_written(
    value: str, corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _replace(corpus_dir / "traffic.yaml", "value: 1200", f"value: {value}")
    _counts_false(corpus_dir)
    checked = run_check()
    assert _found(checked, "dot-thousands") == []
    assert checked.corpus.fact_by_id["authority-ships-february"].value == float(value)


def test_a_quoted_figure_with_a_dot_is_still_not_a_plain_number(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _replace(corpus_dir / "traffic.yaml", "value: 1200", 'value: "1.500"')
    assert _found(run_check(), "number-format") == [(TRAFFIC, 10, 12)]


# --- 2. A quantity that counts things has whole figures


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("value: 1200", "value: 1200.5", 10),
        ("low: 1100", "low: 1100.5", 31),
        ("high: 1400", "high: 1399.9", 32),
    ],
)
def test_a_fractional_figure_of_a_count_is_an_error_at_that_figure(
    old: str, new: str, line: int, corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _replace(corpus_dir / "traffic.yaml", old, new)
    checked = run_check()
    assert _found(checked, "fractional-count") == [(TRAFFIC, line, 5)]
    (message,) = [d.message for d in checked.diagnostics if d.code == "fractional-count"]
    assert "counts: false" in message and "facts/quantities.yaml:2:5" in message


def test_a_quantity_that_is_not_a_count_may_have_decimals(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    traffic = corpus_dir / "traffic.yaml"
    _replace(traffic, "value: 1200", "value: 1200.5")
    _replace(traffic, "about 1,200 ships", "about 1,200.5 ships")
    _counts_false(corpus_dir)
    checked = run_check(strict=True)
    assert checked.ok, checked.diagnostics
    assert checked.corpus.quantity_by_id["ships-calling"].counts is False


def test_counts_is_true_unless_said_and_takes_true_or_false_only(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    assert run_check().corpus.quantity_by_id["ships-calling"].counts is True
    quantities = corpus_dir / "quantities.yaml"
    quantities.write_text(quantities.read_text() + "    counts: no\n")
    assert _found(run_check(), "implicit-type") == [("facts/quantities.yaml", 6, 13)]


def test_the_schema_describes_counts() -> None:
    counts = json_schema()["$defs"]["Quantity"]["properties"]["counts"]
    assert counts["type"] == "boolean" and counts["default"] is True
    assert "whole number" in counts["description"] and "money" in counts["description"]
    committed = (Path(__file__).parent.parent / "facts" / "schema.json").read_text()
    assert counts["description"] in committed, "run `make schema`"


# --- 3. The figures a text names, and the estimate's own


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Organisers said 240,000 marched", [240000]),
        ("police put it at 1.5 million", [1_500_000]),
        ("the outlet said two million", [2_000_000]),
        ("a 1 million-plus crowd", [1_000_000]),
        ("more than 70 buses", [70]),
        ("some 12,000 and 100,000 and 1,500", [12000, 100000, 1500]),
        ("a dozen tanks", [12]),
        ("twenty-five trucks and forty two cars", [25, 42]),
        ("three hundred and fifty thousand people", [350_000]),
        ("half a million, a million, a thousand", [500_000, 1_000_000, 1000]),
        ("eleven, nineteen, twenty, ninety", [11, 19, 20, 90]),
        ("$2.5bn and 10k and $40m", [2.5e9, 10_000, 40_000_000]),
        ("12 thousand and 3 billion", [12_000, 3e9]),
        ("200\u202f000 people", [200_000]),
    ],
)
def test_a_text_names_figures_the_ways_reporting_writes_them(
    text: str, values: list[float]
) -> None:
    assert [f.value for f in figures(text) if f.given] == values


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 and 1953 it grew",  # years
        "On 18 October, and on Oct. 3, and October 21",  # days of a month
        "The 3rd brigade came first, the 21st second",  # ordinals
        "In the 1970s and the 80s",  # decades
        "KN-23 missiles and the G20 and Su-57 jets",  # names with a number
        "It rose 12% and 5 per cent and 3 percent",  # percentages, not a rate
        "within three months and 10 days",  # spans of time
        "one of them said so",  # a lone one
        "thousands of troops, dozens of tanks, a few hundred ships, several",  # vague
    ],
)
def test_numbers_that_are_not_figures_of_the_quantity_are_not_given(text: str) -> None:
    assert [f.words for f in figures(text) if f.given] == []


def test_a_percentage_is_a_figure_of_a_rate() -> None:
    assert [f.value for f in figures("turnout was 12% or 12.5 per cent", rate=True)] == [12, 12.5]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The authority counted 1.5 million ships.", "1500000"),
        ("The authority counted two million ships.", "2000000"),
        ("The authority counted 1 million-plus ships.", "1000000"),
        ("The authority counted more than 70 ships.", "70"),
        ("The authority counted a dozen ships.", "12"),
        ("The authority counted twenty ships in two rounds.", "20"),
        ("The authority counted between 10 and 15 thousand ships.", "10000"),
        ("The authority counted ten to fifteen thousand ships.", "10000"),
        ("The authority counted more than 10 000 ships.", "10000"),
        ("The authority counted 1,200.", "1200"),
        ("The authority counted some 1,200 ships by 18 October 2030.", "1200"),
        ("The authority counted ships, fewer than last year.", "1200"),  # names no figure
        ("In 2030, on 18 October, the 3rd count rose 12% in three months.", "1200"),
    ],
)
def test_a_figure_the_text_names_passes(
    text: str, value: str, corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    traffic = corpus_dir / "traffic.yaml"
    _replace(
        traffic,
        "The port authority counted about 1,200 ships in February, its highest count.",
        text,
    )
    _replace(traffic, "value: 1200", f"value: {value}")
    assert _found(run_check(), "figure-not-in-text") == []


@pytest.mark.parametrize(
    ("file_text", "figure", "line"),
    [
        ("counted about 1,200 ships", "value: 1400", 10),  # the figure mistyped
        ("counted about 1,200 ships", "value: 120", 10),  # a zero dropped
        ("counted about 1,200 ships", "value: 1.2", 10),  # the European way, misread
        ("counted about 1,200 ships", "value: 1200000", 10),  # 1,200 as 1.2 million
    ],
)
def test_a_figure_the_text_does_not_name_is_a_warning_at_the_figure(
    file_text: str,
    figure: str,
    line: int,
    corpus_dir: Path,
    run_check: Callable[..., Checked],
) -> None:
    _replace(corpus_dir / "traffic.yaml", "value: 1200", figure)
    _counts_false(corpus_dir)
    checked = run_check()
    assert _found(checked, "figure-not-in-text") == [(TRAFFIC, line, 5)]
    warning = next(d for d in checked.diagnostics if d.code == "figure-not-in-text")
    assert warning.severity == "warning"
    assert '"1,200"' in warning.message
    assert not run_check(strict=True).ok


def test_the_march_three_counts_each_fact_its_own(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    """The text says 240,000 and the value says 140000: warned at the value. A text
    that gives the other side's count too is fine, as long as it names its own."""
    traffic = corpus_dir / "traffic.yaml"
    _replace(
        traffic,
        "The port authority counted about 1,200 ships in February, its highest count.",
        "Police counted 240,000 marchers; organisers said 1 million-plus.",
    )
    _replace(traffic, "value: 1200", "value: 140000")
    assert _found(run_check(), "figure-not-in-text") == [(TRAFFIC, 10, 5)]
    _replace(traffic, "value: 140000", "value: 240000")
    assert _found(run_check(), "figure-not-in-text") == []


def test_each_end_of_a_range_is_in_the_text(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    _replace(corpus_dir / "traffic.yaml", "high: 1400", "high: 1500")
    assert _found(run_check(), "figure-not-in-text") == [(TRAFFIC, 32, 5)]


def test_a_rate_is_compared_with_the_percentages_its_text_names(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    traffic = corpus_dir / "traffic.yaml"
    _replace(
        traffic,
        "The port authority counted about 1,200 ships in February, its highest count.",
        "The port authority said 12.5% of berths were taken in February.",
    )
    _replace(corpus_dir / "quantities.yaml", "unit: ships", "unit: percent")
    _counts_false(corpus_dir)
    _replace(traffic, "value: 1200", "value: 12.5")
    assert _found(run_check(), "figure-not-in-text") == []
    _replace(traffic, "value: 12.5", "value: 15")
    assert _found(run_check(), "figure-not-in-text") == [(TRAFFIC, 10, 5)]


def test_a_unit_that_carries_the_scale_matches_the_text(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    traffic = corpus_dir / "traffic.yaml"
    _replace(
        traffic,
        "The port authority counted about 1,200 ships in February, its highest count.",
        "The port authority earned about $1.5 billion in February.",
    )
    _replace(corpus_dir / "quantities.yaml", "unit: ships", "unit: billion dollars")
    _counts_false(corpus_dir)
    _replace(traffic, "value: 1200", "value: 1.5")
    assert _found(run_check(), "figure-not-in-text") == []


# --- 4. Placeholders: a bare TODO is refused as such, whatever the field


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "col", "hint"),
    [
        ("traffic.yaml", "value: 1200", "value: TODO", 10, 12, "the figure the article gives"),
        ("traffic.yaml", "low: 1100", "low: TODO", 31, 10, "the lowest figure"),
        ("traffic.yaml", "high: 1400", "high: TODO", 32, 11, "the highest figure"),
        ("traffic.yaml", "bound: about", "bound: TODO", 9, 12, "how the article qualifies"),
        ("traffic.yaml", "value: 1200", "value: 1200\n    status: TODO", 11, 13, "status"),
        ("traffic.yaml", "value: 1200", "value: 1200\n    measure: TODO", 11, 14, "real value"),
        ("traffic.yaml", "as_of: 2031-02", "as_of: TODO", 11, 12, "the day the figure"),
        ("traffic.yaml", "claimant: port-authority", "claimant: TODO", 7, 15, "claimant"),
        (
            "traffic.yaml",
            "topics: traffic\n    text: The port",
            "topics: [TODO]\n    text: The port",
            4,
            14,
            "topic",
        ),
        ("claimants.yaml", "kind: government", "kind: TODO", 4, 11, "kind of claimant"),
        ("history.yaml", "kind: event", "kind: TODO", 3, 11, "event, estimate or statement"),
        ("sources.yaml", "published: 2031-03-14", "published: TODO", 7, 16, "article's date"),
        ("topics.yaml", "order: 1", "order: TODO", 4, 12, "real value"),
        ("traffic.yaml", "value: 1200", "value: TODO the figure", 10, 12, "figure"),
    ],
)
def test_a_bare_todo_is_a_placeholder_in_any_field(
    file: str,
    old: str,
    new: str,
    line: int,
    col: int,
    hint: str,
    corpus_dir: Path,
    run_check: Callable[..., Checked],
) -> None:
    _replace(corpus_dir / file, old, new)
    checked = run_check()
    found = [d for d in checked.diagnostics if (d.loc.line, d.loc.col) == (line, col)]
    assert [(d.loc.path, d.code) for d in found] == [(f"facts/{file}", "placeholder")], (
        checked.diagnostics
    )
    message = found[0].message
    assert "placeholder TODO" in message and hint in message, message
    for generic in ("input should", "not a plain number", "not an id", "expected `"):
        assert generic not in message.lower(), message


def test_every_placeholder_of_a_refused_record_is_listed_at_once(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    traffic = corpus_dir / "traffic.yaml"
    _replace(traffic, "value: 1200", "value: TODO")
    _replace(traffic, "The port authority counted", "TODO The port authority counted")
    assert _found(run_check(), "placeholder") == [(TRAFFIC, 5, 5), (TRAFFIC, 10, 12)]
