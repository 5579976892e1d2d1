# ruff: noqa: RUF001, RUF003  (Ukrainian words: Cyrillic letters that look Latin)
"""The reader's language (generator/i18n.py and the words of wording.py in it): numbers,
compact figures, dates at every precision and spans, plural forms, lists and direction in
English, Ukrainian, Korean and Arabic, and catalogs that hold every message and no other."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from generator import i18n, vocabulary
from generator.dates import parse_date
from generator.i18n import ENGLISH, Language, LanguageError, language
from generator.model import Claimant, Estimate, Source
from generator.wording import (
    as_of_words,
    attributed,
    counted,
    date_words,
    kind_heading,
    measure_words,
    number,
    stated_words,
    status_words,
    value_label,
)

NBSP = "\u00a0"
NNBSP = "\u202f"  # CLDR keeps Ukrainian "р." (year) on the line of its number
LANGUAGES = ["en", "uk", "ko", "ar"]


def _estimate(**fields: object) -> Estimate:
    base = {"id": "e", "kind": "estimate", "topics": "t", "text": "A figure.", "source": "s",
            "claimant": "c", "quantity": "q", "bound": "up-to", "value": 15000,
            "as_of": "2024-10", "measure": "cumulative"}  # fmt: skip
    return Estimate.model_validate({**base, **fields})


def _lang(code: str) -> Language:
    return language(code)


# --- the language itself


def test_a_language_is_made_once_per_code() -> None:
    assert language("uk") is language("uk")
    assert language("en") is ENGLISH


@pytest.mark.parametrize(
    ("code", "direction"), [("en", "ltr"), ("uk", "ltr"), ("ko", "ltr"), ("ar", "rtl")]
)
def test_each_language_has_its_direction(code: str, direction: str) -> None:
    assert _lang(code).dir == direction


def test_a_language_without_a_catalog_is_refused_with_the_ones_there_are() -> None:
    with pytest.raises(LanguageError, match=r"no catalog for language `fr`.*en, ar, ko, uk"):
        language("fr")


def test_english_writes_british_dates_and_lists() -> None:
    assert ENGLISH.locale.territory == "GB"
    assert i18n.format_list(["A", "B", "C"]) == "A, B and C"


# --- numbers and compact figures


@pytest.mark.parametrize(
    ("code", "plain", "fraction"),
    [
        ("en", "10,000", "2.5"),
        ("uk", f"10{NBSP}000", "2,5"),
        ("ko", "10,000", "2.5"),
        ("ar", "10,000", "2.5"),
    ],
)
def test_numbers_take_the_locales_marks(code: str, plain: str, fraction: str) -> None:
    assert number(10_000, _lang(code)) == plain
    assert number(2.5, _lang(code)) == fraction


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("value", [0, 7, 999, 1_000, 15_000, 123_456, 999_999, 2.5, 1234.75])
def test_numbers_without_babel_agree_with_cldr(code: str, value: float) -> None:
    """The quick path (Python's grouping with the locale's marks) writes what Babel would."""
    lang = _lang(code)
    expected = format_decimal(value, locale=lang.locale, decimal_quantization=False)
    assert i18n.format_number(value, lang) == expected


@pytest.mark.parametrize(
    ("code", "text"),
    [("en", "1.28 million"), ("uk", f"1,28{NBSP}млн"), ("ko", "128만"), ("ar", "1.28 مليون")],
)
def test_a_round_million_is_a_compact_figure_in_each_language(code: str, text: str) -> None:
    assert number(1_280_000, _lang(code)) == text


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_figure_is_compact_only_when_that_loses_nothing(code: str) -> None:
    lang = _lang(code)
    assert i18n.format_compact(1_234_567, lang) is None  # 1.23 million would round
    assert i18n.format_compact(950_000, lang) is None  # under a million: written out
    assert number(1_234_567, lang) == i18n.format_number(1_234_567, lang)


def test_english_compact_figures_are_as_before() -> None:
    assert number(1_000_000) == "1 million"
    assert number(1_500_000) == "1.5 million"
    assert number(12_340_000) == "12.34 million"
    assert number(1500) == "1,500"


# --- dates


DATES = {
    "2024-11-17": {
        "en": "17 November 2024",
        "uk": f"17 листопада 2024{NNBSP}р.",
        "ko": "2024년 11월 17일",
        "ar": "17 نوفمبر 2024",
    },
    "2024-11": {
        "en": "November 2024",
        "uk": f"листопад 2024{NNBSP}р.",
        "ko": "2024년 11월",
        "ar": "نوفمبر 2024",
    },
    "2024": {"en": "2024", "uk": "2024", "ko": "2024년", "ar": "2024"},
    "197X": {"en": "the 1970s", "uk": "1970-ті роки", "ko": "1970년대", "ar": "عقد 1970"},
    "late 197X": {
        "en": "late 1970s",
        "uk": "кінець 1970-х",
        "ko": "1970년대 말",
        "ar": "أواخر عقد 1970",
    },
    "mid 2024": {
        "en": "mid 2024",
        "uk": f"середина 2024{NNBSP}р.",
        "ko": "2024년 중반",
        "ar": "منتصف 2024",
    },
    "2024-10~": {
        "en": "about October 2024",
        "uk": f"приблизно жовтень 2024{NNBSP}р.",
        "ko": "2024년 10월경",
        "ar": "نحو أكتوبر 2024",
    },
    "2024-10?": {
        "en": "October 2024 (uncertain)",
        "uk": f"жовтень 2024{NNBSP}р. (неточно)",
        "ko": "2024년 10월(불확실)",
        "ar": "أكتوبر 2024 (غير مؤكد)",
    },
    "../2024-10": {
        "en": "by October 2024",
        "uk": f"до жовтня 2024{NNBSP}р.",
        "ko": "2024년 10월까지",
        "ar": "بحلول أكتوبر 2024",
    },
    "2024-10/..": {  # open at its end: still going on
        "en": "since October 2024",
        "uk": f"з жовтня 2024{NNBSP}р.",
        "ko": "2024년 10월부터",
        "ar": "منذ أكتوبر 2024",
    },
    "2024-11-01/2024-11-17": {
        "en": "between 1 and 17 November 2024",
        "uk": f"з 1 до 17 листопада 2024{NNBSP}р.",
        "ko": "2024년 11월 1일부터 17일까지",
        "ar": "بين 1 و17 نوفمبر 2024",
    },
    "2024-10-01/2024-11-17": {
        "en": "between 1 October and 17 November 2024",
        "uk": f"з 1 жовтня до 17 листопада 2024{NNBSP}р.",
        "ko": "2024년 10월 1일부터 11월 17일까지",
        "ar": "بين 1 أكتوبر و17 نوفمبر 2024",
    },
    "2024-10/2024-12": {
        "en": "between October and December 2024",
        "uk": f"з жовтня до грудня 2024{NNBSP}р.",
        "ko": "2024년 10월부터 12월까지",
        "ar": "بين أكتوبر وديسمبر 2024",
    },
    "late 197X/early 198X": {
        "en": "between the late 1970s and the early 1980s",
        "uk": "з кінця 1970-х до початку 1980-х",
        "ko": "1970년대 말부터 1980년대 초까지",
        "ar": "بين أواخر عقد 1970 وأوائل عقد 1980",
    },
}
DATE_CASES = [(text, code, words) for text, by in DATES.items() for code, words in by.items()]


@pytest.mark.parametrize(("text", "code", "words"), DATE_CASES)
def test_a_date_at_its_precision_reads_naturally_in_each_language(
    text: str, code: str, words: str
) -> None:
    assert date_words(parse_date(text), _lang(code)) == words


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("2024-11", "en", "as of November 2024"),
        ("2024-11", "uk", f"на момент листопада 2024{NNBSP}р."),  # the genitive after a preposition
        ("mid 2024", "uk", f"на момент середини 2024{NNBSP}р."),
        ("2024-11", "ko", "2024년 11월 기준"),
        ("2024-11", "ar", "حتى نوفمبر 2024"),
        ("2024-10/..", "en", "as of some time after October 2024"),
        ("2024-10/..", "ko", "2024년 10월 이후 어느 시점 기준"),
    ],
)
def test_an_as_of_date_is_one_sentence(text: str, code: str, words: str) -> None:
    assert as_of_words(parse_date(text), _lang(code)) == words


@pytest.mark.parametrize("day", [date(2024, 11, 17), date(1999, 1, 2), date(2020, 2, 29)])
def test_english_days_without_babel_are_cldrs_british_long_dates(day: date) -> None:
    assert i18n.format_day(day) == format_date(day, "long", locale=ENGLISH.locale)


def test_the_claims_date_in_each_language() -> None:
    fact = _estimate(as_of="2024-10-01", stated="2024-10-18")
    assert stated_words(fact) == "stated on 18 October 2024"
    assert stated_words(fact, _lang("uk")) == f"заява від 18 жовтня 2024{NNBSP}р."
    assert stated_words(fact, _lang("ko")) == "2024년 10월 18일 발언"


# --- plural forms, figures, lists


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 джерело"), (2, "2 джерела"), (5, "5 джерел"), (11, "11 джерел"), (21, "21 джерело"),
     (22, "22 джерела"), (1_000, f"1{NBSP}000 джерел")],
)  # fmt: skip
def test_ukrainian_counts_take_three_plural_forms(count: int, text: str) -> None:
    assert counted(count, "source", language=_lang("uk")) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "مصدر واحد"), (2, "مصدران"), (5, "5 مصادر"), (11, "11 مصدر"), (100, "100 مصدر")],
)
def test_arabic_counts_take_cldrs_forms(count: int, text: str) -> None:
    assert counted(count, "source", language=_lang("ar")) == text


def test_korean_counts_have_one_form() -> None:
    assert counted(1, "fact", language=_lang("ko")) == "사실 1건"
    assert counted(7, "fact", language=_lang("ko")) == "사실 7건"


def test_a_noun_the_catalogs_do_not_count_is_refused_outside_english() -> None:
    assert counted(2, "ship") == "2 ships"
    with pytest.raises(ValueError, match="ship"):
        counted(2, "ship", language=_lang("uk"))


@pytest.mark.parametrize(
    ("code", "text"),
    [("en", "A, B and C"), ("uk", "A, B і C"), ("ko", "A, B 및 C"), ("ar", "A وB وC")],
)
def test_lists_take_the_locales_pattern(code: str, text: str) -> None:
    assert i18n.format_list(["A", "B", "C"], _lang(code)) == text
    assert i18n.format_list(["A"], _lang(code)) == "A"


def test_a_figure_with_its_bound_and_range_is_one_phrase_per_language() -> None:
    assert value_label(_estimate()) == "up to 15,000"
    assert value_label(_estimate(), _lang("uk")) == f"до 15{NBSP}000"
    assert value_label(_estimate(), _lang("ko")) == "최대 15,000"
    ranged = _estimate(bound="range", value=None, low=1100, high=1400)
    assert value_label(ranged) == "1,100 to 1,400"
    assert value_label(ranged, _lang("uk")) == f"від 1{NBSP}100 до 1{NBSP}400"
    assert value_label(ranged, _lang("ar")) == "من 1,100 إلى 1,400"
    assert measure_words(_estimate(), _lang("ko")) == "누적 집계"


def test_a_citation_names_its_claimants_with_the_locales_list() -> None:
    source = Source.model_validate(
        {
            "id": "s",
            "publisher": "Bloomberg",
            "title": "T",
            "url": "https://example.org/a",
            "published": "2024-10-22",
        }
    )
    people = [
        Claimant.model_validate({"id": f"c{n}", "name": name, "kind": "official"})
        for n, name in enumerate(["Kim", "Lee", "Park"])
    ]
    assert attributed(people, source, _lang("ko")) == (
        "Kim, Lee 및 Park, Bloomberg 보도, 2024년 10월 22일"
    )
    assert attributed(people[:2], source) == "Kim and Lee, reported by Bloomberg, 22 October 2024"


# --- the catalogs


def _catalog(code: str):  # type: ignore[no-untyped-def]
    with i18n._catalog_path(code).open("rb") as po:
        return read_po(po, locale=code, domain=i18n.DOMAIN)


def _keys(catalog) -> set[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}


TRANSLATED = i18n.available()[1:]


def test_every_shipped_language_has_a_catalog() -> None:
    assert TRANSLATED == ["ar", "ko", "uk"]


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_catalog_holds_every_message_of_the_code_and_no_stale_one(code: str) -> None:
    extracted = _keys(i18n.extract())
    held = _keys(_catalog(code))
    assert extracted - held == set(), f"`make i18n` and translate: {code} lacks these messages"
    assert held - extracted == set(), f"`make i18n`: {code} keeps messages the code no longer has"


def test_the_template_is_up_to_date() -> None:
    with i18n.TEMPLATE.open("rb") as pot:
        assert _keys(read_po(pot)) == _keys(i18n.extract()), "run `make i18n`"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code: str) -> None:
    catalog = _catalog(code)
    untranslated = [m.id for m in catalog if m.id and (not m.string or not all(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_translation_has_its_messages_placeholders(code: str) -> None:
    """A translation keeps every placeholder (a plural form may say "one" in words) and
    adds none; str.format would fail on a name the code does not pass."""
    wrong = []
    for message in _catalog(code):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        wanted = {name for text in ids for name in PLACEHOLDER.findall(text)}
        strings = (message.string,) if isinstance(message.string, str) else message.string
        for text in strings:
            found = set(PLACEHOLDER.findall(text))
            plural_without_count = not isinstance(message.id, str) and found <= wanted
            if found != wanted and not plural_without_count:
                wrong.append((message.id, text))
    assert wrong == []


def test_the_catalogs_are_read_at_run_time_from_their_po_files() -> None:
    """No compiled .mo file is kept: the package ships the .po files alone."""
    assert not list(i18n.LOCALES.rglob("*.mo"))
    assert language("uk").gettext("Undated") == "Без дати"


def test_built_in_vocabulary_is_translated_and_a_projects_words_are_not() -> None:
    declared = vocabulary.merged([("ministry", "Departments"), ("organisers", "Organisers")],
                                 [("marched", "marched", True)])  # fmt: skip
    uk = _lang("uk")
    assert kind_heading(vocabulary.BUILT_IN, "ministry", uk) == "Міністерства"
    assert kind_heading(declared, "ministry", uk) == "Departments"  # reworded by the project
    assert kind_heading(declared, "organisers", uk) == "Organisers"
    assert kind_heading(declared, "police", _lang("ko")) == "경찰"
    assert status_words(declared, "sent", _lang("ar")) == "أُرسلوا"
    assert status_words(declared, "marched", uk) == "marched"
    assert status_words(declared, "sent") == "sent"


def test_make_i18n_extracts_python_markers_and_jinja_templates(tmp_path: Path) -> None:
    (tmp_path / "generator" / "render" / "templates").mkdir(parents=True)
    (tmp_path / "generator" / "words.py").write_text(
        'A = N_("Known when")\nB = Nn_("{count} day", "{count} days")\n'
    )
    (tmp_path / "generator" / "render" / "templates" / "page.html.j2").write_text(
        '<h1>{{ _("What changed") }}</h1>{% trans %}Disagreements{% endtrans %}'
    )
    found = {m.id for m in i18n.extract(tmp_path) if m.id}
    assert found == {"Known when", ("{count} day", "{count} days"), "What changed", "Disagreements"}


@pytest.mark.parametrize(("code", "tag"), [("en_GB", "en-GB"), ("EN", "en"), ("uk-UA", "uk-UA")])
def test_a_code_is_taken_as_a_language_tag(code: str, tag: str) -> None:
    lang = language(code)
    assert lang.code == tag
    assert counted(2, "fact", language=lang) in ("2 facts", "2 факти")
