"""The data downloads and the Atom feed, each row or entry with its citation."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, get_args

import jinja2
from pydantic import BaseModel

from generator.corpus import Corpus, FactRecord
from generator.dates import parse_date
from generator.i18n import ENGLISH, Language
from generator.model import (
    Bound,
    Briefing,
    Claimant,
    Estimate,
    Fact,
    Quantity,
    Source,
    Topic,
    json_schema,
)
from generator.views import Views
from generator.vocabulary import Vocabulary
from generator.wording import (
    COLUMN_WORDS,
    EDITORS,
    FACTS_TABLE_TITLE,
    UNTITLED_BRIEFING,
    attributed,
    change_detail_words,
    estimates_title,
    feed_change_summary,
    feed_change_title,
    feed_fact_summary,
    feed_fact_title,
    feed_notice_summary,
    feed_notice_title,
    source_title,
    status_words,
)

if TYPE_CHECKING:
    from generator.history import Change
    from generator.plan import SiteOptions

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Columns added since the first downloads, last in both tables so that the columns
# before them keep their places: corrections and withdrawal, a projection's hedge, and
# the figure a figure is part of.
LATER_COLUMNS = (
    "corrections",
    "withdrawn",
    "withdrawn_reason",
    "condition",
    "likelihood",
    "part_of",
)

FACT_COLUMNS = [
    "id",
    "kind",
    "topics",
    "date",
    "date_earliest",
    "date_latest",
    "text",
    "claimant",
    "via",
    "quote",
    "quantity",
    "value",
    "low",
    "high",
    "bound",
    "status",
    "as_of",
    "as_of_earliest",
    "as_of_latest",
    "source",
    "publisher",
    "title",
    "published",
    "url",
    "note",
    *LATER_COLUMNS,
]


QUANTITY_COLUMNS = [
    "id",
    "value",
    "low",
    "high",
    "bound",
    "unit",
    "status",
    "as_of",
    "as_of_earliest",
    "as_of_latest",
    "claimant",
    "via",
    "text",
    "source",
    "publisher",
    "title",
    "published",
    "url",
    *LATER_COLUMNS,
]
# Each column's type, for the Data Package (data/datapackage.json), with its meaning
# (wording.COLUMN_WORDS). Columns not listed are text.
_TYPES: dict[str, str] = {
    "date_earliest": "date",
    "date_latest": "date",
    "value": "number",
    "low": "number",
    "high": "number",
    "as_of_earliest": "date",
    "as_of_latest": "date",
    "withdrawn": "date",
}
FIELDS: dict[str, tuple[str, str]] = {
    name: (_TYPES.get(name, "string"), words) for name, words in COLUMN_WORDS.items()
}
ENUMS: dict[str, list[str]] = {
    "kind": ["event", "statement", "estimate"],
    "bound": list(get_args(Bound)),
}
TYPED = {name for name, (kind, _) in FIELDS.items() if kind != "string"}


class FactsJson(BaseModel):
    """The layout of data/facts.json; its JSON Schema is data/facts.schema.json."""

    briefing: Briefing | None
    sources: list[Source]
    claimants: list[Claimant]
    topics: list[Topic]
    quantities: list[Quantity]
    facts: list[Fact]


def figure(value: float | None) -> int | float | None:
    """A figure as a number a reader expects: 1500, not 1500.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def days(text: str | None) -> tuple[str | None, str | None]:
    """The earliest and latest ISO day a date can mean; None for an open side."""
    if not text:
        return None, None
    when = parse_date(text)
    first = when.start.earliest.isoformat() if when.start else None
    last = when.end.latest.isoformat() if when.end else None
    return first, last


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: formulas are neutralised with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def corrections_cell(fact: FactRecord) -> str | None:
    """A fact's corrections in one CSV cell, newest first, each its ISO day and the
    editors' words, separated by " | ": "2025-01-10: An earlier version gave ... |
    2024-12-01: ..." (empty when there are none; facts.json has them as a list)."""
    ordered = sorted(fact.corrections, key=lambda c: c.date, reverse=True)
    return " | ".join(f"{c.date.isoformat()}: {c.text}" for c in ordered) or None


