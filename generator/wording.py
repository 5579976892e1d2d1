"""Every word the generator writes about the facts, in one place: figures, bounds and
measures, dates at their precision, counts, citation lines.

Whole phrases are made here from the records and the vocabulary (`vocabulary.py`);
templates lay them out, and `views.py` decides what to show. Nothing here knows about
HTML. Every phrase is a message of the catalogs, in the reader's language (`i18n.py`): each
function takes a `Language`, English unless told.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from babel.dates import format_date

from generator.corpus import FactRecord
from generator.dates import FuzzyDate
from generator.i18n import (
    ENGLISH,
    N_,
    Language,
    Nn_,
    format_compact,
    format_day,
    format_list,
    format_number,
    format_point,
    span_ends,
)
from generator.model import Claimant, Estimate, Source
from generator.vocabulary import BOUNDS, CLAIMANT_KINDS, MEASURES, STATUSES, Vocabulary

if TYPE_CHECKING:
    from generator.history import Detail

MIXED_MEASURES_WORDS = N_(
    "Some of these figures are totals over time and others count what was there at one "
    "time, so they do not measure the same thing: the figures picked out here are taken "
    "among both kinds, and a larger one of one kind does not contradict a smaller one of "
    "the other."
)


def number(value: float, language: Language = ENGLISH) -> str:
    """1500 -> "1,500"; 1280000 -> "1.28 million" ("1,28 млн", "128만"); 2.5 -> "2.5"."""
    return format_compact(value, language) or format_number(value, language)


def value_label(estimate: Estimate, language: Language = ENGLISH, hedged: bool = True) -> str:
    """The figure in words with its bound: "up to 15,000", "1,100 to 1,400"; for a
    projection, with its hedge (`hedge_words`): "up to 100,000, “may”, if North Korea's
    alliance with Russia keeps deepening" (unless `hedged` is false)."""
    figure = _bare_figure(estimate, language)
    hedge = hedge_words(estimate, language) if hedged else ""
    if hedge:
        return language.gettext("{figure}, {hedge}").format(figure=figure, hedge=hedge)
    return figure


def hedge_words(estimate: Estimate, language: Language = ENGLISH) -> str:
    """A projection's hedge: the article's own word for how likely it is, in quotation
    marks, and what it depends on, in the editors' words: "“may”, if the alliance keeps
    deepening", "“likely”", "if the alliance keeps deepening"; "" when it has neither."""
    likelihood, condition = estimate.likelihood, estimate.condition
    if likelihood and condition:
        return language.gettext("“{likelihood}”, {condition}").format(
            likelihood=likelihood, condition=condition
        )
    if likelihood:
        return language.gettext("“{likelihood}”").format(likelihood=likelihood)
    return condition or ""


def _bare_figure(estimate: Estimate, language: Language) -> str:
    t = language.gettext
    low = number(estimate.low, language) if estimate.low is not None else "?"
    high = number(estimate.high, language) if estimate.high is not None else "?"
    if estimate.bound == "range":
        if estimate.value is not None:
            central = number(estimate.value, language)
            return language.gettext("about {value}, {low} to {high}").format(
                value=central, low=low, high=high
            )
        return language.gettext("{low} to {high}").format(low=low, high=high)
    text = t(BOUNDS[estimate.bound]).format(number=number(estimate.value or 0, language))
    if estimate.low is not None or estimate.high is not None:
        text = language.gettext("{figure} (range {low} to {high})").format(
            figure=text, low=low, high=high
        )
    return text


def part_of_words(whole: Estimate, quantity_label: str, language: Language = ENGLISH) -> str:
    """The whole a figure is part of (`part_of`), as the figure's item names it: "Part of
    1.28 million: North Korea's active military personnel"."""
    return language.gettext("Part of {figure}: {quantity}").format(
        figure=value_label(whole, language), quantity=quantity_label
    )


def measure_words(estimate: Estimate, language: Language = ENGLISH) -> str:
    """ "counted over time", "at one time", "not said whether ...", or "" when not given."""
    return language.gettext(MEASURES[estimate.measure]) if estimate.measure else ""


def mixed_measures_words(language: Language = ENGLISH) -> str:
    return language.gettext(MIXED_MEASURES_WORDS)


