"""Images that leave the site: chart files (SVG and PNG) and share cards (PNG).

- `chart_svg`: a quantity's range chart as a file of its own, for slides and
  articles. The chart is laid out by `charts.range_chart`, as on the page; around it,
  inside the image, are the title, each figure's claimant and article (a source line
  under each row) and the site's name, so a copied chart keeps its sourcing. Its
  `<title>` and `<desc>` name every figure, claimant and article.
- `card_svg`: a 1200x630 share card (`og:image`): the site's name, the page's title
  and, when given, lines of who says what (a figure and its claimant). What a page
  shows is the caller's choice; this module only draws it.
- `png`: any of them as PNG, drawn by resvg (through the `resvg-py` wheel: no system
  library, the same pixels on every machine with the same fonts) and cached by
  content.
- `pngs`: many of them at once, as a build draws them, those missing from the cache
  drawn by a pool of processes when there are many.

Fonts are installed Debian packages, found by path, never downloaded: for each
script in `FONTS`, the first of its files present under one of `FONT_DIRS`. resvg
loads those files only (never the system's font configuration), so an image depends
on nothing else on the machine; when a glyph is missing from the first family it
falls back to the next one that has it (Hangul from Nanum). A missing font is an
`ImageError` naming the Debian package to install.

The PNG cache: a drawn PNG is kept in the cache folder under a hash of the SVG text,
the renderer's version and the font files (path, size, time of change), and read
back instead of drawn again. resvg writes no time or other varying metadata, so the
same SVG gives the same bytes on every build.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import jinja2
import resvg_py

from generator.i18n import ENGLISH, N_, Language, format_number
from generator.model import Estimate, Source
from generator.render import charts
from generator.render.jinja import _write_whole, environment, template_words
from generator.wording import published

RENDERER = f"resvg {resvg_py.__resvg_version__} (resvg-py {resvg_py.__version__})"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Where fonts are looked for, in this order: Debian's system-wide folders.
FONT_DIRS: tuple[Path, ...] = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


@dataclass(frozen=True)
class FontFiles:
    """One way to cover a script: a family's regular and bold files (under a font
    folder) and the Debian package that installs them."""

    package: str
    family: str
    regular: str
    bold: str


@dataclass(frozen=True)
class Script:
    name: str
    choices: tuple[FontFiles, ...]  # the first one installed is used


FONTS: tuple[Script, ...] = (
    Script(
        "Latin, Greek and Cyrillic",
        (
            FontFiles(
                "fonts-dejavu-core",
                "DejaVu Sans",
                "truetype/dejavu/DejaVuSans.ttf",
                "truetype/dejavu/DejaVuSans-Bold.ttf",
            ),
        ),
    ),
    Script(
        "Hangul",
        (
            FontFiles(
                "fonts-nanum",
                "NanumGothic",
                "truetype/nanum/NanumGothic.ttf",
                "truetype/nanum/NanumGothicBold.ttf",
            ),
            FontFiles(
                "fonts-noto-cjk",
                "Noto Sans CJK KR",
                "opentype/noto/NotoSansCJK-Regular.ttc",
                "opentype/noto/NotoSansCJK-Bold.ttc",
            ),
        ),
    ),
)

# What the images ask for, in order: every family the search list may find, then the
# generic family (resvg maps it to the first script's font). The SVG files name them
# all, so that they read the same whichever is installed.
FAMILIES = (
    ", ".join(dict.fromkeys(choice.family for script in FONTS for choice in script.choices))
    + ", sans-serif"
)
# For a line with Hangul (or other wide) characters: the Hangul fonts first. resvg
# sets a whole line in the font it falls back to, and in its regular weight; a line
# that asks for the Hangul font itself keeps its weight (Nanum and Noto CJK have
# Latin and Cyrillic letters too).
WIDE_FAMILIES = (
    ", ".join(
        dict.fromkeys(choice.family for script in reversed(FONTS) for choice in script.choices)
    )
    + ", sans-serif"
)


def is_wide(text: str) -> bool:
    """Whether `text` has East Asian wide characters (Hangul, CJK): a line set in the
    Hangul font."""
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


class ImageError(Exception):
    """An image that cannot be drawn: a font missing, or SVG resvg rejects."""


@dataclass(frozen=True)
class Fonts:
    files: tuple[str, ...]  # the first script's (Latin, Greek and Cyrillic)
    wide_files: tuple[str, ...]  # the other scripts' (Hangul)
    sans: str  # the family `sans-serif` stands for
    fingerprint: str  # what the PNG cache's keys take from the fonts

    def for_svg(self, svg: str) -> list[str]:
        """The files to load for `svg`: the Hangul fonts only when it has wide
        characters (loading them takes half the time of drawing a card)."""
        return list(self.files + self.wide_files if is_wide(svg) else self.files)


@lru_cache(maxsize=8)
def find_fonts(dirs: tuple[Path, ...] = FONT_DIRS) -> Fonts:
    """The font files for every script in `FONTS`, from the first of `dirs` that has
    them; an `ImageError` naming the Debian package when a script has none."""
    files: list[list[Path]] = []
    families: list[str] = []
    for script in FONTS:
        found = _first_installed(script, dirs)
        if found is None:
            wanted = script.choices[0]
            others = "".join(f" or {choice.package}" for choice in script.choices[1:])
            folder = Path("/usr/share/fonts") / Path(wanted.regular).parent
            raise ImageError(
                f"no font for {script.name} text in the chart files and share images: "
                f"install the Debian package {wanted.package} (`apt-get install "
                f"{wanted.package}` puts {Path(wanted.regular).name} in {folder}/){others}; "
                f"looked in {', '.join(str(d) for d in dirs)}"
            )
        families.append(found[0].family)
        files.append(found[1])
    stamps = []
    for path in (path for paths in files for path in paths):
        stat = path.stat()
        stamps.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    base = tuple(str(p) for p in files[0])
    wide = tuple(str(p) for paths in files[1:] for p in paths)
    return Fonts(base, wide, families[0], "\n".join(stamps))


def _first_installed(script: Script, dirs: tuple[Path, ...]) -> tuple[FontFiles, list[Path]] | None:
    for choice in script.choices:
        for folder in dirs:
            paths = [folder / choice.regular, folder / choice.bold]
            if all(path.is_file() for path in paths):
                return choice, paths
    return None


# --- PNG


def _rasterise(svg: str, fonts: Fonts) -> bytes:
    """The PNG of `svg`, drawn with `fonts` alone."""
    try:
        return resvg_py.svg_to_bytes(
            svg_string=svg,
            skip_system_fonts=True,
            font_files=fonts.for_svg(svg),
            sans_serif_family=fonts.sans,
        )
    except ValueError as error:
        raise ImageError(f"resvg cannot draw this SVG: {error}") from None


def cache_key(svg: str, fonts: Fonts) -> str:
    """What a PNG is filed under: the SVG text, the renderer's version and the fonts."""
    return hashlib.sha256("\0".join((RENDERER, fonts.fingerprint, svg)).encode()).hexdigest()