def _row(fact: FactRecord, corpus: Corpus) -> dict[str, Any]:
    source = corpus.source_by_id[fact.source]
    row: dict[str, Any] = {
        "id": fact.id,
        "kind": fact.kind,
        "topics": " ".join(fact.topics),
        "date": fact.date,
        "date_earliest": days(fact.date)[0],
        "date_latest": days(fact.date)[1],
        "text": fact.text,
        "claimant": "; ".join(corpus.claimant_by_id[c].name for c in fact.claimant),
        "via": corpus.claimant_by_id[fact.via].name if fact.via else None,
        "quote": fact.quote,
        "source": source.id,
        "publisher": source.publisher,
        "title": source.title,
        "published": source.published,
        "url": source.url,
        "note": fact.note,
        "corrections": corrections_cell(fact),
        "withdrawn": fact.withdrawn.date.isoformat() if fact.withdrawn else None,
        "withdrawn_reason": fact.withdrawn.reason if fact.withdrawn else None,
    }
    if isinstance(fact, Estimate):
        row.update(
            quantity=fact.quantity,
            value=figure(fact.value),
            low=figure(fact.low),
            high=figure(fact.high),
            bound=fact.bound,
            status=fact.status,
            as_of=fact.as_of,
            as_of_earliest=days(fact.as_of)[0],
            as_of_latest=days(fact.as_of)[1],
            condition=fact.condition,
            likelihood=fact.likelihood,
            part_of=fact.part_of,
        )
    return row


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        # Numbers and ISO days are data, not formulas: only text cells are guarded.
        writer.writerow(
            [_plain(row.get(c)) if c in TYPED else safe_cell(row.get(c)) for c in columns]
        )
    return out.getvalue()


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _json_by_record(sections: dict[str, Any]) -> str:
    """The sections as JSON with one record per line: easy to read and to diff, and
    written by json's C encoder (an indented dump takes its Python one, 3x slower)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in sections.items():
        if isinstance(value, list) and value:
            lines = ",\n".join(["    " + encode(v) for v in value])
            parts.append(f"  {encode(key)}: [\n{lines}\n  ]")
        else:
            parts.append(f"  {encode(key)}: {encode(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


@functools.cache
def _schemas(vocabulary: Vocabulary) -> tuple[str, str]:
    """The JSON Schemas of a fact file and of facts.json: the same for every build
    (they follow from the code), so written once per process (a live preview's
    rebuilds would spend a tenth of their time making them again)."""
    schema = FactsJson.model_json_schema(mode="serialization")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return (
        json.dumps(json_schema(vocabulary), indent=2, ensure_ascii=False) + "\n",
        json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
    )


def columns(corpus: Corpus) -> tuple[list[str], list[str]]:
    """The columns of facts.csv and of a quantity's CSV; a site of several briefings'
    downloads begin with each fact's briefing."""
    if corpus.parts:
        return ["briefing", *FACT_COLUMNS], ["briefing", *QUANTITY_COLUMNS]
    return FACT_COLUMNS, QUANTITY_COLUMNS


def downloads(corpus: Corpus, views: Views, language: Language = ENGLISH) -> dict[str, str]:
    facts = views.facts_in_order
    fact_rows = [_row(f, corpus) for f in facts]
    if corpus.parts:
        for fact, row in zip(facts, fact_rows, strict=True):
            row["briefing"] = corpus.part(fact)
    rows = {f.id: row for f, row in zip(facts, fact_rows, strict=True)}
    fact_columns, quantity_columns = columns(corpus)
    files = {
        "data/facts.csv": _csv(fact_rows, fact_columns),
        "data/schema.json": _schemas(corpus.vocabulary)[0],
    }
    everything = {
        "briefing": corpus.briefing.model_dump(mode="json") if corpus.briefing else None,
        "sources": [s.model_dump(mode="json", exclude_none=True) for s in views.sources],
        "claimants": [c.model_dump(mode="json", exclude_none=True) for c in corpus.claimants],
        "topics": [t.model_dump(mode="json") for t in views.topics],
        "quantities": [q.model_dump(mode="json", exclude_none=True) for q in corpus.quantities],
        "facts": [f.model_dump(mode="json", exclude_none=True) for f in facts],
    }
    files["data/facts.json"] = _json_by_record(everything)
    for quantity in views.quantities:
        estimates = views.estimates_by_quantity[quantity.id]
        quantity_rows = [{**rows[e.id], "unit": quantity.unit} for e in estimates]
        files[f"data/{quantity.id}.csv"] = _csv(quantity_rows, quantity_columns)
    files["data/facts.schema.json"] = _schemas(corpus.vocabulary)[1]
    files["data/datapackage.json"] = datapackage(corpus, views, language)
    return files


