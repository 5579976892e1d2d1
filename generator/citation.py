"""Cite this: a fact or a quantity of a briefing as a reader copies it into a story or a
reference manager.

`of_fact` and `of_quantity` gather what a citation names (the briefing, what is cited,
each figure's claimants and article, the permalink and the day it was read) into a
`Citation`; each format is made from that alone:

- `text`: one line in plain words, to paste into a story (its words are `wording.py`'s);
- `bibtex`: a `@misc` entry, every LaTeX special character escaped, its key stable
  (`fact:ID` or `quantity:ID`, so a renamed title never changes it);
- `csl`: a CSL-JSON item (`csl_json`: the list of one item reference managers import),
  `type` "dataset" for figures and "webpage" for other claims, `issued` at the precision
  of the date the briefing gives the fact and no more;
- `ris`: the same as a RIS record.

No markup is made here: templates lay the formats out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import quote

from generator.corpus import Corpus, FactRecord
from generator.dates import FuzzyDate, Point
from generator.i18n import ENGLISH, Language
from generator.model import Claimant, Estimate, Quantity, Source
from generator.views import when_of
from generator.wording import (
    according_to,
    article_words,
    citation_line,
    date_words,
    figure_words,
    status_words,
)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Figure:
    """One cited fact: what it says in a citation's words, who says it, its article."""

    fact: FactRecord
    words: str  # an estimate's figure ("about 1,500 troops (sent), by ..."), else the claim
    claimants: tuple[Claimant, ...]
    source: Source
    language: Language = field(default=ENGLISH, compare=False)  # of the citation's words

    @property
    def attributed(self) -> str:
        """What it says, who says it and where: the figure's part of the plain citation."""
        said = according_to(list(self.claimants), self.source, self.language)
        return self.language.gettext("{figure}, {according_to}").format(
            figure=self.words, according_to=said
        )


@dataclass(frozen=True)
class Citation:
    """Everything a citation of one fact or one quantity names."""

    key: str  # fact:ID or quantity:ID
    type: Literal["dataset", "webpage"]
    subject: str  # the quantity a figure measures; "" for another claim
    title: str  # what is cited, without who says it
    figures: tuple[Figure, ...]
    issued: FuzzyDate | None  # the date the briefing gives what is cited
    briefing: str  # the briefing's title
    site: str  # the site's name ("" when it is the briefing's title)
    permalink: str
    accessed: date
    language: str = "en"

    @property
    def authors(self) -> list[str]:
        """Every figure's claimants, each once, in order."""
        return list(dict.fromkeys(c.name for f in self.figures for c in f.claimants))


def permalink(site_url: str, page_url: str, anchor: str = "") -> str:
    """The address of `anchor` on a page: absolute when the site's address is known
    ("https://example.org/briefing/estimates/troops/#nis-1500"), else from the site's root."""
    base = site_url.rstrip("/") + "/" if site_url else "/"
    return base + page_url.lstrip("/") + (f"#{anchor}" if anchor else "")


def figure(corpus: Corpus, fact: FactRecord, language: Language = ENGLISH) -> Figure:
    """A fact as a citation names it, with its claimants and article from `corpus`, in
    `language`."""
    claimants = tuple(corpus.claimant_by_id[c] for c in fact.claimant)
    source = corpus.source_by_id[fact.source]
    if isinstance(fact, Estimate):
        quantity = corpus.quantity_by_id[fact.quantity]
        status = status_words(corpus.vocabulary, fact.status, language) if fact.status else ""
        words = figure_words(fact, fact.unit or quantity.unit, status, language)
    else:  # the claim, its full stop left to the formats
        words = " ".join(fact.text.split())
        words = words[:-1] if words.endswith(".") and not words.endswith("..") else words
    return Figure(fact, words, claimants, source, language)


def of_fact(
    corpus: Corpus, fact: FactRecord, link: str, accessed: date, site_name: str = ""
) -> Citation:
    """The citation of one fact, at its permalink `link`, read on `accessed`."""
    cited = figure(corpus, fact)
    if isinstance(fact, Estimate):
        subject = corpus.quantity_by_id[fact.quantity].label
        title = f"{subject}: {cited.words}"
    else:
        subject, title = "", cited.words
    return _citation(
        corpus,
        f"fact:{fact.id}",
        "dataset" if isinstance(fact, Estimate) else "webpage",
        subject,
        title,
        (cited,),
        link,
        accessed,
        site_name,
    )


