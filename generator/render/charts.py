"""Geometry of the static range charts: one row per estimate, drawn at build time.

Each estimate becomes a mark on a shared linear axis from zero:
- `exact` and `about`: a point (hollow when approximate);
- `almost`: a hollow point just below the value (never a bar from zero);
- `up-to`: a bar from zero to the value, capped at the value;
- `at-least` and `more-than`: a bar from the value to the edge, with an arrow;
- `range`: a bar from low to high (and a point at the value, if given).
The template `chart.svg.j2` draws the marks; the table beside it is the text
alternative.

In a right-to-left language (`Language.dir == "rtl"`) a chart is mirrored: its
scale runs from zero at the right edge to larger figures at the left, the step
chart's days from right to left, and its texts start at the right edge (the chart's
`rtl` says so to the templates).

The charts fit any screen without scaling their text: positions along the axis
are percentages of the chart's width, heights are in pixels, and each label is
wrapped at build time into lines short enough for a phone (`LINE_CHARS`), set
above its mark. Text keeps its size from the stylesheet on every screen.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from generator.i18n import ENGLISH, N_, Language, format_number
from generator.model import Estimate
from generator.wording import value_label

ALMOST = 0.5  # how far left of its value an "almost" figure is drawn, in % of the width
LINE_CHARS = 38  # a label line at 13px fits a 390px-wide phone with room to spare
LINE = 16  # pixels from one label line to the next
ROW_GAP = 12  # between a mark and the next row's label
TOP = 16  # the first label line's baseline
TICK_GAP = 18  # from the axis to the tick labels' baseline


@dataclass(frozen=True)
class Line:
    y: float
    text: str
    note: bool = False  # a row's note under its label (the chart files' source line)


@dataclass(frozen=True)
class Mark:
    fact_id: str
    label: str  # "South Korea's NIS: about 1,500 (sent)"
    lines: list[Line]  # the label as drawn, wrapped
    shape: str  # "point", "bar", "open" (bar running off the edge)
    x1: float  # percent of the chart's width
    x2: float
    y: float
    approximate: bool
    point: float | None  # a point drawn on a bar (a range's central value)


@dataclass(frozen=True)
class Tick:
    at: float  # percent of the width (range chart) or pixels down (step chart)
    label: str


@dataclass(frozen=True)
class Chart:
    height: int
    marks: list[Mark]
    ticks: list[Tick]
    axis_y: float
    scale_note: str  # "Scale in millions", or "" when the ticks are plain numbers
    scale_note_y: float
    rtl: bool = False  # mirrored: zero at the right edge, texts from the right


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * power:
            return step * power
    return 10.0 * power  # pragma: no cover - the loop always returns


# A scale's top (1, 2, 2.5 or 5 times a power of ten) -> the step between its ticks.
_TICK_STEPS = {1.0: 0.25, 2.0: 0.5, 2.5: 0.5, 5.0: 1.0}
_LARGE = ((1e9, "billions"), (1e6, "millions"))
# A scale's note, when its ticks count millions or billions.
_SCALE_NOTES = {"billions": N_("Scale in billions"), "millions": N_("Scale in millions")}


def scale_note(unit: str, language: Language = ENGLISH) -> str:
    """ "Scale in millions" ("" for a scale of plain numbers)."""
    return language.gettext(_SCALE_NOTES[unit]) if unit else ""


def ticks_for(scale_max: float, language: Language = ENGLISH) -> tuple[list[float], list[str], str]:
    """Round tick values from zero to `scale_max`, their labels in one format, and the
    scale's unit when the labels are in millions or billions ("" otherwise).

    Every label has the same form: "0", "2,500", "5,000" ... or, in millions,
    "0", "0.5", "1", "1.5" with the note "millions".
    """
    power = 10.0 ** math.floor(math.log10(scale_max))
    leading = round(scale_max / power, 6)
    step = _TICK_STEPS.get(leading, 0.25 * leading) * power
    count = round(scale_max / step)
    values = [round(step * i, 9) for i in range(count + 1)]
    labels, unit = scale_labels(values, scale_max, language)
    return values, labels, unit


def scale_labels(
    values: list[float], scale_max: float, language: Language = ENGLISH
) -> tuple[list[str], str]:
    """Tick labels in one format for a scale up to `scale_max`, and its unit word."""
    divisor, unit = 1.0, ""
    for size, words in _LARGE:
        if scale_max >= size:
            divisor, unit = size, words
            break
    if language is not ENGLISH:
        return [format_number(round(v / divisor, 6), language) for v in values], unit
    return [_plain(v / divisor) for v in values], unit


def _plain(value: float) -> str:
    """2500 -> "2,500"; 0.25 -> "0.25"; 1.5 -> "1.5": digits only, never words."""
    value = round(value, 6)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def wrap(text: str, width: int = LINE_CHARS) -> list[str]:
    """A label in lines of at most `width` characters, broken between words."""
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def range_chart(
    estimates: list[Estimate],
    labels: dict[str, str],
    notes: dict[str, str] | None = None,
    line_chars: int = LINE_CHARS,
    language: Language = ENGLISH,
) -> Chart:
    """Lay out `estimates` (in display order); `labels[id]` names each row's claimant.

    `notes[id]`, when given, is set in lines under the row's label (the chart files
    put each figure's article there); `line_chars` is where lines wrap.
    """
    top = max(max(e.value or 0, e.high or 0, e.low or 0) for e in estimates)
    scale_max = nice_max(top * 1.05)
    rtl = language.dir == "rtl"

    def at(percent: float) -> float:
        """A position from zero's edge, in % of the width, as drawn (mirrored in rtl)."""
        return round(100 - percent, 2) if rtl else percent

    def x(value: float) -> float:
        return at(round(100 * value / scale_max, 2))

    marks = []
    y_top = float(TOP)
    for estimate in estimates:
        text = language.gettext("{who}: {figure}").format(
            who=labels[estimate.id], figure=value_label(estimate, language)
        )
        rows = [(line, False) for line in wrap(text, line_chars)]
        if notes and notes.get(estimate.id):
            rows += [(line, True) for line in wrap(notes[estimate.id], line_chars)]
        lines = [Line(y_top + LINE * i, line, note) for i, (line, note) in enumerate(rows)]
        y = lines[-1].y + 14
        approximate = estimate.bound != "exact"
        if estimate.bound == "range":
            low, high = estimate.low or 0, estimate.high or 0
            point = x(estimate.value) if estimate.value is not None else None
            mark = Mark(estimate.id, text, lines, "bar", x(low), x(high), y, approximate, point)
        elif estimate.bound == "up-to":
            value = x(estimate.value or 0)
            mark = Mark(estimate.id, text, lines, "bar", at(0), value, y, True, None)
        elif estimate.bound == "almost":
            value = at(max(0, round(100 * (estimate.value or 0) / scale_max, 2) - ALMOST))
            mark = Mark(estimate.id, text, lines, "point", value, value, y, True, None)
        elif estimate.bound in ("at-least", "more-than"):
            value = x(estimate.value or 0)
            mark = Mark(estimate.id, text, lines, "open", value, at(100), y, True, None)
        else:
            value = x(estimate.value or 0)
            mark = Mark(estimate.id, text, lines, "point", value, value, y, approximate, None)
        marks.append(mark)
        y_top = y + ROW_GAP + LINE
    axis_y = y_top - LINE + 4
    values, words, unit = ticks_for(scale_max, language)
    ticks = [Tick(x(v), w) for v, w in zip(values, words, strict=True)]
    note_y = axis_y + TICK_GAP + (LINE if unit else 0)
    note = scale_note(unit, language)
    return Chart(int(note_y + 8), marks, ticks, axis_y, note, note_y, rtl)