def png(svg: str, cache: Path | None = None, fonts: Fonts | None = None) -> bytes:
    """`svg` drawn as PNG; kept in the folder `cache` (when given) and read back from
    it instead of drawn again while the SVG, resvg and the fonts are the same."""
    fonts = fonts or find_fonts()
    path = cache / f"{cache_key(svg, fonts)}.png" if cache is not None else None
    data = _cached(path)
    if data is None:
        data = _rasterise(svg, fonts)
        if path is not None:
            _write_whole(path, data)
    return data


def _cached(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if data.startswith(PNG_SIGNATURE) else None


# Drawing in several processes pays when this many images are not in the cache: a
# process started afresh ("spawn") takes about 0.3 s (importing this module), the time
# of drawing four or five images; a forked one starts at once.
POOL_FROM = 24


def pngs(
    svgs: Mapping[str, str],
    cache: Path | None = None,
    fonts: Fonts | None = None,
    workers: int | None = None,
) -> dict[str, bytes]:
    """Each of `svgs` (by name) drawn as PNG, as `png` draws it: those in `cache` read
    back, the others drawn, in a pool of `workers` processes (by default one per
    core) when there are at least POOL_FROM of them, else (or when no pool can start)
    in this process. The bytes are the same whichever process draws an image."""
    fonts = fonts or find_fonts()
    out: dict[str, bytes] = {}
    missing: dict[str, str] = {}
    for name, svg in svgs.items():
        data = _cached(cache / f"{cache_key(svg, fonts)}.png" if cache is not None else None)
        if data is None:
            missing[name] = svg
        else:
            out[name] = data
    workers = min(workers or os.cpu_count() or 1, len(missing))
    drawn = _in_pool(missing, fonts, workers) if len(missing) >= POOL_FROM > 0 else None
    if drawn is None:
        drawn = {name: _rasterise(svg, fonts) for name, svg in missing.items()}
    for name, svg in missing.items():
        if cache is not None:
            _write_whole(cache / f"{cache_key(svg, fonts)}.png", drawn[name])
        out[name] = drawn[name]
    return {name: out[name] for name in svgs}


def _in_pool(svgs: Mapping[str, str], fonts: Fonts, workers: int) -> dict[str, bytes] | None:
    """`svgs` drawn by a pool of `workers` processes; None when there is one worker or
    the pool cannot run (then the caller draws them itself). The processes are forked
    when this process has no other thread (they start at once and import nothing),
    else started afresh: forking a process whose other threads may hold a lock (a live
    preview's server) is not safe. A process started afresh imports the main module
    again, which a script must guard with `if __name__ == "__main__"`; when it cannot
    (a script read from the standard input), the pool breaks and the caller draws."""
    if workers < 2:
        return None
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, len(svgs) // (workers * 4))
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            done = pool.map(_rasterise, svgs.values(), repeat(fonts), chunksize=chunk)
            return dict(zip(svgs, done, strict=True))
    except (BrokenProcessPool, OSError):
        return None


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height, from its header."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# --- text that fits

# Widths in ems, a little over DejaVu Sans's (so that a line estimated to fit does).
_NARROW, _NARROW_BOLD, _WIDE = 0.62, 0.7, 1.0


def ems(text: str, bold: bool = False) -> float:
    """About how wide `text` is set, in ems: East Asian wide characters (Hangul, CJK)
    take a whole em, others a little over DejaVu Sans's average."""
    narrow = _NARROW_BOLD if bold else _NARROW
    return sum(_WIDE if unicodedata.east_asian_width(c) in "WF" else narrow for c in text)


def fit(text: str, width: float, lines: int, bold: bool = False) -> list[str]:
    """`text` in at most `lines` lines of at most `width` ems, broken between words
    (inside a word only when it is longer than a line); what does not fit ends in "…"."""
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        while ems(word, bold) > width:  # a word longer than a line: break it
            cut = len(word)
            while cut > 1 and ems(word[:cut], bold) > width:
                cut -= 1
            if current:
                out.append(current)
                current = ""
            out.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if ems(candidate, bold) <= width:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) <= lines:
        return out or [""]
    kept = out[:lines]
    last = kept[-1]
    while last and ems(last + "…", bold) > width:
        last = last[:-1].rstrip()
    kept[-1] = last + "…"
    return kept