def of_quantity(
    corpus: Corpus,
    quantity: Quantity,
    estimates: Sequence[Estimate],
    link: str,
    accessed: date,
    site_name: str = "",
    language: Language = ENGLISH,
) -> Citation:
    """The citation of a quantity by the figures that sum it up (its headline, or the two
    figures of a dispute: the caller's choice), at `link`, read on `accessed`; its words
    in `language` (the page's)."""
    return _citation(
        corpus,
        f"quantity:{quantity.id}",
        "dataset",
        quantity.label,
        quantity.label,
        tuple(figure(corpus, e, language) for e in estimates),
        link,
        accessed,
        site_name,
        language,
    )


def _citation(
    corpus: Corpus,
    key: str,
    kind: Literal["dataset", "webpage"],
    subject: str,
    title: str,
    figures: tuple[Figure, ...],
    link: str,
    accessed: date,
    site_name: str,
    language: Language = ENGLISH,
) -> Citation:
    briefing = corpus.briefing
    name = briefing.title if briefing else site_name
    dates = [_date_of(f) for f in figures]
    return Citation(
        key=key,
        type=kind,
        subject=subject,
        title=title,
        figures=figures,
        issued=max(dates, key=FuzzyDate.sort_key) if dates else None,
        briefing=name,
        site="" if site_name == name else site_name,
        permalink=link,
        accessed=accessed,
        language=(
            language.code
            if language is not ENGLISH
            else (briefing.language if briefing else None) or "en"
        ),
    )


def _date_of(cited: Figure) -> FuzzyDate:
    """The date the briefing places a fact at, else its article's."""
    return when_of(cited.fact) or cited.source.published_date


# --- plain text


def text(citation: Citation) -> str:
    """One line: what is cited with who says it and where, the briefing, the permalink
    and the day it was read."""
    said = "; ".join(f.attributed for f in citation.figures)
    what = f"{citation.subject}: {said}" if citation.subject and said else citation.subject or said
    language = citation.figures[0].language if citation.figures else ENGLISH
    return citation_line(what, citation.briefing, citation.permalink, citation.accessed, language)


def note(citation: Citation) -> str:
    """The articles behind what is cited, for the formats' note: the article of a fact;
    for a quantity, each figure with who gives it and where."""
    if citation.key.startswith("fact:"):
        return "; ".join(
            _linked(article_words(f.source, f.language), f.source) for f in citation.figures
        )
    return "; ".join(_linked(f.attributed, f.source) for f in citation.figures)


def _linked(words: str, source: Source) -> str:
    return words + (f", {source.url}" if source.url else "")


# --- dates


def _parts(day: date, precision: str) -> list[int]:
    if precision == "day":
        return [day.year, day.month, day.day]
    if precision == "month":
        return [day.year, day.month]
    return [day.year]


def _bounds(point: Point) -> tuple[list[int], list[int]]:
    """The first and last date-parts a point means: one month or year, or for a stretch
    (part of a year, a decade or part of one) its first and last month or year."""
    if point.part and point.precision == "year":  # early 2024: January to April
        return _parts(point.earliest, "month"), _parts(point.latest, "month")
    if point.part or point.precision == "decade":
        return _parts(point.earliest, "year"), _parts(point.latest, "year")
    parts = _parts(point.earliest, point.precision)
    return parts, parts


def date_parts(when: FuzzyDate) -> list[list[int]] | None:
    """CSL date-parts at the date's precision: one date, or the first and last of a
    stretch or span; None for an open date ("by ...", "after ..."), which has no bounds."""
    if when.start is None or when.end is None:
        return None
    first, _ = _bounds(when.start)
    _, last = _bounds(when.end)
    return [first] if first == last else [first, last]


def csl_date(when: FuzzyDate) -> dict[str, Any]:
    """A CSL date: date-parts (with `circa` for an approximate or uncertain date), or the
    date in words when it is open at one end."""
    parts = date_parts(when)
    if parts is None:
        return {"literal": date_words(when)}
    value: dict[str, Any] = {"date-parts": parts}
    if when.is_approximate:
        value["circa"] = True
    return value


# --- CSL-JSON


