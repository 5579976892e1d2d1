# ruff: noqa: RUF001  (Ukrainian words: Cyrillic letters that look Latin)
"""The reader's language on every page: the site's (`theme.language`) or a briefing's own
(`language:` in its briefing.yaml), in every word the generator writes, its dates and
numbers, and each page's `lang` and `dir`."""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from generator.adapter import page_meta, search_languages, theme_language
from generator.corpus import Corpus
from generator.i18n import ENGLISH, TEMPLATE, Language, format_compact, format_number, language
from generator.model import Estimate
from generator.pipeline import check_facts
from generator.plan import Plan, SiteOptions, plan_site
from generator.render import dataset_jsonld, images, render_errors, site_renderer
from generator.render.charts import range_chart, step_chart
from generator.render.images import chart_svg
from generator.wording import day_label
from tests.conftest import FIXTURES, TODAY

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
SHIPPED = ("uk", "ko", "ar")
UK = language("uk")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The seed briefing without its own `language: en`, so that it takes the site's."""
    facts = tmp_path_factory.mktemp("seed") / "facts"
    shutil.copytree(REPO / "facts", facts)
    briefing = facts / "briefing.yaml"
    text = briefing.read_text(encoding="utf-8")
    assert "\n  language: en\n" in text
    briefing.write_text(text.replace("\n  language: en\n", "\n"), encoding="utf-8")
    archive = SEEDS if SEEDS.is_dir() else None
    checked = check_facts(facts, today=date.today(), archive=archive)
    assert checked.ok, checked.summary()
    return checked.corpus


def build(corpus: Corpus, options: SiteOptions) -> tuple[Plan, dict[str, str]]:
    """A site's plan, and its pages' bodies and text files."""
    plan = plan_site(corpus, options)
    renderer = site_renderer(corpus, plan)
    pages = renderer.pages()
    files = {p: f for p, f in renderer.files().items() if isinstance(f, str)}
    return plan, {**pages, **files}


@pytest.fixture(scope="module", params=SHIPPED)
def seed_site(request: pytest.FixtureRequest, seed: Corpus) -> tuple[str, Plan, dict[str, str]]:
    code: str = request.param
    plan, files = build(seed, SiteOptions(language=code))
    return code, plan, files


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def editors_texts(corpus: Corpus) -> list[str]:
    """Every text the editors wrote (as pages show them whole, or cut short with "…"),
    longest first: pages keep them as written, in whatever language they are in."""
    found: set[str] = set()
    records = [
        *corpus.briefings,
        *corpus.sources,
        *corpus.claimants,
        *corpus.topics,
        *corpus.quantities,
        *corpus.facts,
    ]
    for record in records:
        for text in _strings(record.model_dump(mode="json")):
            text = " ".join(text.split())
            found.add(text[:89].rstrip() + "…")  # a heading cut short (Disagreements)
            for part in re.split(r"\s*\[@[a-z0-9-]+\]\s*|\*+", text):  # a summary's pieces
                if len(part.strip()) > 1:
                    found.add(part.strip())
    return sorted(found, key=len, reverse=True)


def english_words() -> list[str]:
    """The generator's English words: every message of the catalogs' template, cut at
    its placeholders and markup, each piece with a word of three letters or more."""
    pieces: set[str] = set()
    with TEMPLATE.open("rb") as pot:
        catalog = read_po(pot)
    for message in catalog:
        ids = [message.id] if isinstance(message.id, str) else list(message.id or ())
        for text in ids:
            for piece in re.split(r"\{[a-z_]+\}|<[^>]+>", text):
                piece = piece.strip(' .,:;()"“”')
                if re.search(r"[A-Za-z]{3,}", piece):
                    pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