def status_words(vocabulary: Vocabulary, status: str, language: Language = ENGLISH) -> str:
    """What an estimate counts, in words: a built-in status in the reader's language; the
    words a project declares (its editors' text) as written."""
    words = vocabulary.status_words(status)
    built_in = STATUSES.get(status)
    return language.gettext(words) if built_in and built_in.words == words else words


def kind_heading(vocabulary: Vocabulary, kind: str, language: Language = ENGLISH) -> str:
    """The heading over a kind of claimant: a built-in one in the reader's language, a
    project's as its editors wrote it."""
    found = vocabulary.claimant_kinds.get(kind)
    heading = found.heading if found else kind
    built_in = CLAIMANT_KINDS.get(kind)
    return language.gettext(heading) if built_in and built_in.heading == heading else heading


# What a date says in words, by its kind: a date on its own, an estimate's as-of date, and
# when a claim was made. "point_day" is a single day, "point" any other single date; "open"
# a date open at its end: on its own, something still going on ("since October 2023"); as
# an as-of or stated date, which is one day, a day some time after its start.
_ON_ITS_OWN = {
    "point": "{date}",
    "by": N_("by {date}"),
    "open": N_("since {date}"),
    "between": N_("between {start} and {end}"),
}
_AS_OF = {
    "point": N_("as of {date}"),
    "by": _ON_ITS_OWN["by"],
    "open": N_("as of some time after {date}"),
    "between": _ON_ITS_OWN["between"],
}
_STATED = {
    "point_day": N_("stated on {date}"),
    "point": N_("stated in {date}"),
    "by": N_("stated by {date}"),
    "open": N_("stated after {date}"),
    "between": N_("stated between {start} and {end}"),
}


_PHRASES = {"on its own": _ON_ITS_OWN, "as of": _AS_OF, "stated": _STATED}


@lru_cache(maxsize=8192)  # dates repeat across a briefing's pages
def _date_phrase(d: FuzzyDate, kind: str, language: Language) -> str:
    phrases = _PHRASES[kind]
    t = language.gettext
    if d.start is None and d.end is not None:
        return t(phrases["by"]).format(date=format_point(d.end, language, "sentence"))
    if d.end is None and d.start is not None:
        return t(phrases["open"]).format(date=format_point(d.start, language, "sentence"))
    assert d.start is not None and d.end is not None
    if d.is_span:
        start, end = span_ends(d.start, d.end, language)
        return t(phrases["between"]).format(start=start, end=end)
    if phrases is _ON_ITS_OWN:
        return format_point(d.start, language)
    day = d.start.precision == "day" and not d.start.part
    phrase = phrases["point_day"] if day and "point_day" in phrases else phrases["point"]
    return t(phrase).format(date=format_point(d.start, language, "sentence"))


def date_words(d: FuzzyDate, language: Language = ENGLISH) -> str:
    """A date on its own, in words: "18 October 2024", "by 22 October 2024",
    "since October 2023" (open at its end: still going on), "between 1 and 17 November
    2024"."""
    return _date_phrase(d, "on its own", language)


def as_of_words(d: FuzzyDate, language: Language = ENGLISH) -> str:
    """An as-of date in words, never "as of by ...": "as of 22 October 2024",
    "as of October 2024", "by 22 October 2024", "between 1 and 17 November 2024",
    "as of some time after October 2024"."""
    return _date_phrase(d, "as of", language)


def stated_words(fact: FactRecord, language: Language = ENGLISH) -> str:
    """When the claim was made, in words ("stated on 18 October 2024", "stated by
    22 October 2024"), or "" when it has no `stated` date or that date means the same
    days as the fact's own date (`date`, or an estimate's as-of date)."""
    stated = fact.stated_date
    if stated is None:
        return ""
    own = fact.as_of_date if isinstance(fact, Estimate) else fact.when
    if own is not None and (own.earliest, own.latest) == (stated.earliest, stated.latest):
        return ""
    return _date_phrase(stated, "stated", language)


def when_words(fact: FactRecord, language: Language = ENGLISH) -> str:
    """Every date of a fact in words, for a list item or a timeline entry: its own
    date (an estimate's as-of date) and, when it differs, when the claim was made.
    "as of 1 October 2024"; "October 2024; stated by 22 October 2024"; "" if undated."""
    own = as_of_words(fact.as_of_date, language) if isinstance(fact, Estimate) else ""
    if not own and fact.when is not None:
        own = date_words(fact.when, language)
    stated = stated_words(fact, language)
    if own and stated:
        return language.gettext("{date}; {stated}").format(date=own, stated=stated)
    return own or stated


