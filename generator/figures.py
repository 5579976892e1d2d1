"""The figures a claim's text names, read the ways reporting writes numbers.

"240,000", "1.5 million", "two million", "1 million-plus", "more than 70", "a dozen",
"twenty-five", "$2.5bn": each is a figure. What is not a figure of the quantity is left
out: ordinals ("the 3rd brigade", "first"), decades ("the 1970s"), names with a number
("KN-23", "G20"), and percentages unless the quantity is a rate. Some numbers are read
only to be matched, never as the figure a text gives: years ("in 2024"), days of a month
("18 October"), spans of time ("three months") and a lone "one" ("one of them"), which
are far more often something else than the figure.

Vague words are not figures: "thousands of", "dozens", "a few hundred", "several".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Written right after the digits: $2.5bn, 10k, $40m.
SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
TIME_WORDS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
    ]
)
PERCENT_WORDS = ("percent", "per cent", "percentage point", "percentage points")

_DIGITS = re.compile(
    r"""
    (?<![\w.,])(?<![A-Za-z]-)                   # not part of a word or a name (KN-23, G20)
    (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    (?:
        (?P<ordinal>st|nd|rd|th)\b
      | (?P<decade>s)\b
      | (?P<short>k|m|mn|bn|tn)\b
      | [ -](?P<scale>thousand|million|billion|trillion)\b
    )?
    (?![\w])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Figure:
    """A number a text names: its value and the words it was written in.

    `given` is false for numbers that are more often something else than a figure
    (a year, a day of a month, a span of time, a lone "one"): they may match a figure,
    but a text that names only such numbers names no figure.
    """

    value: float
    words: str
    given: bool = True
    scale: str | None = None  # thousand, million...: the word that multiplied it


def figures(text: str, rate: bool = False) -> list[Figure]:
    """Every figure `text` names, in order; percentages only when `rate` is true."""
    text = _plain(text)
    found = [(m.start(), m.end(), f) for m, f in _digit_figures(text, rate)]
    found += _word_figures(text)
    found.sort(key=lambda spot: spot[0])
    named = [f for _, _, f in found]
    # "10 to 15 million", "ten or twelve thousand": the scale of the second is the first's.
    for (_, end, first), (start, _, second) in pairwise(found):
        if first.scale is None and second.scale and _JOINED.fullmatch(text[end:start]):
            scaled = first.value * SCALES[second.scale]
            named.append(Figure(scaled, f"{first.words} {second.scale}", first.given))
    # 10 000 with a plain space between thousands: read as a whole too, never as given
    # (it may as well be two numbers), so that it matches the figure it spells.
    for match in _SPACED.finditer(text):
        named.append(Figure(float(match.group().replace(" ", "")), match.group(), False))
    return named


_JOINED = re.compile(r"\s*(?:to|and|or|-|\u2013)\s*")
_SPACED = re.compile(r"(?<![\w.,])[1-9]\d{0,2}(?: \d{3})+(?![\w.,]\d|\w)")


def _plain(text: str) -> str:
    # 200 000 with a no-break or thin space between thousands, before NFKC makes it a
    # plain space (which is not read as a separator: "in 2024 500 troops").
    text = re.sub(r"(?<=\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))", ",", text)
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    return text.replace("\u2019", "'")


def _digit_figures(text: str, rate: bool) -> Iterable[tuple[re.Match[str], Figure]]:
    lower = text.lower()
    for match in _DIGITS.finditer(text):
        if match["ordinal"] or match["decade"]:
            continue
        digits = match["number"].replace(",", "")
        value = float(digits)
        after = lower[match.end() : match.end() + 24].lstrip()  # per cent, a month, days
        percent = after.startswith("%") or after.startswith(PERCENT_WORDS)
        if percent and not rate:
            continue
        scale_word = match["scale"] or match["short"]
        if scale_word:
            scale = SCALES.get(scale_word) or SHORT_SCALES[scale_word]
            name = match["scale"] or _SHORT_NAMES[scale_word]
            yield match, Figure(value * scale, match.group(), True, name)
            continue
        before = lower[max(0, match.start() - 16) : match.start()].rstrip()  # a month's name
        given = not (
            (digits.startswith("0") and len(digits) > 1 and "." not in digits)  # 000, 007
            or (len(digits) == 4 and "," not in match["number"] and 1000 <= value < 2200)  # a year
            or (value <= 31 and "." not in digits and _beside_month(before, after))
            or _followed_by_time(after)
        )
        yield match, Figure(value, match.group(), given)
        if re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", match["number"]):
            # 1.500 in a text written the European way: fifteen hundred, or one and a half.
            yield match, Figure(float(digits.replace(".", "")), match.group(), given)


_SHORT_NAMES = {
    "k": "thousand",
    "m": "million",
    "mn": "million",
    "bn": "billion",
    "tn": "trillion",
}


_LAST_WORD = re.compile(r"[a-z]+\.?$")
_TOKEN = re.compile(r"[a-z]+|\d[\d,.]*|\S")
_STARTS = frozenset({"a", "half", *UNITS, *TENS})  # the words a number in words starts with


def _beside_month(before: str, after: str) -> bool:
    """A day of a month: "18 October", "October 18", "Oct. 18"."""
    previous = _LAST_WORD.findall(before)
    following = re.match(r"[a-z]+", after)
    return bool(
        (previous and previous[0].rstrip(".") in MONTHS)
        or (following and following.group() in MONTHS)
    )


def _followed_by_time(after: str) -> bool:
    following = re.match(r"[a-z]+", after)
    return bool(following and following.group() in TIME_WORDS)


def _word_figures(text: str) -> list[tuple[int, int, Figure]]:
    """Numbers written in words: "two million", "twenty-five", "a dozen", "half a million"."""
    lower = text.lower()
    if not any(word in _STARTS for word in re.findall(r"[a-z]+", lower)):
        return []
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(lower)]
    found: list[tuple[int, int, Figure]] = []
    i = 0
    while i < len(tokens):
        start, word = tokens[i]
        parsed = _number_words(tokens, i) if word in _STARTS else None
        if parsed is None:
            i += 1
            continue
        value, end, scale = parsed
        stop = tokens[end - 1][0] + len(tokens[end - 1][1])
        words = text[start:stop]
        after = " ".join(t for _, t in tokens[end : end + 2])
        lone_one = value == 1 and end == i + 1
        given = not (lone_one or _followed_by_time(after) or _beside_month("", after))
        if not re.match(r"\d", word):  # digits with a scale word are read by _digit_figures
            found.append((start, stop, Figure(value, words, given, scale)))
        i = end
    return found


