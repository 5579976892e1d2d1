"""Cite this: the plain-text, BibTeX, CSL-JSON and RIS citations of a fact or a quantity
parse with the libraries reference managers use, keep every character, and name the
briefing, the claimant, the article and its date, the permalink and the day read; and
the CITATION.cff that `init` writes is valid Citation File Format."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import yaml
from bibtexparser import middlewares
from citeproc import (
    Citation as CiteprocCitation,
)
from citeproc import (
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from generator import citation, project
from generator.corpus import Corpus
from generator.model import Briefing, Claimant, Estimate, Quantity, Source, Statement
from generator.pipeline import check_facts

REPO = Path(__file__).resolve().parent.parent
CSL_SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "csl" / "csl-data.json").read_text())
READ = date(2026, 12, 6)
LINK = "https://example.org/briefing/estimates/troops/#nis-1500"
# Characters a format must escape or keep: quotes, LaTeX's specials, TeX's ligatures,
# Cyrillic and Hangul.
HOSTILE = "The \"hoax\" {claim} :-} \\ 100% & #1 $5 a_b ~x^2 -- `` '' Кремль 국가정보원"


def _corpus(
    *,
    title: str = "North Korean troops in Russia's war",
    claimant: str = "South Korea's National Intelligence Service",
    publisher: str = "Bloomberg",
    article: str = "North Korea sends troops",
    text: str = "South Korea's spy agency said about 1,500 troops had been sent.",
    as_of: str = "2024-10-18",
    url: str | None = "https://www.example.com/news/2024-10-22/troops?id=1&x=%20",
) -> Corpus:
    """A briefing with one article, two claimants, one quantity and three facts."""
    source: dict[str, Any] = {
        "id": "article",
        "publisher": publisher,
        "title": article,
        "published": "2024-10-22",
    }
    if url:
        source["url"] = url
    corpus = Corpus(Path("facts"))
    corpus.briefings = [Briefing.model_validate({"title": title, "summary": "A summary."})]
    corpus.sources = [Source.model_validate(source)]
    corpus.claimants = [
        Claimant.model_validate({"id": "nis", "name": claimant, "kind": "intelligence-agency"}),
        Claimant.model_validate({"id": "paper", "name": publisher, "kind": "news-organisation"}),
    ]
    corpus.quantities = [
        Quantity.model_validate(
            {"id": "troops", "label": "North Korean troops sent", "unit": "troops", "topic": "t"}
        )
    ]
    common = {"topics": ["t"], "source": "article"}
    corpus.facts = [
        Estimate.model_validate(
            {
                **common,
                "id": "nis-1500",
                "kind": "estimate",
                "text": text,
                "claimant": "nis",
                "quantity": "troops",
                "bound": "about",
                "value": 1500,
                "status": "sent",
                "as_of": as_of,
            }
        ),
        Estimate.model_validate(
            {
                **common,
                "id": "nis-12000",
                "kind": "estimate",
                "text": "About 12,000 troops are planned.",
                "claimant": "nis",
                "quantity": "troops",
                "bound": "about",
                "value": 12000,
                "low": 10000,
                "high": 14000,
                "status": "planned",
                "as_of": "2024-11",
            }
        ),
        Statement.model_validate(
            {
                **common,
                "id": "paper-says",
                "kind": "statement",
                "text": text,
                "claimant": "paper",
            }
        ),
    ]
    return corpus


def _of(corpus: Corpus, fact_id: str, link: str = LINK) -> citation.Citation:
    return citation.of_fact(corpus, corpus.fact_by_id[fact_id], link, READ)


def _latex_decoder() -> LatexNodes2Text:
    """pylatexenc, taught three of LaTeX's text commands its table lacks or maps to another
    character: the braces (which it drops) and the circumflex (U+02C6, not ^)."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "text-commands",
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
        ],
        prepend=True,
    )
    return LatexNodes2Text(latex_context=context)


def _parse_bibtex(text: str) -> dict[str, str]:
    """The one entry's fields as LaTeX prints them (pylatexenc decodes the escapes)."""
    decoding = middlewares.LatexDecodingMiddleware(decoder=_latex_decoder())
    library = bibtexparser.parse_string(text, append_middleware=[decoding])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert len(library.entries) == 1
    entry = library.entries[0]
    return {"ENTRYTYPE": entry.entry_type, "ID": entry.key} | {
        f.key: str(f.value) for f in entry.fields
    }