def generated_text(body: str, editors: list[str]) -> str:
    """What a page says in the generator's words: its text without the editors' texts,
    scripts (JSON-LD), charts (their words are tested on their own), inline code
    (column names and the editors' date syntax), JSON keys (CSL-JSON), BibTeX's field
    names and file names."""
    body = re.sub(r"<(script|svg)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"(?<!<pre>)<code>[^<]*</code>", " ", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    text = re.sub(r'"[a-z-]+":', " ", text)
    text = re.sub(r"\b[a-z]+ = \{", " ", text)  # BibTeX: "date = {2024}"
    text = re.sub(r"\S+\.(?:json|csv|xml|svg|png)(?![A-Za-z])", " ", text)  # file names
    text = " ".join(text.split())
    for written in editors:
        text = text.replace(written, " ")
    return text


def test_the_seed_in_each_shipped_language_has_none_of_the_generators_english_words(
    seed: Corpus, seed_site: tuple[str, Plan, dict[str, str]]
) -> None:
    code, _, files = seed_site
    editors, english = editors_texts(seed), english_words()
    assert "Key figures" in english and "Download these estimates as CSV" in english
    left: dict[str, list[str]] = {}
    for path, body in files.items():
        if not path.endswith(".md"):
            continue
        text = generated_text(body, editors)
        for words in english:
            if re.search(rf"(?<![A-Za-z]){re.escape(words)}(?![A-Za-z])", text):
                left.setdefault(words, []).append(path)
    assert not left, f"English words on the {code} pages: {left}"


def test_english_words_are_found_where_they_are(seed: Corpus) -> None:
    """The test above finds the generator's words: an English site has them."""
    _, files = build(seed, SiteOptions(language="en"))
    text = generated_text(files["index.md"], editors_texts(seed))
    assert "Key figures" in text and "Every fact from this article" in text


@pytest.mark.parametrize(
    ("code", "day", "figure", "count"),
    [
        ("uk", "17 листопада 2024\u202fр.", "понад 10\u00a0000", "73 факти"),
        ("ko", "2024년 11월 17일", "10,000 이상", "사실 73건"),
        ("ar", "17 نوفمبر 2024", "أكثر من 10,000", "73 حقيقة"),
    ],
)
def test_the_seeds_dates_numbers_and_counts_are_in_the_sites_language(
    seed: Corpus, code: str, day: str, figure: str, count: str
) -> None:
    _, files = build(seed, SiteOptions(language=code))
    home = files["index.md"]
    assert day in home and figure in home and count in home


def test_every_page_carries_its_language_and_direction(
    seed_site: tuple[str, Plan, dict[str, str]],
) -> None:
    code, plan, files = seed_site
    direction = "rtl" if code == "ar" else "ltr"
    for page in plan.pages.values():
        meta = page_meta(page)
        assert (meta["lang"], meta["dir"]) == (code, direction), page.path
    assert f'xml:lang="{code}"' in files["feed.xml"]


def test_the_feed_and_the_downloads_describe_in_the_sites_language(
    seed_site: tuple[str, Plan, dict[str, str]],
) -> None:
    _, _, files = seed_site
    package = files["data/datapackage.json"]
    assert "the article's publisher" not in package
    assert "Every fact, one row each" not in package
    feed = files["feed.xml"]
    assert ", reported by Bloomberg" not in feed


def test_a_chart_writes_its_scale_and_numbers_in_the_language(seed: Corpus) -> None:
    big = [e for e in seed.facts if isinstance(e, Estimate) and (e.value or 0) >= 1_000_000]
    estimates = big[:1]
    assert estimates
    english = range_chart(estimates, {e.id: "X" for e in estimates})
    ukrainian = range_chart(estimates, {e.id: "X" for e in estimates}, language=UK)
    assert english.scale_note == "Scale in millions"
    assert ukrainian.scale_note == "Шкала в мільйонах"
    assert [t.label.replace(".", ",") for t in english.ticks] == [t.label for t in ukrainian.ticks]
    assert ukrainian.marks[0].label.startswith("X: ")


def test_a_briefing_in_korean_beside_one_in_english_each_page_in_its_own() -> None:
    """A site of two briefings: the Korean one's pages are Korean, the English one's
    English, and the site's own pages (hub, sources, claimants) in the site's."""
    corpus = check_facts(FIXTURES / "two-languages", today=TODAY).corpus
    plan, files = build(corpus, SiteOptions(language="en"))
    languages = {path: page_meta(page)["lang"] for path, page in plan.pages.items()}
    assert {languages[p] for p in languages if p.startswith("bridges/")} == {"ko"}
    assert {languages[p] for p in languages if p.startswith("harbour/")} == {"en"}
    assert languages["index.md"] == languages["sources/index.md"] == "en"
    korean, english = files["bridges/index.md"], files["harbour/index.md"]
    assert "핵심 수치" in korean and "Key figures" not in korean
    assert "Key figures" in english and "핵심 수치" not in english
    assert plan.pages["bridges/index.md"].title == "다리 통행료"
    assert plan.pages["bridges/topics/index.md"].title == "주제"
    assert 'xml:lang="ko"' in files["bridges/feed.xml"]
    assert 'xml:lang="en"' in files["harbour/feed.xml"]
    embed = files["bridges/embed/bridge-crossings/index.html"]
    assert '<html lang="ko" dir="ltr">' in embed and "대표 수치" in embed
    assert "Headline" not in embed and "according to" not in embed
    assert '<html lang="en" dir="ltr">' in files["harbour/embed/ships-calling/index.html"]
    # The same anchors in every language, so that links to a heading hold.
    assert 'id="key-figures"' in files["bridges/index.md"]


def test_a_language_without_a_catalog_writes_the_generators_words_in_english(
    seed: Corpus,
) -> None:
    plan, files = build(seed, SiteOptions(language="fr"))
    assert "Key figures" in files["index.md"]
    assert page_meta(plan.pages["index.md"])["lang"] == "en"


def test_a_briefings_language_without_a_catalog_is_a_located_warning(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURES / "two-languages", facts)
    briefing = facts / "bridges" / "briefing.yaml"
    briefing.write_text(
        briefing.read_text(encoding="utf-8").replace("language: ko", "language: fr"),
        encoding="utf-8",
    )
    checked = check_facts(facts, today=TODAY)
    found = [d for d in checked.diagnostics if d.code == "unknown-language"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].loc.path.endswith("bridges/briefing.yaml") and found[0].loc.line == 4
    assert "en, ar, ko, uk" in found[0].message
    plan, _ = build(checked.corpus, SiteOptions(language="en"))
    assert page_meta(plan.pages["bridges/index.md"])["lang"] == "en"


def test_search_takes_the_languages_of_the_pages_it_supports(seed: Corpus) -> None:
    corpus = check_facts(FIXTURES / "two-languages", today=TODAY).corpus
    plan, _ = build(corpus, SiteOptions(language="en"))
    assert search_languages(plan, ["en"]) == ["en", "ko"]
    assert search_languages(plan, ["en", "ko"]) == ["en", "ko"]
    ukrainian, _ = build(seed, SiteOptions(language="uk"))
    assert search_languages(ukrainian, ["en"]) == ["en"]  # lunr has no Ukrainian


def test_the_datasets_json_ld_names_its_language_and_editors_in_it(seed: Corpus) -> None:
    ukrainian = dataset_jsonld(seed, SiteOptions(language="uk"))
    assert '"inLanguage":"uk"' in ukrainian and "Редактори брифінгу" in ukrainian
    assert '"inLanguage":"en"' in dataset_jsonld(seed, SiteOptions())


def test_the_sites_language_is_theme_language() -> None:
    assert theme_language({"theme": {"name": "material", "language": "uk"}}) == "uk"
    assert theme_language({"theme": {"name": "material"}}) == "en"
    assert theme_language({}) == "en"


def test_the_previews_error_page_is_in_the_sites_language() -> None:
    page = render_errors(["facts/x.yaml:1:1: error[x]: y"], UK)
    assert "У фактах є помилки" in page and "The facts have errors" not in page
    assert page_meta(None, language=UK)["title"] == "У фактах є помилки"
    assert "The facts have errors" in render_errors(["z"])


@pytest.mark.slow
def test_a_built_site_marks_each_page_with_its_own_briefings_language(tmp_path: Path) -> None:
    """Built with MkDocs: the theme writes each page's language and direction on
    `<html lang>` and `<body dir>` (its override of Material's partials/language.html),
    and Material's search takes the Korean briefing's language."""
    from tests.test_build import _build

    root = tmp_path / "project"
    (root / "site_src").mkdir(parents=True)
    shutil.copy(REPO / "site_src" / "methodology.md", root / "site_src")
    shutil.copytree(FIXTURES / "two-languages", root / "facts")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_name: .*$", "site_name: Freedonia", config)
    (root / "mkdocs.yml").write_text(config[: config.index("\nnav:")] + "\n", encoding="utf-8")
    result = _build(root, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"

    def marks(page: str) -> tuple[str, str]:
        text = (site / page).read_text(encoding="utf-8")
        lang = re.search(r'<html lang="([^"]+)"', text)
        direction = re.search(r'<body dir="([^"]+)"', text)
        assert lang and direction, page
        return lang[1], direction[1]

    assert marks("bridges/index.html") == ("ko", "ltr")
    assert marks("bridges/estimates/bridge-crossings/index.html") == ("ko", "ltr")
    assert marks("harbour/index.html") == ("en", "ltr")
    assert marks("index.html") == ("en", "ltr")
    assert marks("methodology/index.html") == ("en", "ltr")  # a hand-written page: the site's
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["en","ko"]' in index


# Letters of another shipped language's script, which a catalog's translations never hold.
FOREIGN_SCRIPTS = {
    "uk": r"[\uac00-\ud7a3\u0600-\u06ff]",  # Hangul, Arabic
    "ko": r"[\u0400-\u04ff\u0600-\u06ff]",  # Cyrillic, Arabic
    "ar": r"[\u0400-\u04ff\uac00-\ud7a3]",  # Cyrillic, Hangul
}


@pytest.mark.parametrize("code", SHIPPED)
def test_a_catalog_translates_into_its_own_language(code: str) -> None:
    """A message copied from another language's catalog is caught (a Korean page
    saying "Головне")."""
    path = REPO / "generator" / "locales" / code / "LC_MESSAGES" / "briefing.po"
    with path.open("rb") as po:
        catalog = read_po(po)
    wrong = [
        m.id
        for m in catalog
        if m.id
        and any(
            re.search(FOREIGN_SCRIPTS[code], s)
            for s in ([m.string] if isinstance(m.string, str) else m.string)
        )
    ]
    assert wrong == []


AR = language("ar")


def seed_quantity_estimates(seed: Corpus) -> list[Estimate]:
    """The seed's troop estimates (several claimants, figures far from zero)."""
    estimates = [
        e
        for e in seed.facts
        if isinstance(e, Estimate) and e.quantity == "north-korean-troops-for-russia"
    ]
    assert len(estimates) >= 3
    return estimates


def test_a_right_to_left_chart_runs_from_zero_at_the_right(seed: Corpus) -> None:
    """In Arabic the range chart's scale runs from zero at the right edge to larger
    figures at the left, every mark mirrored; in English from the left."""
    estimates = seed_quantity_estimates(seed)
    names = {e.id: "X" for e in estimates}
    english = range_chart(estimates, names)
    arabic = range_chart(estimates, names, language=AR)
    assert not english.rtl and arabic.rtl
    assert english.ticks[0].at < english.ticks[-1].at
    assert arabic.ticks[0].at > arabic.ticks[-1].at
    assert arabic.ticks[0].at == 100 and arabic.ticks[-1].at == 0
    for left, right in zip(english.marks, arabic.marks, strict=True):
        assert (right.x1, right.x2) == (round(100 - left.x1, 2), round(100 - left.x2, 2))
        if right.point is not None and left.point is not None:
            assert right.point == round(100 - left.point, 2)
    assert [m.x1 for m in english.marks] != [m.x1 for m in arabic.marks]


def test_a_right_to_left_step_chart_runs_from_the_right(seed: Corpus) -> None:
    points = [("1", 1000.0, "X", "1,000"), ("2", 2000.0, "Y", "2,000"), ("3", 1500.0, "Z", "1")]
    english, arabic = step_chart(points), step_chart(points, AR)
    assert english.steps[0].x1 == 0 and english.steps[-1].x2 == 100
    assert arabic.steps[0].x1 == 100 and arabic.steps[-1].x2 == 0
    assert [s.y for s in english.steps] == [s.y for s in arabic.steps]


def test_an_arabic_page_draws_its_charts_from_the_right(
    seed_site: tuple[str, Plan, dict[str, str]],
) -> None:
    """The quantity page's range and step charts in Arabic are set right to left: the
    zero tick's x is larger than the largest figure's, and their texts start at the
    right edge; in the other languages from the left."""
    code, _, files = seed_site
    page = files["estimates/north-korean-troops-for-russia.md"]
    for chart in re.findall(r'<svg class="(?:range|step)-chart".*?</svg>', page, re.S):
        labels = re.findall(r'<text x="([^"]*)" y="[^"]*" class="chart-label"', chart)
        assert labels
        if code == "ar":
            assert ' direction="rtl"' in chart.split(">", 1)[0]
            assert set(labels) == {"100%"}
        else:
            assert "direction=" not in chart
            assert set(labels) == {"0"}
    range_svg = re.search(r'<svg class="range-chart".*?</svg>', page, re.S)
    assert range_svg
    ticks = [
        float(x)
        for x in re.findall(r'<text x="([\d.]+)%" y="[^"]*" class="chart-tick"', range_svg[0])
    ]
    zero, largest = ticks[0], ticks[-1]
    assert (zero > largest) if code == "ar" else (zero < largest)


def test_an_arabic_chart_file_is_mirrored_and_its_texts_end_at_the_right(seed: Corpus) -> None:
    """The chart file (drawn by resvg, which sets every text left to right whatever
    its direction) in Arabic: zero's tick at the right edge, the labels, title and
    site's name ending at the right; in English starting at the left."""
    estimates = seed_quantity_estimates(seed)
    names = {e.id: "X" for e in estimates}
    sources = {e.id: "S" for e in estimates}

    def svg(lang: Language) -> ET.Element:
        text = chart_svg("T", estimates, names, sources, "Site", "today", language=lang)
        return ET.fromstring(text)

    ns = "{http://www.w3.org/2000/svg}"
    for lang in (ENGLISH, AR):
        root = svg(lang)
        inner = (images.CHART_WIDTH - 2 * images.CHART_MARGIN) / images.CHART_SCALE
        group = root.find(f"{ns}g")
        assert group is not None
        labels = [t for g in group.findall(f"{ns}g") for t in g.findall(f"{ns}text")]
        assert labels
        ticks = [t for t in group.findall(f"{ns}text") if t.get("font-size") == "12"]
        zero, top = float(ticks[0].get("x", "")), float(ticks[-1].get("x", ""))
        title = root.find(f"{ns}text")
        assert title is not None and title.text == "T"
        if lang is AR:
            assert zero > top
            assert {(t.get("x"), t.get("text-anchor")) for t in labels} == {
                (str(round(inner, 2)), "end")
            }
            assert ticks[0].get("text-anchor") == "end"
            assert title.get("text-anchor") == "end"
        else:
            assert zero < top
            assert {(t.get("x"), t.get("text-anchor")) for t in labels} == {("0", None)}
            assert ticks[0].get("text-anchor") == "start"
            assert title.get("text-anchor") is None


# Arabic-Indic digits (U+0660-0669) and their Persian forms (U+06F0-06F9).
NATIVE_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def test_arabic_writes_latin_digits_as_cldr_does_for_ar(
    seed: Corpus, seed_site: tuple[str, Plan, dict[str, str]]
) -> None:
    """Arabic pages write figures, dates and chart scales in Latin digits ("10,000",
    "17 نوفمبر 2024"), as the editors' texts, the articles and the downloads do: CLDR's
    default numbering for `ar` is Latin (its native Arabic-Indic digits are the default
    of some regions' locales only). CONTRIBUTING's "Adding a language" says why; if
    CLDR changes its default, this test says so and the decision is taken again."""
    assert Locale.parse("ar").default_numbering_system == "latn"
    assert format_number(1234567.5, AR) == "1,234,567.5"
    assert format_compact(1_280_000, AR) == "1.28 مليون"
    assert day_label(date(2024, 11, 17), AR) == "17 نوفمبر 2024"
    estimates = seed_quantity_estimates(seed)
    chart = range_chart(estimates, {e.id: "X" for e in estimates}, language=AR)
    assert all(re.fullmatch(r"[\d,.]+", t.label) for t in chart.ticks)
    code, _, files = seed_site
    if code != "ar":
        return
    editors = editors_texts(seed)
    for path, body in files.items():
        if path.endswith(".md"):
            text = generated_text(body, editors)
            assert not NATIVE_DIGITS.search(text), path
    assert "أكثر من 10,000" in files["index.md"]