def day_label(day: date, language: Language = ENGLISH) -> str:
    """17 November 2024."""
    return format_day(day, language)


def published(source: Source, language: Language = ENGLISH) -> str:
    return date_words(source.published_date, language)


def period_label(period: str, language: Language = ENGLISH) -> str:
    return language.gettext("Undated") if period == "undated" else period


# The nouns the generator counts, each with its plural forms.
_COUNTED = {
    "article": Nn_("{count} article", "{count} articles"),
    "change": Nn_("{count} change", "{count} changes"),
    "claim": Nn_("{count} claim", "{count} claims"),
    "claimant": Nn_("{count} claimant", "{count} claimants"),
    "estimate": Nn_("{count} estimate", "{count} estimates"),
    "fact": Nn_("{count} fact", "{count} facts"),
    "file": Nn_("{count} file", "{count} files"),
    "other fact": Nn_("{count} other fact", "{count} other facts"),
    "quote": Nn_("{count} quote", "{count} quotes"),
    "source": Nn_("{count} source", "{count} sources"),
}


def counted(count: int, noun: str, plural: str = "", language: Language = ENGLISH) -> str:
    """A count with its noun in the right number: "1 article", "3 articles", "0 facts";
    in the language's plural forms for the nouns the catalogs hold ("5 джерел")."""
    forms = _COUNTED.get(noun)
    if forms is None or plural:
        if language.code.split("-")[0] != ENGLISH.code:
            raise ValueError(f"`{noun}` is not a noun the catalogs count (wording._COUNTED)")
        return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
    text = language.ngettext(forms[0], forms[1], count)
    return text.format(count=format_number(count, language))


# A sentence's last mark, alone or before a closing quotation mark or bracket.
SENTENCE_ENDS = tuple(
    end + close for end in (".", "!", "?", "…") for close in ("", '"', "'", "\u201d", "\u2019", ")")
)


def full_stop(text: str) -> str:
    """The full stop `text` needs to end a sentence: "" when it already ends one."""
    return "" if text.rstrip().endswith(SENTENCE_ENDS) else "."


def _plain_name(name: str) -> str:
    name = " ".join(name.split()).casefold()
    return name[4:] if name.startswith("the ") else name


def is_publisher(claimant: Claimant, source: Source) -> bool:
    """Whether `claimant` is the article's own publisher speaking: the same name, or a news
    organisation named for it ("Bloomberg News" publishing as "Bloomberg")."""
    name, publisher = _plain_name(claimant.name), _plain_name(source.publisher)
    if name == publisher:
        return True
    return claimant.kind == "news-organisation" and (
        name.startswith(publisher + " ") or publisher.startswith(name + " ")
    )


def attributed(claimants: list[Claimant], source: Source, language: Language = ENGLISH) -> str:
    """Who said it and where, for a citation: "Kyiv Post, 3 October 2024" when the
    publisher speaks for itself, else "South Korea's government, reported by Bloomberg,
    22 October 2024"."""
    who = format_list([c.name for c in claimants], language)
    when = published(source, language)
    if claimants and all(is_publisher(c, source) for c in claimants):
        return language.gettext("{who}, {published}").format(who=who, published=when)
    return language.gettext("{who}, reported by {publisher}, {published}").format(
        who=who, publisher=source.publisher, published=when
    )


# --- citations: the words of the "cite this" formats (citation.py assembles them)


def figure_words(
    estimate: Estimate, unit: str, status: str = "", language: Language = ENGLISH
) -> str:
    """An estimate's figure with its unit, status, hedge and as-of date, as a citation
    names it: "about 1,500 troops (sent), by 22 October 2024", "up to 100,000 troops
    (potential), “may”, if the alliance keeps deepening, by 17 November 2024", "1,100 to
    1,400 officers, as of 3 October 2024", "about 12,000 troops (range 10,000 to 14,000),
    as of October 2024"."""
    if language is not ENGLISH:
        figure = language.gettext("{figure} {unit}").format(
            figure=value_label(estimate, language, hedged=False), unit=unit
        )
        if status:
            figure = language.gettext("{figure} ({status})").format(figure=figure, status=status)
        if hedge := hedge_words(estimate, language):
            figure = language.gettext("{figure}, {hedge}").format(figure=figure, hedge=hedge)
        return language.gettext("{figure}, {as_of}").format(
            figure=figure, as_of=as_of_words(estimate.as_of_date, language)
        )
    label = value_label(estimate, hedged=False)
    head, ranged, rest = label.partition(" (range ")
    figure = f"{head} {unit}" + (f" (range {rest}" if ranged else "")
    if status:
        figure += f" ({status})"
    if hedge := hedge_words(estimate):
        figure += f", {hedge}"
    return f"{figure}, {as_of_words(estimate.as_of_date)}"