def _parse_bibtex_raw(text: str) -> dict[str, str]:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return {f.key: str(f.value) for f in library.entries[0].fields}


# --- plain text


def test_text_names_figure_claimant_article_date_briefing_permalink_and_day_read() -> None:
    line = citation.text(_of(_corpus(), "nis-1500"))
    assert line == (
        "North Korean troops sent: about 1,500 troops (sent), as of 18 October 2024, "
        "according to South Korea's National Intelligence Service, reported in Bloomberg, "
        '"North Korea sends troops", 22 October 2024. '
        f"In North Korean troops in Russia's war, {LINK} (accessed 6 December 2026)."
    )
    assert "\n" not in line


def test_text_of_a_publisher_speaking_for_itself_names_it_once() -> None:
    line = citation.text(_of(_corpus(), "paper-says"))
    assert line.startswith(
        "South Korea's spy agency said about 1,500 troops had been sent, according to "
        'Bloomberg, "North Korea sends troops", 22 October 2024. In '
    )
    assert "reported in" not in line and "sent.," not in line


def test_text_of_a_quantity_names_each_figure_with_its_claimant_and_article() -> None:
    corpus = _corpus()
    quantity = corpus.quantity_by_id["troops"]
    figures = [corpus.fact_by_id["nis-1500"], corpus.fact_by_id["nis-12000"]]
    assert isinstance(figures[0], Estimate) and isinstance(figures[1], Estimate)
    cited = citation.of_quantity(corpus, quantity, figures, LINK, READ)
    line = citation.text(cited)
    assert line.startswith("North Korean troops sent: about 1,500 troops (sent), as of 18 ")
    assert "; about 12,000 troops (range 10,000 to 14,000) (planned), as of November 2024, " in line
    assert line.count("according to South Korea's National Intelligence Service") == 2
    assert cited.key == "quantity:troops" and cited.type == "dataset"
    assert cited.authors == ["South Korea's National Intelligence Service"]  # once
    # The figure whose date is latest dates the quantity.
    assert citation.csl(cited)["issued"] == {"date-parts": [[2024, 11]]}


def test_title_the_editors_supplied_is_shown_in_brackets() -> None:
    corpus = _corpus()
    corpus.sources = [corpus.sources[0].model_copy(update={"title_supplied": True})]
    assert '"[North Korea sends troops]"' in citation.text(_of(corpus, "nis-1500"))


def test_permalink_is_absolute_with_the_sites_address_else_from_its_root() -> None:
    assert (
        citation.permalink("https://example.org/nk", "estimates/troops/", "nis-1500")
        == "https://example.org/nk/estimates/troops/#nis-1500"
    )
    assert citation.permalink("", "estimates/troops/") == "/estimates/troops/"


# --- BibTeX


def test_bibtex_parses_and_names_every_part() -> None:
    fields = _parse_bibtex(citation.bibtex(_of(_corpus(), "nis-1500")))
    assert fields["ENTRYTYPE"] == "misc" and fields["ID"] == "fact:nis-1500"
    assert fields["author"] == "South Korea's National Intelligence Service"
    assert fields["title"] == (
        "North Korean troops sent: about 1,500 troops (sent), as of 18 October 2024"
    )
    assert fields["howpublished"] == "North Korean troops in Russia's war"
    assert fields["note"] == (
        'Bloomberg, "North Korea sends troops", 22 October 2024, '
        "https://www.example.com/news/2024-10-22/troops?id=1&x=%20"
    )
    assert fields["urldate"] == "2026-12-06"
    assert (fields["year"], fields["month"], fields["date"]) == ("2024", "oct", "2024-10-18")
    # The address is verbatim (biblatex's url field): % and # stay as they are.
    assert _parse_bibtex_raw(citation.bibtex(_of(_corpus(), "nis-1500")))["url"] == LINK


