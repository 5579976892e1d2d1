"""Forms reporting takes that the model keeps as written: "almost a million", and an
article whose copy gives only the month it appeared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.model import Estimate
from generator.pipeline import Checked
from generator.render import render_site
from generator.render.charts import range_chart
from generator.wording import value_label


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _estimate(**fields: object) -> Estimate:
    base: dict[str, object] = {
        "id": "x",
        "kind": "estimate",
        "topics": ["t"],
        "text": "A figure.",
        "source": "s",
        "claimant": ["c"],
        "quantity": "q",
        "as_of": "2031-02",
    }
    return Estimate.model_validate({**base, **fields})


def test_almost_is_said_in_words_and_drawn_just_below_the_value_not_from_zero() -> None:
    almost = _estimate(id="almost", bound="almost", value=1_000_000)
    up_to = _estimate(id="up-to", bound="up-to", value=1_000_000)
    assert value_label(almost) == "almost 1 million"
    chart = range_chart([almost, up_to], {"almost": "A", "up-to": "B"})
    drawn, bar = chart.marks
    assert bar.shape == "bar" and bar.x1 == 0  # "up to" runs from zero
    assert drawn.shape == "point" and drawn.approximate
    # Just below the value: within one per cent of the chart's width.
    assert drawn.x1 == drawn.x2 and 0 < bar.x2 - drawn.x1 <= 1


def test_an_article_dated_to_its_month_is_accepted_and_shown_as_a_month(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    sources = corpus_dir / "sources.yaml"
    _replace(sources, "published: 2031-03-14", "published: 2031-03")
    checked = run_check()
    assert checked.ok, checked.diagnostics  # facts dated to 11 March stay within it
    assert checked.corpus is not None
    files = render_site(checked.corpus)
    page = str(files["sources/gazette-2031-03-14.md"])
    assert '<time datetime="2031-03">March 2031</time>' in page


def test_a_publication_date_must_be_a_day_or_a_month(
    corpus_dir: Path, run_check: Callable[..., Checked]
) -> None:
    for written in ("2031", "2031-03~", "early 2031-03", "2031-03/2031-04"):
        _replace(corpus_dir / "sources.yaml", "published: 2031-03-14", f'published: "{written}"')
        found = [d for d in run_check().diagnostics if d.code == "bad-date"]
        assert [(d.loc.path, d.loc.line) for d in found] == [("facts/sources.yaml", 7)], written
        _replace(corpus_dir / "sources.yaml", f'published: "{written}"', "published: 2031-03-14")