def article_words(source: Source, language: Language = ENGLISH) -> str:
    """An article as a citation names it: 'Bloomberg, "Title", 22 October 2024'; a title
    the editors supplied (the copy had none) in [brackets]."""
    if source.title_supplied:
        message = language.gettext('{publisher}, "[{title}]", {published}')
    else:
        message = language.gettext('{publisher}, "{title}", {published}')
    return message.format(
        publisher=source.publisher, title=source.title, published=published(source, language)
    )


def according_to(claimants: list[Claimant], source: Source, language: Language = ENGLISH) -> str:
    """Who a figure or claim is from, and the article that reported it: "according to
    South Korea's government, reported in Bloomberg, "Title", 22 October 2024";
    "according to Kyiv Post, "Title", 3 October 2024" when the publisher speaks for itself."""
    who = format_list([c.name for c in claimants], language)
    if claimants and all(is_publisher(c, source) for c in claimants):
        title = f"[{source.title}]" if source.title_supplied else source.title
        return language.gettext('according to {who}, "{title}", {published}').format(
            who=who, title=title, published=published(source, language)
        )
    return language.gettext("according to {who}, reported in {article}").format(
        who=who, article=article_words(source, language)
    )


def accessed_words(day: date, language: Language = ENGLISH) -> str:
    """ "accessed 6 December 2026"."""
    return language.gettext("accessed {date}").format(date=day_label(day, language))


def citation_line(
    what: str, briefing: str, permalink: str, accessed: date, language: Language = ENGLISH
) -> str:
    """The plain-text citation a reader pastes into a story: what is cited (figures or a
    claim, each with who it is from and its article), then the briefing, the permalink
    and the day it was read. "X: about 1,500 troops (sent), ..., according to ... . In
    North Korean troops in Russia's war on Ukraine, https://... (accessed 6 December 2026)."""
    what = what.rstrip()
    what = what[:-1] if what.endswith(".") else what
    return language.gettext("{what}. In {briefing}, {permalink} ({accessed}).").format(
        what=what,
        briefing=briefing,
        permalink=permalink,
        accessed=accessed_words(accessed, language),
    )


# The data downloads, the feed and the charts (generator/render/data.py, renderer.py).

# What each column of the CSV downloads holds, for the Data Package
# (data/datapackage.json); the columns' types are render/data.py's.
COLUMN_WORDS: dict[str, str] = {
    "briefing": N_("the folder of the briefing the fact is in (a site of several)"),
    "id": N_("the fact's id: its anchor on the site"),
    "kind": N_("event, statement or estimate"),
    "topics": N_("the fact's topic ids, separated by spaces"),
    "date": N_("when what the claim is about happened, as the editors wrote it"),
    "date_earliest": N_("the earliest day `date` can mean (empty: open start)"),
    "date_latest": N_("the latest day `date` can mean (empty: open end)"),
    "text": N_("the claim in the briefing's own words"),
    "claimant": N_("who the claim is attributed to (several separated by ; )"),
    "via": N_("who relayed the claim to the article, when not the claimant"),
    "quote": N_("the claimant's own words, verbatim"),
    "quantity": N_("the id of the quantity an estimate measures"),
    "value": N_("the figure (for a range: its central value, if given)"),
    "low": N_("the low end of the range"),
    "high": N_("the high end of the range"),
    "bound": N_("how the figure bounds the quantity"),
    "unit": N_("the quantity's unit"),
    "status": N_("what the figure counts (planned, sent, deployed, ...)"),
    "as_of": N_("the date the figure describes, as the editors wrote it"),
    "as_of_earliest": N_("the earliest day `as_of` can mean (empty: open start)"),
    "as_of_latest": N_("the latest day `as_of` can mean (empty: open end)"),
    "condition": N_("what a projection depends on, in the editors' words"),
    "likelihood": N_("the article's own hedge word for a projection (likely, may...)"),
    "part_of": N_("the id of the estimate of a whole this figure is part of"),
    "source": N_("the id of the article that reported the claim"),
    "publisher": N_("the article's publisher"),
    "title": N_("the article's title"),
    "published": N_(
        "the day the article was published (YYYY-MM-DD), or its month (YYYY-MM) "
        "when only that is known"
    ),
    "url": N_("the article's web address"),
    "note": N_("the editors' note"),
    "corrections": N_(
        "the fact's corrections, newest first, each its day (YYYY-MM-DD) and what "
        "was wrong, separated by ` | ` (empty: never corrected)"
    ),
    "withdrawn": N_("the day the editors withdrew the fact (YYYY-MM-DD; empty: it stands)"),
    "withdrawn_reason": N_("why the fact was withdrawn, in the editors' words"),
}
FACTS_TABLE_TITLE = N_("Every fact, one row each, with its citation")
UNTITLED_BRIEFING = N_("Briefing")  # a briefing's title when it has none
EDITORS = N_("The editors")  # who a feed entry about a change to the facts is by


