"""The reader's language: message catalogs and CLDR formatting, the one module that knows
Babel and gettext.

A `Language` is made once per code (`language("uk")`) and holds what a page in that
language needs: its CLDR locale (numbers, dates, lists, plural rules), its direction
("ltr" or "rtl") and its catalog. The messages are English, the language they are written
in, so English needs no catalog; every other language has a gettext catalog,
`locales/<code>/LC_MESSAGES/briefing.po`, read at run time (compiled in memory, so no
`.mo` file is kept). `make i18n` extracts the messages into `locales/briefing.pot` and
updates every catalog (`python -m generator.i18n`).

Messages are whole sentences with placeholders ("between {start} and {end}"), never
English fragments glued together; `N_` and its kin mark a message where it is declared
(vocabulary.py) and translate it where it is used.
"""

from __future__ import annotations

import functools
import io
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.lists import format_list as _babel_list
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_compact_decimal, format_decimal
from babel.support import NullTranslations, Translations

from generator.dates import Point

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "briefing"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
SOURCE_LANGUAGE = "en"
# The CLDR locale of a bare language code, where it is not the language's own default:
# the generator writes British English ("17 November 2024", "A, B and C").
_CLDR = {"en": "en-GB"}

Form = Literal["alone", "sentence", "span"]


def N_(message: str) -> str:
    """Marks a message for extraction where it is declared; translated where it is used."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with plural forms ("{count} fact", "{count} facts")."""
    return singular, plural


def Np_(context: str, message: str) -> tuple[str, str]:
    """Marks a message with a context that tells translators where it goes."""
    return context, message


class LanguageError(ValueError):
    """A language code with no catalog or no CLDR data; the message says which exist."""


@dataclass(frozen=True)
class Language:
    """One reader's language: its code as pages declare it (`<html lang>`), its CLDR
    locale, its direction, and its catalog's gettext functions."""

    code: str
    locale: Locale
    dir: Literal["ltr", "rtl"]
    translations: NullTranslations = field(repr=False, compare=False)
    # Numbers: the locale's group and decimal marks, when it groups by threes in Latin
    # digits as Python's format does (then numbers need no call into Babel).
    _marks: tuple[str, str] | None = field(repr=False, compare=False, default=None)
    compact: Literal["long", "short"] = (
        "long"  # CLDR's compact figures: "long" ("1.28 million") or "short"
    )

    # The catalog's functions, bound once (a message is looked up on every phrase).
    gettext: Callable[[str], str] = field(init=False, repr=False, compare=False)
    ngettext: Callable[[str, str, int], str] = field(init=False, repr=False, compare=False)
    pgettext: Callable[[str, str], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gettext", self.translations.gettext)
        object.__setattr__(self, "ngettext", self.translations.ngettext)
        object.__setattr__(self, "pgettext", self.translations.pgettext)

    def __hash__(self) -> int:
        return hash(self.code)


def available() -> list[str]:
    """The languages with a catalog, English first."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return [SOURCE_LANGUAGE, *found]


def _catalog_path(code: str) -> Path:
    return LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def language(code: str) -> Language:
    """The language of a code as `theme.language` or a briefing gives it ("en", "uk",
    "pt-BR"), made once; `LanguageError` for a language without a catalog."""
    base, *rest = code.replace("_", "-").split("-")
    base = base.lower()
    tag = "-".join([base, *rest])
    if base != SOURCE_LANGUAGE and not _catalog_path(base).is_file():
        raise LanguageError(
            f"no catalog for language `{code}`; the generator writes "
            f"{', '.join(available())} (CONTRIBUTING.md, Adding a language, says how to add one)"
        )
    try:
        locale = Locale.parse(_CLDR.get(tag, tag), sep="-")
    except (UnknownLocaleError, ValueError):
        raise LanguageError(
            f"`{code}` is not a language code CLDR knows (as `uk` or `pt-BR`)"
        ) from None
    source = base == SOURCE_LANGUAGE
    translations = NullTranslations() if source else _compiled(_catalog_path(base))
    compact: Literal["long", "short"] = (
        "short" if translations.pgettext(*_COMPACT) == "short" else "long"
    )
    return Language(tag, locale, _direction(locale), translations, _marks(locale), compact)


def reader_language(declared: str | None, site: str = SOURCE_LANGUAGE) -> Language:
    """The language a briefing's pages are written in: its own (`language:` in its
    briefing.yaml), else the site's (`theme.language`). A language without a catalog
    gets the generator's words in English (`language_problem` says why, for a warning)."""
    try:
        return language(declared or site or SOURCE_LANGUAGE)
    except LanguageError:
        return ENGLISH


