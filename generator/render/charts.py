"""Geometry of the static range charts: one row per estimate, drawn at build time.

Each estimate becomes a mark on a shared linear axis from zero:
- `exact` and `about`: a point (hollow when approximate);
- `almost`: a hollow point just below the value (never a bar from zero);
- `up-to`: a bar from zero to the value, capped at the value;
- `at-least` and `more-than`: a bar from the value to the edge, with an arrow;
- `range`: a bar from low to high (and a point at the value, if given).
The template `chart.svg.j2` draws the marks; the table beside it is the text
alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.model import Estimate
from generator.views import number, value_label

WIDTH = 640
LEFT = 8  # the plot starts here; labels sit above each mark
RIGHT = WIDTH - 24
ROW = 44
TOP = 8
AXIS = 28
ALMOST = 3  # how far left of its value an "almost" figure is drawn


@dataclass(frozen=True)
class Mark:
    fact_id: str
    label: str  # "South Korea's NIS: about 1,500 (sent)"
    shape: str  # "point", "bar", "open" (bar running off the edge)
    x1: float
    x2: float
    y: float
    approximate: bool
    point: float | None  # a point drawn on a bar (a range's central value)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    marks: list[Mark]
    ticks: list[Tick]
    axis_y: float
    left: float
    right: float


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * power:
            return step * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def range_chart(estimates: list[Estimate], labels: dict[str, str]) -> Chart:
    """Lay out `estimates` (in display order); `labels[id]` names each row's claimant."""
    top = max(max(e.value or 0, e.high or 0, e.low or 0) for e in estimates)
    scale_max = nice_max(top * 1.05)

    def x(value: float) -> float:
        return round(LEFT + (RIGHT - LEFT) * value / scale_max, 1)

    marks = []
    for row, estimate in enumerate(estimates):
        y = TOP + ROW * row + 30
        text = f"{labels[estimate.id]}: {value_label(estimate)}"
        approximate = estimate.bound != "exact"
        if estimate.bound == "range":
            low, high = estimate.low or 0, estimate.high or 0
            point = x(estimate.value) if estimate.value is not None else None
            mark = Mark(estimate.id, text, "bar", x(low), x(high), y, approximate, point)
        elif estimate.bound == "up-to":
            mark = Mark(estimate.id, text, "bar", x(0), x(estimate.value or 0), y, True, None)
        elif estimate.bound == "almost":
            value = max(LEFT, x(estimate.value or 0) - ALMOST)
            mark = Mark(estimate.id, text, "point", value, value, y, True, None)
        elif estimate.bound in ("at-least", "more-than"):
            value = x(estimate.value or 0)
            mark = Mark(estimate.id, text, "open", value, RIGHT + 12, y, True, None)
        else:
            value = x(estimate.value or 0)
            mark = Mark(estimate.id, text, "point", value, value, y, approximate, None)
        marks.append(mark)
    axis_y = TOP + ROW * len(estimates) + 12
    ticks = [Tick(x(scale_max * i / 4), number(scale_max * i / 4)) for i in range(5)]
    return Chart(WIDTH, int(axis_y + AXIS), marks, ticks, axis_y, LEFT, RIGHT)


@dataclass(frozen=True)
class Step:
    x1: float
    x2: float
    y: float
    label: str  # "18 Oct 2024: South Korea's NIS, about 1,500"
    label_x: float
    label_y: float


@dataclass(frozen=True)
class StepChart:
    width: int
    height: int
    steps: list[Step]
    ticks: list[Tick]  # value ticks on the left
    left: float
    right: float
    bottom: float


STEP_LEFT = 64
STEP_ROW = 22


def step_chart(points: list[tuple[str, float, str, str]]) -> StepChart:
    """The headline as it stood after each article: (day, value, who, value in words).

    Each step runs from one publication day to the next, at the height of the
    headline figure then; the labels are listed under the plot in the same order.
    """
    top = nice_max(max(value for _, value, _, _ in points) * 1.05)
    plot_top, plot_bottom = 12.0, 132.0
    width = RIGHT - STEP_LEFT
    count = len(points)

    def y(value: float) -> float:
        return round(plot_bottom - (plot_bottom - plot_top) * value / top, 1)

    steps = []
    for i, (day, value, who, words) in enumerate(points):
        x1 = round(STEP_LEFT + width * i / count, 1)
        x2 = round(STEP_LEFT + width * (i + 1) / count, 1)
        label = f"{i + 1}. {day}: {who}, {words}"
        steps.append(Step(x1, x2, y(value), label, STEP_LEFT, plot_bottom + 26 + STEP_ROW * i))
    ticks = [Tick(y(top * i / 2), number(top * i / 2)) for i in range(3)]
    height = int(plot_bottom + 26 + STEP_ROW * count)
    return StepChart(WIDTH, height, steps, ticks, STEP_LEFT, RIGHT, plot_bottom)