def estimates_title(quantity_label: str, language: Language = ENGLISH) -> str:
    """A quantity's estimates, as a download's and a chart's title."""
    return language.gettext("Estimates of {quantity}").format(quantity=quantity_label)


def headline_chart_title(quantity_label: str, language: Language = ENGLISH) -> str:
    return language.gettext("Headline estimate of {quantity} by date of reporting").format(
        quantity=quantity_label
    )


def short_day(day: date, language: Language = ENGLISH) -> str:
    """17 Nov 2024 (the locale's medium form of a day in other languages)."""
    if language is ENGLISH:
        return f"{day.day} {day:%b %Y}"
    return format_date(day, "medium", locale=language.locale)


def source_title(source: Source) -> str:
    """An article as a download lists it: "Reuters: Title (2024-10-18)"."""
    return f"{source.publisher}: {source.title} ({source.published})"


def feed_fact_title(
    fact: FactRecord, status: str | None, quantity_label: str, language: Language = ENGLISH
) -> str:
    """A fact's feed entry's title: an estimate's figure with what it counts (`status`,
    in words; None when not given) and its quantity; else the fact's text, cut short."""
    if isinstance(fact, Estimate):
        figure = value_label(fact, language)
        if status is not None:
            message = language.gettext("{figure} ({status}): {quantity}")
            return message.format(figure=figure, status=status, quantity=quantity_label)
        message = language.gettext("{figure}: {quantity}")
        return message.format(figure=figure, quantity=quantity_label)
    return fact.text if len(fact.text) <= 90 else fact.text[:87].rsplit(" ", 1)[0] + "…"


def feed_fact_summary(fact: FactRecord, who: str, language: Language = ENGLISH) -> str:
    """A fact's feed entry: its text and who said it where (`attributed`)."""
    return language.gettext("{text} ({who})").format(text=fact.text, who=who)


# A change to a fact in the feed: its title, then its summary.
_CHANGE_TITLES = {
    "added": N_("Added: {fact}"),
    "updated": N_("Updated: {fact}"),
    "corrected": N_("Corrected: {fact}"),
    "withdrawn": N_("Withdrawn: {fact}"),
    "removed": N_("Removed: {fact}"),
}
_CHANGE_SUMMARIES = {
    "added": N_("Added on {date}: {fact}{details}. {subject}"),
    "updated": N_("Updated on {date}: {fact}{details}. {subject}"),
    "corrected": N_("Corrected on {date}: {fact}{details}. {subject}"),
    "withdrawn": N_("Withdrawn on {date}: {fact}{details}. {subject}"),
    "removed": N_("Removed on {date}: {fact}{details}. {subject}"),
}


def feed_change_title(kind: str, text: str, language: Language = ENGLISH) -> str:
    """A change's feed entry's title: "Added: <the fact's text, cut short>"."""
    return language.gettext(_CHANGE_TITLES[kind]).format(fact=text[:80])


def feed_change_summary(
    kind: str,
    day: str,
    text: str,
    details: list[str] | tuple[str, ...],
    subject: str,
    language: Language = ENGLISH,
) -> str:
    """A change's feed entry: what changed, when, how, and the commit's subject."""
    detail = f" ({'; '.join(details)})" if details else ""
    return language.gettext(_CHANGE_SUMMARIES[kind]).format(
        date=day, fact=text, details=detail, subject=subject
    )