def language_problem(code: str) -> str | None:
    """Why the generator cannot write its words in a language (None: it can)."""
    try:
        language(code)
    except LanguageError as error:
        return str(error)
    return None


# Translators: answer "short" where figures read as "1,28 млн" rather than "1,28 мільйона".
_COMPACT = Np_("compact figures in this language: long (1.28 million) or short (1.28M)", "long")


def _direction(locale: Locale) -> Literal["ltr", "rtl"]:
    return "rtl" if locale.text_direction == "rtl" else "ltr"


def _compiled(path: Path) -> Translations:
    """A catalog read from its .po file and compiled in memory (fuzzy entries left out)."""
    with path.open("rb") as po:
        catalog = read_po(po, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


def _marks(locale: Locale) -> tuple[str, str] | None:
    pattern = locale.decimal_formats.get(None)
    if locale.default_numbering_system != "latn" or pattern is None:
        return None
    if pattern.pattern != "#,##0.###":
        return None
    symbols = locale.number_symbols["latn"]
    return symbols["group"], symbols["decimal"]


ENGLISH = language(SOURCE_LANGUAGE)


# --- numbers


def format_number(value: float, lang: Language = ENGLISH) -> str:
    """A number with the locale's marks: "10,000" (English), "10 000" (Ukrainian, with a
    no-break space), "2,5"; every digit the value has, none added."""
    if lang._marks is None:
        return format_decimal(value, locale=lang.locale, decimal_quantization=False)
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    group, decimal = lang._marks
    if (group, decimal) == (",", "."):
        return text
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


@functools.lru_cache(maxsize=8192)  # figures repeat across a briefing's pages
def format_compact(value: float, lang: Language = ENGLISH) -> str | None:
    """A figure of a million or more in the locale's compact form when that loses nothing
    at two decimals of its unit: "1.28 million", "1,28 млн", "128만"; else None."""
    if abs(value) < 1_000_000:
        return None
    formats = lang.locale.compact_decimal_formats
    kind: Literal["short", "long"] = "long" if lang.compact == "long" else "short"
    if kind not in formats:
        kind = "short"
    patterns = formats[kind]["other"]
    magnitude = 10 ** (len(str(int(abs(value)))) - 1)
    found = patterns.get(str(magnitude))
    pattern = str(getattr(found, "pattern", found or "0"))
    if pattern.strip() == "0":
        return None
    divisor = magnitude // 10 ** (pattern.count("0") - 1)
    if divisor < 100 or round(value * 100 / divisor) * divisor != value * 100:
        return None
    return format_compact_decimal(value, format_type=kind, locale=lang.locale, fraction_digits=2)


def format_list(items: Sequence[str], lang: Language = ENGLISH) -> str:
    """Items joined by the locale's list pattern: "A, B and C" and the
    like in each language."""
    if len(items) < 2:
        return "".join(items)
    return _joined(tuple(items), lang)


@functools.lru_cache(maxsize=4096)
def _joined(items: tuple[str, ...], lang: Language) -> str:
    """CLDR's list pattern, once per list of names (the same claimants recur on many
    charts and citations)."""
    return _babel_list(list(items), style="standard", locale=lang.locale)


# --- dates

# A point's words when it is part of a decade or a year, or a whole decade, in each form:
# on its own, after a preposition ("by", "as of"), and at either end of a span.
_FORM_CONTEXT: dict[Form, str] = {
    "alone": "date on its own",
    "sentence": "date after a preposition (as of, by, after, stated in)",
    "span": "date at either end of a span (between … and …)",
}
_POINT_WORDS: dict[tuple[Form, str], tuple[str, str]] = {
    ("alone", "decade"): Np_("date on its own", "the {decade}s"),
    ("alone", "early decade"): Np_("date on its own", "early {decade}s"),
    ("alone", "mid decade"): Np_("date on its own", "mid {decade}s"),
    ("alone", "late decade"): Np_("date on its own", "late {decade}s"),
    ("alone", "early year"): Np_("date on its own", "early {year}"),
    ("alone", "mid year"): Np_("date on its own", "mid {year}"),
    ("alone", "late year"): Np_("date on its own", "late {year}"),
    ("sentence", "decade"): Np_(
        "date after a preposition (as of, by, after, stated in)", "the {decade}s"
    ),
    ("sentence", "early decade"): Np_(
        "date after a preposition (as of, by, after, stated in)", "early {decade}s"
    ),
    ("sentence", "mid decade"): Np_(
        "date after a preposition (as of, by, after, stated in)", "mid {decade}s"
    ),
    ("sentence", "late decade"): Np_(
        "date after a preposition (as of, by, after, stated in)", "late {decade}s"
    ),
    ("sentence", "early year"): Np_(
        "date after a preposition (as of, by, after, stated in)", "early {year}"
    ),
    ("sentence", "mid year"): Np_(
        "date after a preposition (as of, by, after, stated in)", "mid {year}"
    ),
    ("sentence", "late year"): Np_(
        "date after a preposition (as of, by, after, stated in)", "late {year}"
    ),
    ("span", "decade"): Np_("date at either end of a span (between … and …)", "the {decade}s"),
    ("span", "early decade"): Np_(
        "date at either end of a span (between … and …)", "the early {decade}s"
    ),
    ("span", "mid decade"): Np_(
        "date at either end of a span (between … and …)", "the mid {decade}s"
    ),
    ("span", "late decade"): Np_(
        "date at either end of a span (between … and …)", "the late {decade}s"
    ),
    ("span", "early year"): Np_("date at either end of a span (between … and …)", "early {year}"),
    ("span", "mid year"): Np_("date at either end of a span (between … and …)", "mid {year}"),
    ("span", "late year"): Np_("date at either end of a span (between … and …)", "late {year}"),
}
_ABOUT = Np_("an approximate date", "about {date}")
_UNCERTAIN = Np_("an uncertain date", "{date} (uncertain)")


@functools.lru_cache(maxsize=4096)  # days repeat across a briefing's pages
def format_day(day: date, lang: Language = ENGLISH) -> str:
    """A day in the locale's long form: "17 November 2024", "2024년 11월 17일"."""
    if lang is ENGLISH:  # CLDR's en_GB long date, without a call into Babel
        return f"{day.day} {_ENGLISH_MONTHS[day.month]} {day.year}"
    return _babel_date(day, "long", locale=lang.locale)


_ENGLISH_MONTHS = ["", *ENGLISH.locale.months["format"]["wide"].values()]


@functools.lru_cache(maxsize=4096)
def format_point(point: Point, lang: Language = ENGLISH, form: Form = "alone") -> str:
    """One date at its precision, as it reads in `form`: on its own ("October 2024"),
    after a preposition (in Ukrainian, the genitive month a preposition asks for: CLDR's
    format rather than stand-alone month names),
    or at an end of a span ("the late 1970s")."""
    e = point.earliest
    inner: Form = "sentence" if point.qualifier and form == "span" else form
    if point.part or point.precision == "decade":
        which = "year" if point.precision != "decade" else "decade"
        key = f"{point.part} {which}" if point.part else "decade"
        context, message = _POINT_WORDS[(inner, key)]
        text = lang.pgettext(context, message).format(decade=e.year // 10 * 10, year=e.year)
    elif point.precision == "day":
        text = format_day(e, lang)
    else:
        skeleton = "yMMMM" if point.precision == "month" else "y"
        text = _babel_date(e, _pattern(lang, skeleton, inner), locale=lang.locale)
    if point.qualifier == "~":
        return lang.pgettext(*_ABOUT).format(date=text)
    if point.qualifier == "?":
        return lang.pgettext(*_UNCERTAIN).format(date=text)
    return text


@functools.lru_cache(maxsize=256)
def _pattern(lang: Language, skeleton: str, form: Form) -> str:
    """The locale's pattern for a skeleton; in a sentence, months take the form CLDR
    gives them beside a day (Ukrainian "листопада", not stand-alone "листопад")."""
    pattern = str(lang.locale.datetime_skeletons[skeleton].pattern)
    return pattern if form == "alone" else _in_sentence(pattern)


def _in_sentence(pattern: str) -> str:
    return re.sub(r"(?<![ML])(?:LLLL|LLL|MMM)(?![ML])", "MMMM", pattern)


# What CLDR's interval patterns put between a span's two ends: spaces, dashes, tildes.
_SEPARATORS = " \u2009\u202f\u00a0\u2013\u2014-~\u301c"


@functools.lru_cache(maxsize=4096)
def span_ends(start: Point, end: Point, lang: Language = ENGLISH) -> tuple[str, str]:
    """The two ends of a span as they read between its words: what both share is said
    once, where the locale says it ("1", "17 November 2024"; "2024년 11월 1일", "17일");
    spans of other dates give each end whole ("the late 1970s")."""
    a, b = start.earliest, end.latest
    plain = not (start.part or end.part or start.qualifier or end.qualifier)
    same = start.precision == end.precision and start.precision in ("day", "month")
    if plain and same and a.year == b.year:
        skeleton = "yMMMd" if start.precision == "day" else "yMMM"
        differs = "d" if start.precision == "day" and a.month == b.month else "M"
        halves = lang.locale.interval_formats.get(skeleton, {}).get(differs)
        if halves and a != b:
            first = _in_sentence(halves[0]).rstrip(_SEPARATORS)
            second = _in_sentence(halves[1])
            locale = lang.locale
            return _babel_date(a, first, locale=locale), _babel_date(b, second, locale=locale)
    return format_point(start, lang, "span"), format_point(end, lang, "span")


# --- catalogs: extraction and update (make i18n)

KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "Nn_": (1, 2),
    "pgettext": ((1, "c"), 2),
    "Np_": ((1, "c"), 2),
}
_METHODS = [
    ("generator/**.py", "python"),
    ("generator/render/templates/**.j2", "jinja2.ext:babel_extract"),
]
_SKIP = ("generator/project_template/", "generator/scaffold/")


_PROJECT: dict[str, Any] = {
    "project": "sourced-briefing",
    "copyright_holder": "the sourced-briefing authors",
    "msgid_bugs_address": "https://pypi.org/project/sourced-briefing/",
}


def extract(root: Path | None = None) -> Catalog:
    """Every marked message of the generator's code and templates, as a template
    catalog (what `locales/briefing.pot` holds)."""
    root = root or Path(__file__).parent.parent
    catalog = Catalog(domain=DOMAIN, charset="utf-8", **_PROJECT)
    for path, lineno, message, comments, context in _extracted(root):
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def _extracted(
    root: Path,
) -> Iterator[tuple[str, int, str | tuple[str, ...], list[str], str | None]]:
    # A template that does not parse is an error here, not a template without messages.
    options = {"generator/render/templates/**.j2": {"silent": "false"}}
    for path, lineno, message, comments, context in extract_from_dir(
        root,
        method_map=_METHODS,
        options_map=options,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        if path.startswith(_SKIP):
            continue
        yield path, lineno, message, comments, context


def updated(code: str, template: Catalog) -> Catalog:
    """A language's catalog brought up to the template: new messages added untranslated,
    gone ones dropped (git keeps their translations)."""
    path = _catalog_path(code)
    if path.is_file():
        with path.open("rb") as po:
            catalog = read_po(po, locale=code, domain=DOMAIN)
    else:
        catalog = Catalog(locale=code, domain=DOMAIN, charset="utf-8", **_PROJECT)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.fuzzy = False
    return catalog


def write(catalog: Catalog, path: Path) -> None:
    """Writes a catalog unless the file already says the same (whatever its date)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=100,
        sort_output=False,
        include_lineno=False,
        ignore_obsolete=True,
    )
    if not path.is_file() or _undated(path.read_bytes()) != _undated(out.getvalue()):
        path.write_bytes(out.getvalue())


def _undated(po: bytes) -> bytes:
    return re.sub(rb'"POT-Creation-Date: [^"]*"', b"", po)


def main(argv: list[str] | None = None) -> int:
    """`make i18n`: extract the messages into the template and update every catalog."""
    codes = argv if argv else available()[1:]
    template = extract()
    write(template, TEMPLATE)
    for code in codes:
        catalog = updated(code, template)
        write(catalog, _catalog_path(code))
        missing = [m.id for m in catalog if m.id and not m.string]
        print(
            f"{_catalog_path(code).relative_to(LOCALES.parent.parent)}: {len(missing)} untranslated"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