# --- share cards

CARD_WIDTH, CARD_HEIGHT = 1200, 630
CARD_MARGIN = 64
ACCENT = "#3f51b5"  # the site's primary colour (Material's indigo)
INK, MUTED = "#1f1f1f", "#5f6368"


@dataclass(frozen=True)
class CardText:
    y: float
    text: str


@dataclass(frozen=True)
class CardLine:
    y: float
    figure: str
    claimant: str


@dataclass(frozen=True)
class Card:
    site: str
    title: list[CardText]
    title_size: int
    said: list[CardLine]
    said_size: int
    more: CardText | None  # "and 3 more figures" when not all fit
    footer: str


def card(
    site: str,
    title: str,
    said: Sequence[tuple[str, str]] = (),
    footer: str = "",
    language: Language = ENGLISH,
) -> Card:
    """Lay out a share card: the site's name (left out when it is the title, as on the
    home page of a site named for its briefing), `title` and lines of who says what,
    `(figure, claimant)` ("about 11,000", "South Korea's NIS"), as many as fit."""
    site = "" if site.strip() == title.strip() else site
    width = CARD_WIDTH - 2 * CARD_MARGIN
    size = 56 if len(title) <= 60 else 46
    title_lines = fit(title, width / size, 2 if said else 4, bold=True)
    y = 170.0
    heading = []
    for line in title_lines:
        heading.append(CardText(y, line))
        y += size * 1.2
    said_size = 34
    row = said_size * 1.45
    bottom = CARD_HEIGHT - (100 if footer else 60)
    room = int((bottom - y) // row)
    shown = list(said) if len(said) <= room else list(said)[: max(room - 1, 0)]
    lines = []
    y += 36
    for figure, claimant in shown:
        figure_ems = ems(figure + "  ", bold=True)
        rest = fit(claimant, width / said_size - figure_ems, 1)[0]
        lines.append(CardLine(y, figure, rest))
        y += row
    more = None
    if len(shown) < len(said):
        left = len(said) - len(shown)
        words = language.ngettext("and {count} more figure", "and {count} more figures", left)
        more = CardText(y, words.format(count=format_number(left, language)))
    footer = fit(footer, width / 24, 1)[0] if footer else ""
    return Card(site, heading, size, lines, said_size, more, footer)


def card_svg(
    site: str,
    title: str,
    said: Sequence[tuple[str, str]] = (),
    footer: str = "",
    env: jinja2.Environment | None = None,
    language: Language = ENGLISH,
) -> str:
    """The SVG of a share card (see `card`); `footer` is a line at the bottom, such as
    the site's address."""
    layout = card(site, title, said, footer, language)
    return (
        (env or environment())
        .get_template("card.svg.j2")
        .render(
            card=layout,
            width=CARD_WIDTH,
            height=CARD_HEIGHT,
            margin=CARD_MARGIN,
            fonts=FAMILIES,
            wide_fonts=WIDE_FAMILIES,
            is_wide=is_wide,
            accent=ACCENT,
            ink=INK,
            muted=MUTED,
            description=card_text(title, said),
        )
    )


def card_text(title: str, said: Sequence[tuple[str, str]]) -> str:
    """A card's text alternative: the title and every line of who says what."""
    return "; ".join([title, *(f"{claimant}: {figure}" for figure, claimant in said)])


# --- chart files

CHART_WIDTH = 1200
CHART_MARGIN = 48
CHART_SCALE = 1.4  # the page's 13px labels at about 18px
CHAR_WIDTH = 7.6  # a 13px label's average character, a little over, in pixels


SOURCE_LINE = N_("Source: {title}, {publisher}, {published}")


def source_line(source: Source, language: Language = ENGLISH) -> str:
    """An article as a chart's source line: “Title”, Publisher, 17 November 2024
    (an editors' description of an untitled article in brackets)."""
    title = f"[{source.title}]" if source.title_supplied else f"\u201c{source.title}\u201d"
    return language.gettext(SOURCE_LINE).format(
        title=title, publisher=source.publisher, published=published(source, language)
    )


def chart_svg(
    title: str,
    estimates: list[Estimate],
    claimants: dict[str, str],
    sources: dict[str, str],
    site: str,
    updated: str = "",
    env: jinja2.Environment | None = None,
    language: Language = ENGLISH,
) -> str:
    """A quantity's range chart as a file of its own: `title` over it, each figure
    with its claimant (`claimants[id]`) and its article under it (`sources[id]`, such
    as `source_line(source)`), and the site's name and `updated` (a date in words)
    under the chart."""
    inner = (CHART_WIDTH - 2 * CHART_MARGIN) / CHART_SCALE
    layout = charts.range_chart(
        estimates, claimants, sources, int(inner / CHAR_WIDTH), language=language
    )
    heading = []
    y = 60.0
    for line in fit(title, (CHART_WIDTH - 2 * CHART_MARGIN) / 30, 3, bold=True):
        heading.append(CardText(y, line))
        y += 38
    top = y + 4
    bottom = top + layout.height * CHART_SCALE
    footer_y = bottom + 40
    desc = "; ".join(
        f"{m.label}. {sources[m.fact_id]}" if sources.get(m.fact_id) else m.label
        for m in layout.marks
    )
    return (
        (env or environment())
        .get_template("chart-file.svg.j2")
        .render(
            chart=layout,
            heading=heading,
            title=title,
            desc=desc,
            site=site,
            updated=updated,
            _=template_words(language)[0],
            width=CHART_WIDTH,
            height=int(footer_y + 28),
            margin=CHART_MARGIN,
            top=top,
            scale=CHART_SCALE,
            inner=round(inner, 2),
            footer_y=footer_y,
            fonts=FAMILIES,
            wide_fonts=WIDE_FAMILIES,
            is_wide=is_wide,
            accent=ACCENT,
            ink=INK,
            muted=MUTED,
        )
    )