def change_heading(kind: str, language: Language = ENGLISH) -> str:
    """A kind of change as a page lists it: "Added", "Corrected"."""
    return language.gettext(CHANGE_HEADINGS[kind])


# --- corrections, withdrawals and changes between versions (review.py, history.py)

CHANGE_KINDS = ("added", "updated", "corrected", "withdrawn", "removed")
CHANGE_HEADINGS = {
    "added": N_("Added"),
    "updated": N_("Updated"),
    "corrected": N_("Corrected"),
    "withdrawn": N_("Withdrawn"),
    "removed": N_("Removed"),
}


def correction_words(day: date, text: str) -> str:
    """A correction with its date: "Corrected 3 December 2026: An earlier version gave
    15,000; the article says about 1,500." """
    return f"Corrected {day_label(day)}: {text}{full_stop(text)}"


def withdrawal_words(day: date, reason: str) -> str:
    """A withdrawal with its date: "Withdrawn 3 December 2026: the article was retracted." """
    return f"Withdrawn {day_label(day)}: {reason}{full_stop(reason)}"


# What a change changed, by field (history.Detail): each field's old and new value.
CHANGED_FIELDS = {
    "figure": N_("figure: {old} → {new}"),
    "status": N_("status: {old} → {new}"),
    "as of": N_("as of: {old} → {new}"),
    "date": N_("date: {old} → {new}"),
    "stated": N_("stated: {old} → {new}"),
    "source": N_("source: {old} → {new}"),
    "claimant": N_("claimant: {old} → {new}"),
    "via": N_("via: {old} → {new}"),
    "quote": N_("quote: {old} → {new}"),
    "topics": N_("topics: {old} → {new}"),
    "denies": N_("denies: {old} → {new}"),
    "disputes": N_("disputes: {old} → {new}"),
}
NONE = N_("none")  # a field that had, or has, no value


def change_detail_words(
    detail: Detail, language: Language = ENGLISH, vocabulary: Vocabulary | None = None
) -> str:
    """What a change changed (`history.Detail`), in words: "figure: up to 1,500 → up
    to 1,600", "text reworded", an added figure "figure: about 1,500 (sent)"; figures,
    dates and built-in statuses in `language` (statuses in `vocabulary`'s words, when
    given), the editors' ids and quotes as written."""
    field, old, new = detail.field, detail.old, detail.new
    if field == "text":
        return language.gettext("text reworded")
    if field == "details":
        return language.gettext("details edited")
    if field == "figure" and old is None and isinstance(new, Estimate):
        figure = value_label(new, language)
        if not new.status:
            return language.gettext("figure: {figure}").format(figure=figure)
        status = _status(new.status, language, vocabulary)
        return language.gettext("figure: {figure} ({status})").format(figure=figure, status=status)

    def shown(value: object) -> str:
        if value is None or value == []:
            return language.gettext(NONE)
        if isinstance(value, Estimate):
            return value_label(value, language)
        if isinstance(value, FuzzyDate):
            return as_of_words(value, language) if field == "as of" else date_words(value, language)
        if field == "status" and isinstance(value, str):
            return _status(value, language, vocabulary)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    return language.gettext(CHANGED_FIELDS[field]).format(old=shown(old), new=shown(new))


def _status(status: str, language: Language, vocabulary: Vocabulary | None) -> str:
    """A status in a change's words: in English its id, as the editors' `diff` says it;
    in another language the reader's words (`status_words`)."""
    if language is ENGLISH:
        return status
    return status_words(vocabulary or Vocabulary(), status, language)


def missing_notice_words(fields: list[str]) -> str:
    """Why a change to a published fact needs a correction entry it lacks."""
    return (
        f"its {format_list(fields)} changed after it was published, and no new entry under "
        "`corrections:` says what was wrong; add one (a `date` and a `text` such as “An "
        "earlier version gave 15,000”)"
    )


def change_counts_words(counts: dict[str, int], missing: int) -> str:
    """ "1 added, 0 updated, 2 corrected (1 without its correction entry), 0 withdrawn,
    0 removed"."""
    parts = []
    for kind in CHANGE_KINDS:
        part = f"{counts.get(kind, 0)} {kind}"
        if kind == "corrected" and missing:
            part += f" ({missing} without {'its' if missing == 1 else 'their'} correction entry)"
        parts.append(part)
    return ", ".join(parts)