def test_bibtex_keeps_every_character_of_hostile_text() -> None:
    corpus = _corpus(
        title=HOSTILE, claimant=HOSTILE + " agency", article=HOSTILE, text=HOSTILE + "."
    )
    entry = citation.bibtex(_of(corpus, "paper-says"))
    fields = _parse_bibtex(entry)
    assert fields["title"] == HOSTILE
    assert fields["howpublished"] == HOSTILE
    assert f'"{HOSTILE}"' in fields["note"]
    fields = _parse_bibtex(citation.bibtex(_of(corpus, "nis-1500")))
    assert fields["author"] == HOSTILE + " agency"  # one name: " and " inside it splits nothing
    # BibTeX matches braces without regard to backslashes: every value stays balanced.
    for value in _parse_bibtex_raw(entry).values():
        assert value.count("{") == value.count("}")


def test_bibtex_address_with_braces_or_spaces_is_encoded() -> None:
    link = "https://example.org/a b/{x}\\y#z"
    fields = _parse_bibtex_raw(citation.bibtex(_of(_corpus(), "nis-1500", link)))
    assert fields["url"] == "https://example.org/a%20b/%7Bx%7D%5Cy#z"


def test_bibtex_author_list_names_each_claimant_apart() -> None:
    corpus = _corpus(claimant="Ministry of Trade and Industry")
    fact = corpus.fact_by_id["paper-says"].model_copy(update={"claimant": ["nis", "paper"]})
    corpus.facts = [fact]
    library = bibtexparser.parse_string(
        citation.bibtex(citation.of_fact(corpus, fact, LINK, READ)),
        append_middleware=[middlewares.SeparateCoAuthors()],
    )
    assert library.entries[0]["author"] == ["{Ministry of Trade and Industry}", "{Bloomberg}"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-10-18", {"year": "2024", "month": "oct", "date": "2024-10-18"}),
        ("2024-10", {"year": "2024", "month": "oct", "date": "2024-10"}),
        ("2024", {"year": "2024", "date": "2024"}),
        ("late 2024", {"year": "2024", "date": "2024-09/2024-12"}),
        ("197X", {"year": "1970--1979", "date": "1970/1979"}),
        ("../2024-10-22", {}),  # no field holds "by 22 October 2024"
    ],
)
def test_bibtex_dates_keep_the_facts_precision(written: str, expected: dict[str, str]) -> None:
    fields = _parse_bibtex_raw(citation.bibtex(_of(_corpus(as_of=written), "nis-1500")))
    assert {k: v for k, v in fields.items() if k in ("year", "month", "date")} == expected


def test_bibtex_key_is_the_kind_and_id_whatever_the_words() -> None:
    first = _of(_corpus(title="One", article="A"), "nis-1500")
    second = _of(_corpus(title="Two", article="B"), "nis-1500")
    assert first.key == second.key == "fact:nis-1500"
    assert citation.bibtex(first).startswith("@misc{fact:nis-1500,\n")


# --- CSL-JSON


def _valid_csl(text: str) -> list[dict[str, Any]]:
    items = json.loads(text)
    jsonschema.Draft7Validator(CSL_SCHEMA).validate(items)
    return items


def test_csl_json_is_valid_and_names_every_part() -> None:
    (item,) = _valid_csl(citation.csl_json(_of(_corpus(), "nis-1500")))
    assert item["id"] == "fact:nis-1500" and item["type"] == "dataset"
    assert item["author"] == [{"literal": "South Korea's National Intelligence Service"}]
    assert item["container-title"] == "North Korean troops in Russia's war"
    assert item["URL"] == LINK
    assert item["accessed"] == {"date-parts": [[2026, 12, 6]]}
    assert item["issued"] == {"date-parts": [[2024, 10, 18]]}
    assert "Bloomberg" in item["note"] and "22 October 2024" in item["note"]
    (claim,) = _valid_csl(citation.csl_json(_of(_corpus(), "paper-says")))
    assert claim["type"] == "webpage"
    assert claim["issued"] == {"date-parts": [[2024, 10, 22]]}  # undated: its article's day


