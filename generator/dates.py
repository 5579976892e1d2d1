"""Dates as precise as the reporting, and no more.

An article says "on Oct. 18", "in June 2024", "in 2019" or "in the late 1970s and
early 1980s". Editors write each in one syntax, a subset of the Extended Date/Time
Format (EDTF, ISO 8601-2) with one addition for parts of a year or decade:

    2024-10-18            a day                 "18 October 2024"
    2024-10               a month               "October 2024"
    2024                  a year                "2024"
    197X                  a decade              "the 1970s"
    late 197X             part of a decade      "late 1970s"   (early 0-3, mid 4-6, late 7-9)
    early 2024            part of a year        "early 2024"   (early Jan-Apr, mid May-Aug,
                                                                late Sep-Dec)
    2024-10~              approximate           "about October 2024"
    2024-10?              uncertain             "October 2024 (uncertain)"
    late 197X/early 198X  a span                "late 1970s to early 1980s"
    ../2024-10            by (no later than)    "by October 2024"
    2024-10/..            since (ongoing)       "since October 2024"

A span open at its end (`2024-10/..`) is something that began then and goes on: the
articles' "for more than a year", "since August", "so far". A single day known only to
fall after a date is written as a span to the article's day instead (`2024-10/2024-11-17`):
what an article reports has happened by its date. As-of and stated dates are single days,
so there an open end reads "some time after October 2024" (wording.py).

Every date parses to the earliest and latest day it can mean, so that checks and
sorting never pretend to more precision than the editor gave.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from generator.diagnostics import excerpt

Precision = Literal["day", "month", "year", "decade"]

_POINT = re.compile(
    r"""^(?:(?P<part>early|mid|late)\ )?
        (?:(?P<decade>[0-9]{3})X
          |(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?)
        (?P<qualifier>[~?])?$""",
    re.VERBOSE,  # [0-9], not \d: \d and int() also take other scripts' digits, such as ٢٠٢٤
)
_MONTHS = [calendar.month_name[m] for m in range(13)]
# What early/mid/late stand for: years of a decade, months of a year.
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


class DateSyntaxError(ValueError):
    """The text is not in the date syntax; the message says what is expected."""


@dataclass(frozen=True)
class Point:
    """One date at its precision: a day, a month, a year or a decade, or part of one."""

    earliest: date
    latest: date
    precision: Precision
    part: str | None = None
    qualifier: str | None = None

    def label(self) -> str:
        e = self.earliest
        if self.part:  # "late 1970s", "early 2024"
            whole = f"{e.year // 10 * 10}s" if self.precision == "decade" else str(e.year)
            text = f"{self.part} {whole}"
        elif self.precision == "day":
            text = f"{e.day} {_MONTHS[e.month]} {e.year}"
        elif self.precision == "month":
            text = f"{_MONTHS[e.month]} {e.year}"
        elif self.precision == "year":
            text = str(e.year)
        else:
            text = f"the {e.year}s"
        if self.qualifier == "~":
            return f"about {text}"
        if self.qualifier == "?":
            return f"{text} (uncertain)"
        return text

    def iso(self) -> str:
        """The most precise form HTML's `<time datetime>` accepts for this date."""
        e = self.earliest
        if self.part or self.precision in ("year", "decade"):
            return f"{e.year:04d}"
        if self.precision == "month":
            return f"{e.year:04d}-{e.month:02d}"
        return e.isoformat()


@dataclass(frozen=True)
class FuzzyDate:
    """A date as written (`text`), with the range of days it can mean."""

    text: str
    start: Point | None  # None: open start ("before ...")
    end: Point | None  # None: open end, ongoing ("since ..."); equal to start for a single date

    @property
    def earliest(self) -> date:
        return self.start.earliest if self.start else date.min

    @property
    def latest(self) -> date:
        return self.end.latest if self.end else date.max

    @property
    def is_span(self) -> bool:
        return self.start != self.end

    @property
    def is_ongoing(self) -> bool:
        """True for a span open at its end (`2023-10/..`): it began then and goes on."""
        return self.start is not None and self.end is None

    @property
    def is_approximate(self) -> bool:
        return any(p is not None and p.qualifier for p in (self.start, self.end))

    @property
    def precision(self) -> str:
        """`day`, `month`, `year` or `decade` for a single date; `ongoing` for a span open
        at its end; `span` otherwise."""
        if self.is_ongoing:
            return "ongoing"
        if self.is_span or self.start is None:
            return "span"
        return "part" if self.start.part else self.start.precision

    def sort_key(self) -> tuple[date, date]:
        """Chronological order; "by 22 October 2024" sorts at that day, not at year 1."""
        first = self.start.earliest if self.start else self.latest
        return (first, self.latest)

    def label(self) -> str:
        if self.start is None and self.end is not None:
            return f"by {self.end.label()}"
        if self.end is None and self.start is not None:
            return f"since {self.start.label()}"
        assert self.start is not None and self.end is not None
        if not self.is_span:
            return self.start.label()
        return f"{self.start.label()} to {self.end.label()}"

    def iso(self) -> str:
        """A valid `<time datetime>` value: the start (or the end of an open start)."""
        point = self.start or self.end
        assert point is not None
        return point.iso()

    def __str__(self) -> str:
        return self.text


@functools.lru_cache(maxsize=8192)  # dates repeat (days of reporting, as-of dates)
def parse_date(text: str) -> FuzzyDate:
    """Parse one date in the syntax above, or raise `DateSyntaxError`."""
    text = text.strip()
    if _NUMERIC.fullmatch(text):
        raise DateSyntaxError(_numeric_hint(text))
    slashed = _YEAR_FIRST.fullmatch(text)
    if slashed:
        written = f"{slashed['year']}-{int(slashed['month']):02d}-{int(slashed['day']):02d}"
        try:
            _point(written)
        except DateSyntaxError as exc:  # not a day of the calendar: as written
            raise DateSyntaxError(str(exc).replace(written, excerpt(text))) from None
        raise DateSyntaxError(
            f"`{excerpt(text)}` joins year, month and day with {slashed['sep']}; write "
            f"`{written}` (dates are written YYYY-MM-DD; / joins the two ends of a span)"
        )
    if "/" in text:
        first, _, second = text.partition("/")
        start = None if first == ".." else _point(first)
        end = None if second == ".." else _point(second)
        if start is None and end is None:
            raise DateSyntaxError("`../..` says nothing; give at least one side of the span")
        if start and end and start.earliest > end.latest:
            raise DateSyntaxError(f"the span `{excerpt(text)}` ends before it starts")
        return FuzzyDate(text, start, end)
    point = _point(text)
    return FuzzyDate(text, point, point)


# A day written year first but not with hyphens, as 2024/11/17 or 2024.11.17.
_YEAR_FIRST = re.compile(
    r"(?P<year>[0-9]{4})(?P<sep>[/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"
)
# A day written with the year last, as 17/11/2024, 17.11.2024 or 11-17-2024.
_NUMERIC = re.compile(r"(?P<a>[0-9]{1,2})(?P<sep>[/.-])(?P<b>[0-9]{1,2})(?P=sep)(?P<year>[0-9]{4})")


def _numeric_hint(text: str) -> str:
    """Why `17/11/2024` is refused, and the date it most likely means, in YYYY-MM-DD."""
    match = _NUMERIC.fullmatch(text)
    assert match is not None
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    shown = excerpt(text)

    def written(month: int, day: int) -> str | None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None

    day_first, month_first = written(b, a), written(a, b)
    if day_first and month_first and a != b:
        return (
            f"`{shown}` puts the year last, and the order of day and month is ambiguous: "
            f"write `{day_first}` if it is day/month/year ({_MONTHS[b]}), or `{month_first}` "
            f"if it is month/day/year ({_MONTHS[a]}); dates are written YYYY-MM-DD"
        )
    if day_first or month_first:
        order = "day/month/year" if day_first else "month/day/year"
        return (
            f"`{shown}` looks like {order}; write it as `{day_first or month_first}` "
            "(dates are written YYYY-MM-DD)"
        )
    return f"`{shown}` is not a day of the calendar; dates are written YYYY-MM-DD"


def parse_day(text: str) -> date:
    """A date that must be a whole day, such as an article's publication date."""
    parsed = parse_date(text)
    if parsed.precision != "day" or parsed.is_approximate:
        raise DateSyntaxError(f"`{excerpt(text)}` must be a single day written YYYY-MM-DD")
    return parsed.earliest


def _point(text: str) -> Point:
    match = _POINT.fullmatch(text)  # `$` alone would allow a line break at the end
    if not match:
        raise DateSyntaxError(
            f"`{excerpt(text)}` is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or a decade such as "
            "197X, optionally with early/mid/late before it, ~ (about) or ? (uncertain) "
            "after it, or two of them joined by / for a span"
        )
    part, qualifier = match["part"], match["qualifier"]
    if match["decade"]:
        first = int(match["decade"]) * 10
        earliest, latest, precision = date(first, 1, 1), date(first + 9, 12, 31), "decade"
    else:
        year = int(match["year"])
        if year < 1:
            raise DateSyntaxError("year 0 does not exist; write 0001 or later")
        if match["month"]:
            month = int(match["month"])
            if not 1 <= month <= 12:
                raise DateSyntaxError(f"`{excerpt(text)}` has month {month}; months run 01 to 12")
            if part:
                raise DateSyntaxError("early, mid and late go before a year or a decade only")
            if match["day"]:
                try:
                    day = date(year, month, int(match["day"]))
                except ValueError:
                    raise DateSyntaxError(
                        f"`{excerpt(text)}` is not a day of the calendar"
                    ) from None
                return Point(day, day, "day", None, qualifier)
            last = calendar.monthrange(year, month)[1]
            return Point(date(year, month, 1), date(year, month, last), "month", None, qualifier)
        earliest, latest, precision = date(year, 1, 1), date(year, 12, 31), "year"
    if part and precision == "decade":
        first_year, last_year = _DECADE_PARTS[part]
        earliest = date(earliest.year + first_year, 1, 1)
        latest = date(earliest.year - first_year + last_year, 12, 31)
    elif part:
        first_month, last_month = _YEAR_PARTS[part]
        last_day = calendar.monthrange(earliest.year, last_month)[1]
        earliest = date(earliest.year, first_month, 1)
        latest = date(earliest.year, last_month, last_day)
    return Point(earliest, latest, precision, part, qualifier)  # type: ignore[arg-type]