def review_headline_words(
    base: str, head: str, changes: str, new: int, resolved: int, errors: int, warnings: int
) -> str:
    """The first line of `diff`: the two versions, the changes to the facts (as
    `change_counts_words` says them) and the problems brought and resolved."""
    return (
        f"From {base} to {head}: facts {changes}; {new} new and {resolved} resolved problems "
        f"({errors} errors and {warnings} warnings now)."
    )


def change_sentence_words(
    fact: str,
    details: list[str],
    notices: list[str],
    missing: list[str],
) -> str:
    """One changed fact in `diff`: which fact, what changed, then the correction and
    withdrawal notices the change wrote (`correction_words`, `withdrawal_words`), or,
    for a correction that lacks its entry, what changed (`missing`)."""
    text = f"{fact}. Changed: {'; '.join(details)}"
    for notice in notices:
        text += f". {notice.rstrip('.')}"
    if missing:
        text += f". A correction without its notice: {missing_notice_words(missing)}"
    return text


# --- corrections and withdrawals as readers see them (render/: fact items, the
# Corrections page, the feed)

_NOTICE_LABELS = {"correction": N_("Corrected"), "withdrawal": N_("Withdrawn")}


def notice_label(kind: str, language: Language = ENGLISH) -> str:
    """What a notice says before its date: "Corrected" (a correction) or "Withdrawn"
    (a withdrawal)."""
    return language.gettext(_NOTICE_LABELS[kind])


def feed_notice_title(kind: str, text: str, language: Language = ENGLISH) -> str:
    """A correction's or a withdrawal's feed entry's title: "Corrected: <the fact's
    text, cut short>"."""
    short = text if len(text) <= 80 else text[:79].rsplit(" ", 1)[0] + "…"
    if kind == "withdrawal":
        return language.gettext("Withdrawn: {fact}").format(fact=short)
    return language.gettext("Corrected: {fact}").format(fact=short)


def feed_notice_summary(kind: str, day: date, text: str, language: Language = ENGLISH) -> str:
    """A correction's or a withdrawal's feed entry: the day and the editors' words."""
    label = day_label(day, language)
    if kind == "withdrawal":
        message = language.gettext("Withdrawn on {date}. Why: {reason}")
        return message.format(date=label, reason=text)
    return language.gettext("Corrected on {date}: {text}").format(date=label, text=text)


def withdrawal_comment(reason: str, language: Language = ENGLISH) -> str:
    """A withdrawal as structured data gives it (a schema.org CorrectionComment's text)."""
    return language.gettext("Withdrawn. Why: {reason}").format(reason=reason)


# --- embeds: a quantity's chart framed in another site's page


def said_by(figure: str, who: str, language: Language = ENGLISH) -> str:
    """A figure and who gives it: "11,000 to 12,000, according to South Korea's NIS"."""
    return language.gettext("{figure}, according to {who}").format(figure=figure, who=who)


def embed_headline(said: str, language: Language = ENGLISH) -> str:
    """The embed's headline line, from `said_by`."""
    return language.gettext("Headline: {said}.").format(said=said)


def embed_dispute(low: str, high: str, language: Language = ENGLISH) -> str:
    """The embed's line for two disputed figures, each from `said_by`."""
    return language.gettext("Disputed: {low}, against {high}.").format(low=low, high=high)


def embed_updated(day: str, language: Language = ENGLISH) -> str:
    """When the embed's figures last changed (`day`: a `day_label`)."""
    return language.gettext("Updated {day}.").format(day=day)


def embed_back(site: str, language: Language = ENGLISH) -> str:
    """The embed's link back to the quantity's page."""
    return language.gettext("Every estimate and its sources on {site}").format(site=site)


def embed_offer(language: Language = ENGLISH) -> tuple[str, str, str]:
    """The quantity page's offer of its embed: its title, how to use the snippet, and
    the link to the embed itself."""
    return (
        language.gettext("Embed this chart"),
        language.gettext(
            "Paste this into a web page to show the chart there, with each figure's "
            "claimant and article; it resizes to fit its content."
        ),
        language.gettext("See the embed on its own."),
    )