def csl(citation: Citation) -> dict[str, Any]:
    """The CSL-JSON item (valid against the CSL-JSON schema, csl-data.json)."""
    item: dict[str, Any] = {
        "id": citation.key,
        "type": citation.type,
        "title": citation.title,
        "container-title": citation.briefing,
        "URL": citation.permalink,
        "accessed": {"date-parts": [_parts(citation.accessed, "day")]},
        "language": citation.language,
    }
    if citation.figures:
        item["author"] = [{"literal": name} for name in citation.authors]
        item["note"] = note(citation)
    if citation.site:
        item["publisher"] = citation.site
    if citation.issued is not None:
        item["issued"] = csl_date(citation.issued)
    return item


def csl_json(citation: Citation) -> str:
    """CSL-JSON as reference managers import it: a list of one item."""
    return json.dumps([csl(citation)], ensure_ascii=False, indent=2) + "\n"


# --- BibTeX

# LaTeX's special characters, as text commands: a brace escaped as \{ would still count
# in BibTeX's brace matching, so braces are written as commands too.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Pairs TeX would join into one character: -- and --- (dashes), `` and '' (quotes), << >>.
_LIGATURE = re.compile(r"(?<=([-`'<>!?]))(?=\1)|(?<=[!?])(?=`)")


def latex(value: str) -> str:
    """Text as LaTeX prints it back, character for character: specials escaped, the
    pairs TeX would join kept apart, spaces and line breaks folded into one space."""
    value = " ".join(value.split())
    value = "".join(_LATEX.get(c, c) for c in value)
    return _LIGATURE.sub("{}", value)


def _url(value: str) -> str:
    """An address for the verbatim `url` field: braces, backslashes and spaces encoded."""
    return quote(value, safe="".join(chr(c) for c in range(33, 127) if chr(c) not in "{}\\"))


def bibtex(citation: Citation) -> str:
    """A BibTeX `@misc` entry (biblatex reads its `date`, `url` and `urldate` too)."""
    fields: list[tuple[str, str]] = []
    if citation.figures:
        authors = " and ".join("{" + latex(name) + "}" for name in citation.authors)
        fields.append(("author", "{" + authors + "}"))
    fields.append(("title", "{{" + latex(citation.title) + "}}"))
    fields.append(("howpublished", "{" + latex(citation.briefing) + "}"))
    if citation.site:
        fields.append(("publisher", "{" + latex(citation.site) + "}"))
    fields.extend(_bibtex_dates(citation.issued))
    fields.append(("url", "{" + _url(citation.permalink) + "}"))
    fields.append(("urldate", "{" + citation.accessed.isoformat() + "}"))
    if citation.figures:
        fields.append(("note", "{" + latex(note(citation)) + "}"))
    fields.append(("language", "{" + latex(citation.language) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{citation.key},\n{body}\n}}\n"


def _bibtex_dates(when: FuzzyDate | None) -> Iterable[tuple[str, str]]:
    """year and month (BibTeX), date (biblatex: one date or a range), at the date's
    precision; nothing for a date open at one end, which no field can hold."""
    parts = date_parts(when) if when is not None else None
    if parts is None:
        return []
    first, last = parts[0], parts[-1]
    year = str(first[0]) if first[0] == last[0] else f"{first[0]}--{last[0]}"
    found = [("year", "{" + year + "}")]
    if first[:2] == last[:2] and len(first) > 1:
        found.append(("month", MONTHS[first[1] - 1]))
    iso = ["-".join(f"{n:02d}" if i else f"{n:04d}" for i, n in enumerate(p)) for p in parts]
    found.append(("date", "{" + "/".join(iso) + "}"))
    return found


# --- RIS


def ris(citation: Citation) -> str:
    """A RIS record: DATA for figures, ELEC for other claims."""
    lines = [("TY", "DATA" if citation.type == "dataset" else "ELEC"), ("ID", citation.key)]
    lines += [("AU", name) for name in citation.authors]
    lines += [("TI", citation.title), ("T2", citation.briefing)]
    if citation.site:
        lines.append(("PB", citation.site))
    parts = date_parts(citation.issued) if citation.issued is not None else None
    if parts is not None:
        first = parts[0]
        lines.append(("PY", str(first[0])))
        lines.append(("DA", "/".join(f"{n:02d}" for n in first) + "/"))
    lines.append(("UR", citation.permalink))
    lines.append(("Y2", citation.accessed.strftime("%Y/%m/%d/")))
    if citation.figures:
        lines.append(("N1", note(citation)))
    lines.append(("LA", citation.language))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines)