@dataclass(frozen=True)
class Step:
    x1: float  # percent of the width
    x2: float
    y: float
    label: str  # "18 Oct 2024: South Korea's NIS, about 1,500"
    lines: list[Line]  # the label as drawn, wrapped, under the plot


@dataclass(frozen=True)
class StepChart:
    height: int
    steps: list[Step]
    ticks: list[Tick]  # value ticks, each labelled above its grid line at the left
    bottom: float
    scale_note: str
    rtl: bool = False  # mirrored: the first day at the right edge, texts from the right


PLOT_TOP, PLOT_BOTTOM = 28.0, 148.0


def step_chart(
    points: list[tuple[str, float, str, str]], language: Language = ENGLISH
) -> StepChart:
    """The headline as it stood after each article: (day, value, who, value in words).

    Each step runs from one publication day to the next (from the left, or from the
    right in a right-to-left language), at the height of the headline figure then;
    the labels are listed under the plot in the same order.
    """
    rtl = language.dir == "rtl"
    top = nice_max(max(value for _, value, _, _ in points) * 1.05)
    count = len(points)

    def y(value: float) -> float:
        return round(PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / top, 1)

    steps = []
    line_y = PLOT_BOTTOM + 36
    for i, (day, value, who, words) in enumerate(points):
        x1 = round(100 * i / count, 2)
        x2 = round(100 * (i + 1) / count, 2)
        if rtl:
            x1, x2 = round(100 - x1, 2), round(100 - x2, 2)
        label = language.gettext("{number}. {day}: {who}, {figure}").format(
            number=i + 1, day=day, who=who, figure=words
        )
        lines = []
        for line in wrap(label):
            lines.append(Line(line_y, line))
            line_y += LINE
        line_y += 6
        steps.append(Step(x1, x2, y(value), label, lines))
    # Three ticks are enough for a step chart: zero, the middle and the top.
    values = [0.0, top / 2, top]
    tick_labels, unit = scale_labels(values, top, language)
    ticks = [Tick(y(v), w) for v, w in zip(values, tick_labels, strict=True)]
    note = scale_note(unit, language)
    return StepChart(int(line_y), steps, ticks, PLOT_BOTTOM, note, rtl)
