"""Chart files and share cards (render/images.py): their sizes, text, fonts and cache."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.pipeline import check_facts
from generator.render import images
from generator.views import Views
from generator.wording import value_label
from tests.conftest import CORPUS, TODAY

SVG = "{http://www.w3.org/2000/svg}"
SITE = "Harbour briefing"
SAID = [("about 40", "Port authority"), ("up to 55", "Harbour pilots' union")]


def png_header(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, read here rather than by the module."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def chunks(data: bytes) -> list[bytes]:
    """The kinds of a PNG's chunks, in order."""
    kinds, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


@pytest.fixture(scope="module")
def quantity_chart() -> tuple[str, dict[str, str], dict[str, str]]:
    """The fixture corpus's `ships-calling` chart file, with its claimants and articles."""
    checked = check_facts(CORPUS, today=TODAY)
    views = Views(checked.corpus)
    estimates = views.estimates_by_quantity["ships-calling"]
    claimants = {e.id: " and ".join(c.name for c in views.claimants_of(e)) for e in estimates}
    sources = {e.id: images.source_line(checked.corpus.source_by_id[e.source]) for e in estimates}
    titles = {e.id: checked.corpus.source_by_id[e.source].title for e in estimates}
    svg = images.chart_svg(
        "Estimates of ships calling", estimates, claimants, sources, SITE, "1 April 2031"
    )
    return svg, claimants, titles


def test_card_is_a_1200_by_630_png() -> None:
    data = images.png(images.card_svg(SITE, "Ships calling at the harbour", SAID))
    assert png_header(data) == (1200, 630)
    assert images.png_size(data) == (1200, 630)


def test_two_renders_give_the_same_bytes_with_no_time_in_them() -> None:
    svg = images.card_svg(SITE, "Ships calling at the harbour", SAID, "harbour.example.org")
    first = images._rasterise(svg, images.find_fonts())
    second = images._rasterise(svg, images.find_fonts())
    assert first == second
    assert chunks(first)[0] == b"IHDR" and chunks(first)[-1] == b"IEND"
    assert not {b"tIME", b"tEXt", b"iTXt", b"zTXt"} & set(chunks(first))


def test_a_warm_cache_does_not_draw_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    rasterise = images._rasterise

    def counting(svg: str, fonts: images.Fonts) -> bytes:
        drawn.append(svg)
        return rasterise(svg, fonts)

    monkeypatch.setattr(images, "_rasterise", counting)
    svg = images.card_svg(SITE, "Ships calling at the harbour", SAID)
    cold = images.png(svg, tmp_path)
    assert len(drawn) == 1
    assert images.png(svg, tmp_path) == cold
    assert len(drawn) == 1, "an unchanged card was drawn again"
    assert list(tmp_path.glob("*.png")) == [
        tmp_path / f"{images.cache_key(svg, images.find_fonts())}.png"
    ]

    # A changed card, a new renderer and a damaged file are drawn again.
    images.png(images.card_svg(SITE, "Ships calling at the port", SAID), tmp_path)
    assert len(drawn) == 2
    monkeypatch.setattr(images, "RENDERER", "resvg 99")
    assert images.png(svg, tmp_path) == cold
    assert len(drawn) == 3
    for path in tmp_path.glob("*.png"):
        path.write_bytes(b"half a PNG")
    assert images.png(svg, tmp_path) == cold
    assert len(drawn) == 4


def test_chart_file_names_every_figure_claimant_and_article(
    quantity_chart: tuple[str, dict[str, str], dict[str, str]],
) -> None:
    svg, claimants, titles = quantity_chart
    root = ET.fromstring(svg)
    shown = " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    title = root.findtext(f"{SVG}title") or ""
    desc = root.findtext(f"{SVG}desc") or ""
    assert title == "Estimates of ships calling"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    assert "Estimates of ships calling" in shown and SITE in shown
    assert "Updated 1 April 2031" in shown
    assert len(claimants) >= 2
    for fact_id, name in claimants.items():
        # Inside the image (lines wrap between words: joined by spaces, they read the
        # same) and in its text alternative.
        assert name in shown and name in desc
        assert titles[fact_id] in shown and titles[fact_id] in desc
    data = images.png(svg)
    width, height = png_header(data)
    assert width == images.CHART_WIDTH and height == int(root.get("height") or 0)