@pytest.mark.parametrize(
    ("written", "issued"),
    [
        ("2024-10-18", {"date-parts": [[2024, 10, 18]]}),
        ("2024-10", {"date-parts": [[2024, 10]]}),
        ("2024", {"date-parts": [[2024]]}),
        ("early 2024", {"date-parts": [[2024, 1], [2024, 4]]}),
        ("197X", {"date-parts": [[1970], [1979]]}),
        ("late 197X", {"date-parts": [[1977], [1979]]}),
        ("late 197X/early 198X", {"date-parts": [[1977], [1983]]}),
        ("2024-09/2024-11-05", {"date-parts": [[2024, 9], [2024, 11, 5]]}),
        ("2024-10~", {"date-parts": [[2024, 10]], "circa": True}),
        ("2024?", {"date-parts": [[2024]], "circa": True}),
        ("../2024-10-22", {"literal": "by 22 October 2024"}),
        ("2024-10/..", {"literal": "since October 2024"}),
    ],
)
def test_csl_issued_keeps_the_facts_precision(written: str, issued: dict[str, Any]) -> None:
    (item,) = _valid_csl(citation.csl_json(_of(_corpus(as_of=written), "nis-1500")))
    assert item["issued"] == issued


def test_csl_json_keeps_every_character_of_hostile_text() -> None:
    corpus = _corpus(title=HOSTILE, claimant=HOSTILE, article=HOSTILE, text=HOSTILE)
    (item,) = _valid_csl(citation.csl_json(_of(corpus, "paper-says")))
    assert item["title"] == HOSTILE and item["container-title"] == HOSTILE
    assert f'"{HOSTILE}"' in item["note"]


def test_citeproc_formats_the_csl_json_with_claimant_year_and_permalink() -> None:
    corpus = _corpus(claimant="Кремль 국가정보원")
    items = [citation.csl(_of(corpus, i)) for i in ("nis-1500", "nis-12000", "paper-says")]
    bibliography = CitationStylesBibliography(
        CitationStylesStyle("harvard-cite-them-right", validate=False),
        CiteProcJSON(items),
        formatter.plain,
    )
    for item in items:
        bibliography.register(CiteprocCitation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 3
    figure = next(r for r in rendered if "1,500" in r)
    assert figure.startswith("Кремль 국가정보원 (2024)")
    assert LINK in figure and "Accessed: December 6, 2026" in figure


def test_every_fact_and_quantity_of_the_seed_gives_valid_citations() -> None:
    corpus = check_facts(REPO / "facts", today=READ).corpus
    cited = [citation.of_fact(corpus, f, LINK, READ) for f in corpus.facts]
    for quantity in corpus.quantities:
        figures = [f for f in corpus.facts if isinstance(f, Estimate) and f.quantity == quantity.id]
        cited.append(citation.of_quantity(corpus, quantity, figures, LINK, READ))
    assert len(cited) > 50
    _valid_csl(json.dumps([citation.csl(c) for c in cited]))
    library = bibtexparser.parse_string("\n".join(citation.bibtex(c) for c in cited))
    assert not library.failed_blocks and len(library.entries) == len(cited)
    assert len({e.key for e in library.entries}) == len(cited)


# --- RIS


def test_ris_is_one_record_of_tagged_lines() -> None:
    corpus = _corpus(text="A claim\nover two lines.")
    record = citation.ris(_of(corpus, "paper-says"))
    lines = record.splitlines()
    assert lines[0] == "TY  - ELEC" and lines[-1] == "ER  - "
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)
    tags = dict(line.split("  - ", 1) for line in lines)
    assert tags["TI"] == "A claim over two lines"
    assert tags["AU"] == "Bloomberg" and tags["UR"] == LINK and tags["Y2"] == "2026/12/06/"
    assert (tags["PY"], tags["DA"]) == ("2024", "2024/10/22/")
    assert citation.ris(_of(corpus, "nis-1500")).startswith("TY  - DATA\n")


# --- CITATION.cff


def _cff_schema() -> dict[str, Any]:
    vendored = resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads((vendored / "citation-file-format.json").read_text())


def test_init_writes_a_valid_citation_file_for_a_dataset() -> None:
    title = f"{HOSTILE}: {{{{x}}}} <b>"
    text = project.project_files(title, "sourced-briefing==0.1.0")["CITATION.cff"]
    cff = yaml.safe_load(text)
    jsonschema.Draft7Validator(
        _cff_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    ).validate(cff)
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset"
    assert cff["title"] == title
    assert cff["authors"] == [{"name": "The briefing's editors"}]  # for the editors to replace
    assert "date-released" not in cff  # a new project has released nothing