def _table(
    path: str,
    title: str,
    columns: list[str],
    vocabulary: Vocabulary,
    language: Language = ENGLISH,
) -> dict[str, Any]:
    enums = {**ENUMS, "status": list(vocabulary.statuses)}
    fields = []
    for name in columns:
        kind, description = FIELDS[name]
        description = language.gettext(description)
        field: dict[str, Any] = {"name": name, "type": kind, "description": description}
        if name in enums:
            field["constraints"] = {"enum": enums[name]}
        fields.append(field)
    return {
        "name": path.removesuffix(".csv").lower(),
        "path": path,
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": ["id"], "missingValues": [""]},
    }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "briefing"


def datapackage(corpus: Corpus, views: Views, language: Language = ENGLISH) -> str:
    """A Frictionless Data Package describing every CSV download, its columns'
    types, the briefing's license and the articles the facts come from; its words in
    `language`."""
    briefing = corpus.briefing
    title = briefing.title if briefing else language.gettext(UNTITLED_BRIEFING)
    fact_columns, quantity_columns = columns(corpus)
    vocabulary = corpus.vocabulary
    table_title = language.gettext(FACTS_TABLE_TITLE)
    resources = [_table("facts.csv", table_title, fact_columns, vocabulary, language)]
    for quantity in views.quantities:
        label = estimates_title(quantity.label, language)
        path = f"{quantity.id}.csv"
        resources.append(_table(path, label, quantity_columns, vocabulary, language))
    package: dict[str, Any] = {
        "name": _slug(title),
        "title": title,
        "resources": resources,
        "sources": [
            {"title": source_title(s)} | ({"path": s.url} if s.url else {}) for s in views.sources
        ],
    }
    if briefing and briefing.summary:
        package["description"] = briefing.summary
    if briefing and briefing.license:
        licence = briefing.license  # an id such as CC-BY-4.0, a link, or words
        if re.match(r"https?://", licence):
            package["licenses"] = [{"path": licence, "title": licence}]
        else:
            name = licence if re.fullmatch(r"[-a-zA-Z0-9._]+", licence) else _slug(licence)
            package["licenses"] = [{"name": name, "title": licence}]
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


FEED_ENTRIES = 100  # a feed carries the newest entries; the downloads hold everything