def test_chart_text_alternative_names_every_figure(
    quantity_chart: tuple[str, dict[str, str], dict[str, str]],
) -> None:
    checked = check_facts(CORPUS, today=TODAY)
    desc = ET.fromstring(quantity_chart[0]).findtext(f"{SVG}desc") or ""
    for estimate in Views(checked.corpus).estimates_by_quantity["ships-calling"]:
        assert value_label(estimate) in desc


def _glyph(text: str, fonts: images.Fonts) -> bytes:
    """`text` alone, drawn large in the images' fonts."""
    family = images.WIDE_FAMILIES if images.is_wide(text) else images.FAMILIES
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80">'
        f'<text x="8" y="60" font-size="56" font-family="{family}">{text}</text></svg>'
    )
    return images.png(svg, fonts=fonts)


@pytest.mark.parametrize("letters", ["Привет", "안녕하세요"], ids=["cyrillic", "hangul"])
def test_cyrillic_and_hangul_are_drawn_with_their_glyphs(letters: str) -> None:
    """A missing glyph is drawn as the same empty box whatever the letter: drawn with
    a font that has them, distinct letters give distinct pictures, none the box."""
    fonts = images.find_fonts()
    box = _glyph("\ue000", fonts)  # a private-use character no font here has
    drawn = [_glyph(letter, fonts) for letter in dict.fromkeys(letters)]
    assert len(set(drawn)) == len(drawn)
    assert box not in drawn


def test_the_glyph_check_sees_a_missing_hangul_font() -> None:
    """Without the Hangul fonts the same check fails: every Hangul letter is one box."""
    fonts = images.find_fonts()
    latin_only = images.Fonts(fonts.files, (), fonts.sans, fonts.fingerprint + "\nno hangul")
    drawn = {_glyph(letter, latin_only) for letter in "안녕하세요"}
    assert len(drawn) == 1


def test_hangul_lines_ask_for_the_hangul_font_first() -> None:
    svg = images.card_svg(
        "북한 브리핑", "Сколько солдат? 몇 명인가?", [("약 11,000명", "국가정보원")]
    )
    root = ET.fromstring(svg)
    for text in root.iter(f"{SVG}text"):
        content = "".join(text.itertext())
        wide = images.is_wide(content)
        assert (text.get("font-family") == images.WIDE_FAMILIES) == wide, content
    assert images.WIDE_FAMILIES.startswith("NanumGothic")
    assert png_header(images.png(svg)) == (1200, 630)


def test_a_missing_font_is_an_error_naming_the_package(tmp_path: Path) -> None:
    with pytest.raises(images.ImageError, match=r"apt-get install fonts-dejavu-core"):
        images.find_fonts((tmp_path,))
    # DejaVu there, no Hangul font: the error names Nanum (and its alternative).
    fonts = images.find_fonts()
    dejavu = tmp_path / "truetype" / "dejavu"
    dejavu.mkdir(parents=True)
    for name in fonts.files:
        (dejavu / Path(name).name).symlink_to(name)
    with pytest.raises(images.ImageError) as error:
        images.find_fonts((tmp_path,))
    message = str(error.value)
    assert "no font for Hangul" in message
    assert "apt-get install fonts-nanum" in message and "fonts-noto-cjk" in message
    assert str(tmp_path) in message


def test_card_fits_long_titles_and_many_figures() -> None:
    title = "How many ships called at the harbour in the first quarter, by every count " * 3
    said = [(f"about {n}0", f"Claimant number {n}") for n in range(1, 10)]
    layout = images.card(SITE, title, said, "harbour.example.org")
    width = (images.CARD_WIDTH - 2 * images.CARD_MARGIN) / layout.title_size
    assert len(layout.title) == 2
    assert layout.title[-1].text.endswith("…")
    assert all(images.ems(line.text, bold=True) <= width for line in layout.title)
    assert layout.more is not None
    assert layout.more.text == f"and {len(said) - len(layout.said)} more figures"
    assert layout.more.y < images.CARD_HEIGHT - 100
    # The text alternative still names every figure and claimant.
    desc = ET.fromstring(images.card_svg(SITE, title, said)).findtext(f"{SVG}desc") or ""
    assert all(figure in desc and claimant in desc for figure, claimant in said)


def test_fit_breaks_between_words_and_inside_overlong_ones() -> None:
    assert images.fit("one two three", 8, 3) == ["one two", "three"]
    assert images.fit("x" * 20, 6.2, 5) == ["x" * 10, "x" * 10]
    assert images.fit("one two three four", 4, 2) == ["one", "two…"]
