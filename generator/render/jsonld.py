"""schema.org JSON-LD for each page: the briefing as a Dataset, articles, claims.

Search engines and fact-checking tools read these blocks. They are data, built
here as dictionaries and serialised with `<`, `>` and `&` escaped, so no string
from a fact file can end the `<script type="application/ld+json">` element.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from generator.corpus import Corpus, FactRecord
from generator.i18n import ENGLISH, N_, Language
from generator.model import Estimate, Source
from generator.views import Views, when_of
from generator.wording import withdrawal_comment

EDITORS = N_("The briefing's editors")  # who made the Dataset

CONTEXT = "https://schema.org"


def serialise(data: dict[str, Any]) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def dataset(
    corpus: Corpus, views: Views, site_url: str, language: Language = ENGLISH
) -> dict[str, Any]:
    briefing = corpus.briefing
    dates = [w for f in corpus.facts if (w := when_of(f)) is not None and w.start and w.end]
    data: dict[str, Any] = {
        "@type": "Dataset",
        "name": briefing.title if briefing else "",
        "description": briefing.summary if briefing else "",
        "url": site_url,
        "inLanguage": language.code,
        "creator": {"@type": "Organization", "name": language.gettext(EDITORS)},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": mime,
                "contentUrl": f"{site_url}data/{name}",
            }
            for name, mime in (("facts.json", "application/json"), ("facts.csv", "text/csv"))
        ],
        "citation": [article(s) for s in views.sources],
    }
    if dates:
        first = min(d.earliest for d in dates)
        last = max(d.latest for d in dates)
        data["temporalCoverage"] = f"{first.isoformat()}/{last.isoformat()}"
    if briefing and briefing.license:
        data["license"] = briefing.license
    return data


def article(source: Source) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": source.title,
        "datePublished": source.published,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in source.authors]
    if source.url:
        data["url"] = source.url
    return data


def claim(
    fact: FactRecord, corpus: Corpus, page_url: str = "", language: Language = ENGLISH
) -> dict[str, Any]:
    """A claim; its `@id` is the fact's anchor on `page_url` (the address of the page
    it is described on: absolute when the site's address is known), else on this page."""
    authors = []
    for claimant_id in fact.claimant:
        claimant = corpus.claimant_by_id[claimant_id]
        kind = "Person" if corpus.vocabulary.is_person(claimant.kind) else "Organization"
        authors.append({"@type": kind, "name": claimant.name})
    data: dict[str, Any] = {
        "@type": "Claim",
        "@id": f"{page_url}#{fact.id}",
        "text": fact.text,
        "author": authors,
        "appearance": article(corpus.source_by_id[fact.source]),
    }
    when = when_of(fact)
    if when is not None and not when.is_span and fact.kind != "event":
        # A statement's date is when it was made; an estimate's, what it counts. An
        # event's date is when it happened, which is neither: it has `stated` only.
        data["dateCreated" if not isinstance(fact, Estimate) else "temporalCoverage"] = when.iso()
    stated = fact.stated_date  # when the claim was made, where the article says
    if stated is not None and not stated.is_span:
        data["dateCreated"] = stated.iso()
    if fact.corrections or fact.withdrawn is not None:
        data["correction"] = corrections(fact, language)
    return data


def corrections(fact: FactRecord, language: Language = ENGLISH) -> list[dict[str, Any]]:
    """A fact's corrections and its withdrawal as schema.org CorrectionComments, each
    with its day and the editors' words, newest first, in the order of
    `Views.corrections_of`."""
    comments = [(c.date, c.text) for c in fact.corrections]
    if fact.withdrawn is not None:
        reason = withdrawal_comment(fact.withdrawn.reason, language)
        comments.append((fact.withdrawn.date, reason))
    comments.sort(key=lambda c: c[0], reverse=True)  # stable: ties keep their order
    return [
        {"@type": "CorrectionComment", "datePublished": day.isoformat(), "text": text}
        for day, text in comments
    ]


def dataset_block(
    corpus: Corpus, site_url: str, views: Views | None = None, language: Language = ENGLISH
) -> Markup:
    """The Dataset, for the head of the home page (see generator/render/theme/main.html)."""
    views = views or Views(corpus)
    return serialise({"@context": CONTEXT, **dataset(corpus, views, site_url, language)})


def page_block(
    corpus: Corpus,
    site_url: str,
    facts: list[FactRecord],
    source: Source | None = None,
    page_url: str = "",
    language: Language = ENGLISH,
) -> Markup:
    """The JSON-LD of one page: the claims (and the article) it describes, if any.
    `page_url` is the page's full address, when the site's address is known: each
    claim's `@id` is then the full address of its anchor."""
    graph: list[dict[str, Any]] = []
    if source is not None:
        graph.append(article(source))
    seen: set[str] = set()
    for fact in facts:
        if fact.id not in seen and (fact.kind != "event" or _noticed(fact)):
            seen.add(fact.id)
            graph.append(claim(fact, corpus, page_url, language))
    if not graph:
        return Markup("")
    return serialise({"@context": CONTEXT, "@graph": graph})


def _noticed(fact: FactRecord) -> bool:
    """A fact with a correction or a withdrawal: described as a Claim even when it is
    an event (which the pages' JSON-LD otherwise leaves out), so the notice is given
    where machines read it."""
    return bool(fact.corrections) or fact.withdrawn is not None
