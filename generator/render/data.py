"""The data downloads and the Atom feed, each row or entry with its citation."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

import jinja2

from generator.corpus import Corpus, FactRecord
from generator.model import Estimate, json_schema
from generator.render.views import STATUS_WORDS, Views, published, value_label

if TYPE_CHECKING:
    from generator.render import SiteOptions

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FACT_COLUMNS = [
    "id",
    "kind",
    "topics",
    "date",
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
    "source",
    "publisher",
    "title",
    "published",
    "url",
    "note",
]


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: formulas are neutralised with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(fact: FactRecord, corpus: Corpus) -> dict[str, Any]:
    source = corpus.source_by_id[fact.source]
    row: dict[str, Any] = {
        "id": fact.id,
        "kind": fact.kind,
        "topics": " ".join(fact.topics),
        "date": fact.date,
        "text": fact.text,
        "claimant": "; ".join(corpus.claimant_by_id[c].name for c in fact.claimant),
        "via": corpus.claimant_by_id[fact.via].name if fact.via else None,
        "quote": fact.quote,
        "source": source.id,
        "publisher": source.publisher,
        "title": source.title,
        "published": source.published.isoformat(),
        "url": source.url,
        "note": fact.note,
    }
    if isinstance(fact, Estimate):
        row.update(
            quantity=fact.quantity,
            value=fact.value,
            low=fact.low,
            high=fact.high,
            bound=fact.bound,
            status=fact.status,
            as_of=fact.as_of,
        )
    return row


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return out.getvalue()


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


def downloads(corpus: Corpus, views: Views) -> dict[str, str]:
    facts = views.facts_in_order
    fact_rows = [_row(f, corpus) for f in facts]
    rows = {f.id: row for f, row in zip(facts, fact_rows, strict=True)}
    files = {
        "data/facts.csv": _csv(fact_rows, FACT_COLUMNS),
        "data/schema.json": json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n",
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
        columns = ["id", "value", "low", "high", "bound", "unit", "status", "as_of"]
        columns += ["claimant", "via", "text", "source", "publisher", "title", "published", "url"]
        files[f"data/{quantity.id}.csv"] = _csv(quantity_rows, columns)
    return files


FEED_ENTRIES = 100  # a feed carries the newest entries; the downloads hold everything


def feed(corpus: Corpus, views: Views, env: jinja2.Environment, options: SiteOptions) -> str:
    """An Atom feed of the newest facts (by the date of the article that reported
    them) and changes, FEED_ENTRIES of them."""
    from generator.render import build_time

    def stamp(fact: FactRecord) -> str:
        return f"{corpus.source_by_id[fact.source].published.isoformat()}T00:00:00Z"

    ordered = sorted(corpus.facts, key=lambda f: (stamp(f), f.id), reverse=True)[:FEED_ENTRIES]
    entries: list[dict[str, str]] = []
    for fact in ordered:
        source = corpus.source_by_id[fact.source]
        who = " and ".join(corpus.claimant_by_id[c].name for c in fact.claimant)
        summary = f"{fact.text} ({who}; reported by {source.publisher}, {published(source)})"
        if isinstance(fact, Estimate):
            status = f" ({STATUS_WORDS[fact.status]})" if fact.status else ""
            title = f"{value_label(fact)}{status}: {corpus.quantity_by_id[fact.quantity].label}"
        else:
            title = fact.text if len(fact.text) <= 90 else fact.text[:87].rsplit(" ", 1)[0] + "…"
        entries.append(
            {
                "id": fact.id,
                "title": title,
                "summary": summary,
                "claimants": who,
                "updated": stamp(fact),
                "link": f"{views.fact_page(fact)}/#{fact.id}",
            }
        )
    for commit in options.history.commits if options.history else []:
        for change in commit.changes:
            detail = f" ({'; '.join(change.details)})" if change.details else ""
            entries.append(
                {
                    "id": f"change-{commit.sha[:12]}-{change.fact_id}",
                    "title": f"{change.kind.capitalize()}: {change.text[:80]}",
                    "summary": f"{change.kind.capitalize()} on {commit.date}: "
                    f"{change.text}{detail}. {commit.subject}",
                    "claimants": "The editors",
                    "updated": f"{commit.date}T00:00:00Z",
                    "link": "changes/",
                }
            )
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    del entries[FEED_ENTRIES:]
    site_url = options.site_url.rstrip("/") + "/" if options.site_url else "/"
    return env.get_template("feed.xml.j2").render(
        briefing=corpus.briefing,
        entries=entries,
        updated=build_time(corpus, options).strftime("%Y-%m-%dT%H:%M:%SZ"),
        feed_id=options.site_url
        or "urn:briefing:" + (corpus.briefing.title if corpus.briefing else ""),
        site_url=site_url,
    )