def feed(
    corpus: Corpus,
    env: jinja2.Environment,
    options: SiteOptions,
    fact_page: Callable[[FactRecord], str],
    prefix: str = "",
    language: Language = ENGLISH,
) -> str:
    """An Atom feed of the newest facts (by the date of the article that reported
    them), corrections and withdrawals (by their day) and changes, FEED_ENTRIES of them;
    `fact_page(fact)` is where a fact is, and `prefix` the feed's folder (a briefing's,
    in a site of several)."""

    def stamp(fact: FactRecord) -> str:
        return f"{corpus.source_by_id[fact.source].published_day.isoformat()}T00:00:00Z"

    ordered = sorted(corpus.facts, key=lambda f: (stamp(f), f.text, f.id), reverse=True)
    ordered = ordered[:FEED_ENTRIES]
    entries: list[dict[str, str]] = []
    for fact in ordered:
        source = corpus.source_by_id[fact.source]
        who = attributed([corpus.claimant_by_id[c] for c in fact.claimant], source, language)
        if isinstance(fact, Estimate):
            status = status_words(corpus.vocabulary, fact.status, language) if fact.status else None
            label = corpus.quantity_by_id[fact.quantity].label
            title = feed_fact_title(fact, status, label, language)
        else:
            title = feed_fact_title(fact, None, "", language)
        entries.append(
            {
                "id": fact.id,
                "title": title,
                "summary": feed_fact_summary(fact, who, language),
                "claimants": who,
                "updated": stamp(fact),
                "link": f"{fact_page(fact)}/#{fact.id}",
            }
        )
    editors = language.gettext(EDITORS)
    entries += _notice_entries(corpus, fact_page, language)
    for commit in options.history.commits if options.history else []:
        for change in commit.changes:
            if prefix and change.fact_id not in corpus.fact_by_id:
                continue  # a briefing's feed: only changes to its facts
            if _told_by_notice(change, corpus.fact_by_id.get(change.fact_id)):
                continue  # the notice's own entry tells it, in the editors' words
            details = [change_detail_words(d, language, corpus.vocabulary) for d in change.details]
            entries.append(
                {
                    "id": f"change-{commit.sha[:12]}-{change.fact_id}",
                    "title": feed_change_title(change.kind, change.text, language),
                    "summary": feed_change_summary(
                        change.kind,
                        commit.date,
                        change.text,
                        details,
                        commit.subject,
                        language,
                    ),
                    "claimants": editors,
                    "updated": f"{commit.date}T00:00:00Z",
                    "link": "changes/",
                }
            )
    # Newest first, then by what an entry says: never by a fact's id.
    entries.sort(key=lambda e: (e["updated"], e["title"], e["summary"], e["id"]), reverse=True)
    del entries[FEED_ENTRIES:]
    site_url = options.site_url.rstrip("/") + "/" if options.site_url else "/"
    return env.get_template("feed.xml.j2").render(
        briefing=corpus.briefing,
        language=language.code,
        entries=entries,
        updated=build_time(corpus, options).strftime("%Y-%m-%dT%H:%M:%SZ"),
        feed_id=(options.site_url + prefix if options.site_url else "")
        or "urn:briefing:" + (corpus.briefing.title if corpus.briefing else ""),
        site_url=site_url,
        prefix=prefix,
    )


def _notice_entries(
    corpus: Corpus, fact_page: Callable[[FactRecord], str], language: Language = ENGLISH
) -> list[dict[str, str]]:
    """Each correction and withdrawal as a feed entry by the editors, dated its day and
    linking to its fact. An entry's id stays put as notices are added: a correction's is
    its place among the fact's corrections, in the order they are written."""
    entries = []
    for fact in corpus.facts:
        notices = [
            (f"correction-{i}", "correction", c.date, c.text)
            for i, c in enumerate(fact.corrections, 1)
        ]
        if fact.withdrawn is not None:
            notices.append(("withdrawal", "withdrawal", fact.withdrawn.date, fact.withdrawn.reason))
        for name, kind, day, text in notices:
            entries.append(
                {
                    "id": f"{name}-{fact.id}",
                    "title": feed_notice_title(kind, fact.text, language),
                    "summary": feed_notice_summary(kind, day, text, language),
                    "claimants": language.gettext(EDITORS),
                    "updated": f"{day.isoformat()}T00:00:00Z",
                    "link": f"{fact_page(fact)}/#{fact.id}",
                }
            )
    return entries


def _told_by_notice(change: Change, fact: FactRecord | None) -> bool:
    """True for a change that wrote a correction or a withdrawal the fact still carries:
    the feed has that notice's entry, and does not tell the change twice."""
    if fact is None:
        return False
    if change.kind == "withdrawn":
        return fact.withdrawn is not None
    carried = {(c.date, c.text) for c in fact.corrections}
    return change.kind == "corrected" and any((n.date, n.text) in carried for n in change.notices)


def build_time(corpus: Corpus, options: SiteOptions) -> datetime:
    """When the site says it was updated (the feed's `updated`): the options' build
    time, else the day of the newest article."""
    if options.build_time:
        return options.build_time
    newest = max((s.published_day for s in corpus.sources), default=None)
    if newest is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return datetime(newest.year, newest.month, newest.day, tzinfo=UTC)