def _number_words(tokens: list[tuple[int, str]], i: int) -> tuple[float, int, str | None] | None:
    """The number written in words from token `i`: its value, the token after it and
    its largest scale word; None when no number starts there."""
    word = tokens[i][1]
    nxt = tokens[i + 1][1] if i + 1 < len(tokens) else ""
    after = tokens[i + 2][1] if i + 2 < len(tokens) else ""
    if word == "a" and nxt == "dozen":
        return 12.0, i + 2, None
    if word == "half" and nxt == "a" and after in SCALES:
        return SCALES[after] / 2, i + 3, after
    total = current = 0.0
    scale: str | None = None
    last = ""  # what the previous word was: unit, tens, hundred, dozen, scale, and
    j = i
    if word == "a" and (nxt == "hundred" or nxt in SCALES):  # "a million" is one million
        current, last, j = 1.0, "unit", i + 1
    elif word not in UNITS and word not in TENS:
        return None
    while j < len(tokens):
        word = tokens[j][1]
        following = tokens[j + 1][1] if j + 1 < len(tokens) else ""
        if word in UNITS and last in ("", "tens", "hundred", "and", "scale"):
            if last == "tens" and UNITS[word] >= 10:
                break  # "twenty twelve" is two numbers, or a year
            current += UNITS[word]
            last = "unit"
        elif word in TENS and last in ("", "hundred", "and", "scale"):
            current += TENS[word]
            last = "tens"
        elif word == "-" and last == "tens" and following in UNITS:
            pass  # twenty-five
        elif word == "hundred" and last in ("unit", "tens"):
            current = (current or 1) * 100
            last = "hundred"
        elif word == "dozen" and last in ("unit", "tens"):
            current *= 12
            last = "dozen"
        elif word in SCALES and last in ("unit", "tens", "hundred", "dozen"):
            total += current * SCALES[word]
            current = 0
            scale = scale or word
            last = "scale"
        elif (
            word == "and"
            and last in ("hundred", "scale")
            and (following in UNITS or following in TENS)
        ):
            last = "and"
        else:
            break
        j += 1
    return total + current, j, scale


def matches(figure: float, named: Iterable[Figure], unit: str = "") -> bool:
    """True when one of the `named` figures is `figure`, also when the quantity's unit
    carries the scale ("1.5 billion" for 1.5 in billions of dollars)."""
    unit_words = set(re.findall(r"[a-z]+", unit.lower()))
    for one in named:
        candidates = [one.value]
        candidates += [one.value / scale for word, scale in SCALES.items() if word in unit_words]
        if any(math.isclose(figure, c, rel_tol=1e-9, abs_tol=1e-9) for c in candidates):
            return True
    return False
