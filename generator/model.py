"""The fact model: what an editor may write, and the one source of its JSON Schema.

A briefing is made of five kinds of record, each kept in a list under its own key
in any file of `facts/`:

- `sources`: the articles that report claims (publisher, title, date, link);
- `claimants`: who a claim is attributed to (a person, an agency, a government...);
- `topics`: what a reader looks for, each with a summary written by the editors;
- `quantities`: what estimates measure ("people at the march", "troops sent");
- `facts`: the claims themselves, each an `event`, an `estimate` or a `statement`,
  always citing one source and at least one claimant.

Every model is frozen and forbids unknown keys. Scalars arrive from the loader as
their raw text (`load.Scalar`); the field types below decide what each may be and
refuse YAML's implicit conversions (`NO` read as false, `010` read as 8).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator.dates import DateSyntaxError, FuzzyDate, parse_date, parse_day
from generator.diagnostics import Location, excerpt
from generator.load import Scalar
from generator.vocabulary import BUILT_IN, Vocabulary

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
MAX_NUMBER = 1e15  # beyond this, figures lose precision as floats
MAX_TEXT = 20_000  # characters in one text value: a claim or a summary, not an article
_NUMBER = re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$")
# A dot before each group of exactly three digits, as in 1.500, 240.000 or 1.500.000:
# much of Europe writes thousands so. Not 0.125, which nobody writes for 125.
_DOT_THOUSANDS = re.compile(r"^-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1, less tab and newline
NOWHERE = Location("")  # where a record built in code (not read from a file) is

_READ_AS = {
    "bool": "a yes/no value",
    "int": "a number",
    "float": "a number",
    "null": "an empty value",
    "timestamp": "a date",
}


def _implicit(value: Any) -> str | None:
    """What YAML 1.1 would turn an unquoted scalar into, if not text."""
    if isinstance(value, Scalar) and not value.quoted and value.implicit != "str":
        return value.implicit
    return None


def _text(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # pydantic reports what is not text
    if _CONTROL.search(value):
        _refuse_control_characters(value)
    if len(value) > MAX_TEXT:
        raise PydanticCustomError(
            "too-long",
            "this text has {length:,} characters, more than the {limit:,} allowed; "
            "shorten it (a fact is a claim in a few sentences)",
            {"length": len(value), "limit": MAX_TEXT},
        )
    kind = _implicit(value)
    if kind == "null":
        raise PydanticCustomError("missing-value", "the value is empty; write the text")
    if kind:
        raise PydanticCustomError(
            "implicit-type",
            'YAML reads `{value}` as {read_as}, not text; put it in quotes: "{value}"',
            {"value": excerpt(value), "read_as": _READ_AS[kind]},
        )
    text = str.strip(value)
    if not text:
        raise PydanticCustomError("missing-value", "the text is empty; write the text")
    return text


def _refuse_control_characters(value: str) -> None:
    found = _CONTROL.search(value)
    if found:
        raise PydanticCustomError(
            "control-character",
            "the text holds the control character U+{code} (at character {index}); "
            "remove it (it breaks the feed and the pages)",
            {"code": f"{ord(found.group()):04X}", "index": found.start() + 1},
        )


def _id(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and not _ID.match(value):
        raise PydanticCustomError(
            "bad-id",
            "`{value}` is not an id; use lowercase letters, digits and single hyphens, "
            "such as `police-count-2024-10-18`",
            {"value": excerpt(value)},
        )
    return value


def _date_text(value: Any) -> Any:
    if _implicit(value) not in (None, "timestamp", "int"):  # 2024-10-18 and 2024 are fine
        value = _text(value)
    if isinstance(value, str):
        try:
            parse_date(value)
        except DateSyntaxError as exc:
            raise PydanticCustomError("bad-date", str(exc)) from None
        return str(value).strip()
    return value


def _published(value: Any) -> Any:
    value = _date_text(value)
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed.precision not in ("day", "month") or parsed.is_approximate or parsed.is_span:
            raise PydanticCustomError(
                "bad-date",
                "`{value}` is not a publication date; write the day (YYYY-MM-DD) or, when "
                "the copy at hand gives only the month, the month (YYYY-MM)",
                {"value": excerpt(value)},
            )
    return value


def _day(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_day(str(value))
        except DateSyntaxError as exc:
            raise PydanticCustomError("bad-date", str(exc)) from None
    return value


def _number(value: Any) -> Any:
    if isinstance(value, Scalar):
        if not value.quoted and _DOT_THOUSANDS.match(value):
            _refuse_dot_thousands(value)
        if value.quoted or not _NUMBER.match(value):
            raise PydanticCustomError(
                "number-format",
                "`{value}` is not a plain number; write digits only, without quotes, "
                "separators (1,000 or 1_000) or leading zeros, such as 15000",
                {"value": excerpt(value)},
            )
        number = float(value)
        if abs(number) > MAX_NUMBER:
            raise PydanticCustomError(
                "number-format",
                "`{value}` is larger than any figure this briefing can show (up to {limit})",
                {"value": excerpt(value, 40), "limit": f"{MAX_NUMBER:,.0f}"},
            )
        return int(number) if number.is_integer() else number
    return value


def _refuse_dot_thousands(value: str) -> None:
    """`1.500` and `240.000`: YAML reads one and a half and two hundred and forty, but
    much of Europe writes fifteen hundred and 240 thousand so. Neither is guessed."""
    whole = value.replace(".", "")
    if value.count(".") > 1:
        raise PydanticCustomError(
            "dot-thousands",
            "`{value}` has dots between its thousands; write the figure as digits only, "
            "without separators: {whole}",
            {"value": excerpt(value), "whole": whole},
        )
    integer, decimals = value.split(".")
    if decimals.rstrip("0"):
        decimal = f"{integer}.{decimals.rstrip('0')}"
        if decimals.endswith("0"):
            meant = f"{decimal} if the decimal {decimal} was meant"
        else:  # three decimals are kept apart from thousands by a fourth digit
            meant = f"{value}0 if the decimal {value} was meant"
    else:
        meant = f"{integer} if {integer} was meant"
    raise PydanticCustomError(
        "dot-thousands",
        "`{value}` may be {whole} written with a dot between thousands, as much of Europe "
        "writes it, or a decimal, as YAML reads it; write {whole} if that is the figure "
        "(digits only, no separator), or {meant}",
        {"value": excerpt(value), "whole": whole, "meant": meant},
    )


def _flag(value: Any) -> Any:
    if isinstance(value, Scalar):
        if value.quoted or value not in ("true", "false"):
            raise PydanticCustomError(
                "implicit-type", "`{value}` is not true or false", {"value": excerpt(value)}
            )
        return value == "true"
    return value


def _url(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str):
        parts = urlsplit(value)
        spaced = any(ord(c) <= 0x20 or ord(c) == 0x7F for c in value)
        if parts.scheme not in ("http", "https") or not parts.netloc or spaced:
            raise PydanticCustomError(
                "bad-url",
                "`{value}` is not a web address; links start with https:// or http:// and "
                "hold no spaces or control characters (write %20 for a space)",
                {"value": excerpt(value)},
            )
    return value


def _file_name(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str) and (
        "/" in value or "\\" in value or value.startswith(".") or "\0" in value
    ):
        raise PydanticCustomError(
            "bad-file-name",
            "`{value}` must be a plain file name inside the archive folder, with no path",
            {"value": excerpt(value)},
        )
    return value


def _one_or_more(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]
DateText = Annotated[
    str,
    BeforeValidator(_date_text),
    WithJsonSchema(
        {
            "type": ["string", "integer"],  # a bare year such as 1953 is a YAML integer
            "description": "YYYY-MM-DD, YYYY-MM, YYYY or 197X; early/mid/late before, "
            "~ or ? after; A/B for a span, ../B by (no later than), A/.. since (still going on)",
        }
    ),
]
Published = Annotated[
    str,
    BeforeValidator(_published),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$",
            "description": "YYYY-MM-DD, or YYYY-MM when only the month is known",
        }
    ),
]
Day = Annotated[
    date,
    BeforeValidator(_day),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Number = Annotated[float, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
Flag = Annotated[bool, BeforeValidator(_flag)]
Url = Annotated[
    str,
    BeforeValidator(_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
FileName = Annotated[str, BeforeValidator(_file_name)]
OptionalRefs = Annotated[
    list[Id],
    BeforeValidator(_one_or_more),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
            ]
        }
    ),
]
Refs = Annotated[
    list[Id],
    BeforeValidator(_one_or_more),
    Field(min_length=1),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
            ]
        }
    ),
]


@dataclass(frozen=True)
class RefersTo:
    """Marks a field whose value names other records (one id or a list): `kind` is
    which ("source", "claimant", "topic", "quantity" or "fact"). `references` reads
    these marks, and every rule, index and location that follows references reads it."""

    kind: str


CITES = RefersTo("fact")  # a text's citations, [@fact-id], name facts
RECORD_KINDS = ("source", "claimant", "topic", "quantity", "fact")


class Record(BaseModel):
    """Common ground: frozen, no unknown keys, and the place it was written."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)

    # A factory, not a default: pydantic deep-copies a default into every record.
    _loc: Location = PrivateAttr(default_factory=lambda: NOWHERE)
    _key_locs: dict[str, Location] = PrivateAttr(default_factory=dict)

    @property
    def loc(self) -> Location:
        return self._loc

    def where(self, key: str) -> Location:
        """Where `key` was written, or the record itself when it was not."""
        return self._key_locs.get(key, self._loc)

    def where_value(self, key: str, index: int = 0) -> Location:
        """Where the `index`th value under `key` was written: the value itself, an item of
        a list, or a citation inside a text (see corpus `_place`); else where `key` was."""
        return self._key_locs.get(f"{key}[{index}]") or self.where(key)

    def placed(self, loc: Location, key_locs: dict[str, Location]) -> Record:
        self._loc = loc
        self._key_locs = key_locs
        return self


def _term(value: Any) -> Any:
    """An id of the vocabulary (a kind, a status): written as an id, checked by check.py."""
    return _id(value)


Term = Annotated[
    str,
    BeforeValidator(_term),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]  # an id of the vocabulary (vocabulary.py): which ones a project may use, check.py says


class StatusWords(Record):
    """A status a project declares: its words, and whether it counts what has happened."""

    words: Text = Field(description="as a reader sees it after the figure, e.g. marched")
    happened: Flag = Field(
        description="true when it counts what has happened (marched, sent), false when "
        "what may happen (expected, planned); the headline rule prefers what has happened"
    )


class VocabularyDeclaration(Record):
    """A project's own claimant kinds and statuses, beside the built-in ones."""

    claimant_kinds: dict[Id, Text] = Field(
        {},
        description="kind id: the heading readers see over its claimants, "
        "e.g. police: Police forces",
    )
    statuses: dict[Id, StatusWords] = Field(
        {}, description="status id: its words and whether it counts what has happened"
    )


class Briefing(Record):
    """What the whole briefing is about: shown on the home page and in the feed."""

    title: Text
    summary: Annotated[Text, CITES] = Field(description="Markdown; may cite facts as [@fact-id]")
    language: Text | None = Field(
        None,
        description="the language its pages are written in (as `uk` or `pt-BR`); "
        "unset: the site's (`theme.language` in mkdocs.yml)",
    )
    license: Text | None = None
    vocabulary: VocabularyDeclaration | None = Field(
        None, description="the project's own claimant kinds and estimate statuses"
    )


class Source(Record):
    """An article that reports claims. Facts cite it by `id`."""

    id: Id
    publisher: Text
    title: Text
    title_supplied: Flag = Field(
        False,
        description="true when the editors describe the article because the copy they "
        "hold has no headline; the title is then shown in [brackets]",
    )
    authors: list[Text] = []
    contributors: list[Text] = Field([], description="'With assistance from' credits")
    published: Published
    timezone: Text | None = None
    url: Url | None = None
    archive: FileName | None = Field(
        None, description="file name of the article's text in the BRIEFING_ARCHIVE folder"
    )
    note: Text | None = None

    @cached_property
    def published_date(self) -> FuzzyDate:
        """The publication date at the precision known: a day, or a month."""
        return parse_date(self.published)

    @cached_property
    def published_day(self) -> date:
        """The last day the article can have appeared: the dates of its claims may run
        to it, and its claims are known from it."""
        return self.published_date.latest


class Claimant(Record):
    """Who a claim is attributed to: not the article, but whom the article cites."""

    id: Id
    name: Text
    kind: Term = Field(description="a built-in kind or one declared in the vocabulary")
    country: Text | None = None
    role: Text | None = Field(None, description="role at the time of the claims")
    description: Text | None = None


class Topic(Record):
    """A subject a reader looks for; its summary cites facts as [@fact-id]."""

    id: Id
    title: Text
    order: Annotated[int, BeforeValidator(_number)]
    summary: Annotated[Text, CITES]


class Headline(Record):
    """An editor's choice of headline estimate, overriding the rule, with the reason."""

    fact: Annotated[Id, RefersTo("fact")]
    reason: Text


class Quantity(Record):
    """Something estimates measure; each claimant's estimate stays a separate fact."""

    id: Id
    label: Text
    unit: Text
    topic: Annotated[Id, RefersTo("topic")]
    description: Text | None = None
    headline: Headline | None = None
    spread_note: Text | None = Field(
        None, description="editors' explanation of why estimates of this quantity differ"
    )
    counts: Flag = Field(
        True,
        description="true (the default) when the figures count things (people, "
        "ships, buildings), so each is a whole number; false when they measure something "
        "else (money, an area, a rate), whose figures may have decimals",
    )


class Correction(Record):
    """A correction notice: what was wrong in an earlier version of the fact, in the
    editors' own words, and the day it was corrected."""

    date: Day = Field(description="the day the fact was corrected (YYYY-MM-DD)")
    text: Text = Field(
        description="what was wrong, in the editors' words, e.g. An earlier version gave "
        "15,000; the article says about 1,500"
    )


class Withdrawal(Record):
    """A fact the editors no longer stand by: it keeps its page and its links, marked
    withdrawn, and leaves headlines, key figures, charts and disagreements."""

    date: Day = Field(description="the day the fact was withdrawn (YYYY-MM-DD)")
    reason: Text = Field(description="why, in the editors' words")


Bound = Literal["exact", "about", "almost", "at-least", "more-than", "up-to", "range"]
# Whether a figure counts everyone over a period, or those present at one time.
Measure = Literal["cumulative", "at-one-time", "unstated"]


class FactBase(Record):
    """Fields every claim has: what, who said it, where it was reported, when."""

    id: Id
    topics: Annotated[Refs, RefersTo("topic")]
    text: Text = Field(description="the claim in the briefing's own words")
    source: Annotated[Id, RefersTo("source")]
    claimant: Annotated[Refs, RefersTo("claimant")] = Field(
        description="who the claim is attributed to (one id or a list)"
    )
    via: Annotated[Id | None, RefersTo("claimant")] = Field(
        None, description="who relayed the claim to the article, when not the claimant"
    )
    date: DateText | None = Field(None, description="when what the claim is about happened")
    scheduled: Flag = Field(
        False, description="true when the date is expected, so it may follow the article"
    )
    quote: Text | None = Field(None, description="the claimant's own short words, verbatim")
    review_by: Day | None = None
    note: Text | None = Field(None, description="editors' note: how a date was resolved, ...")
    denies: Annotated[OptionalRefs, RefersTo("fact")] = Field(
        [], description="facts this claim says are untrue"
    )
    disputes: Annotated[OptionalRefs, RefersTo("fact")] = Field(
        [], description="facts this claim questions or contradicts"
    )
    same_as: Annotated[Id | None, RefersTo("fact")] = Field(
        None, description="another fact that reports the same event (their dates must agree)"
    )
    stated: DateText | None = Field(
        None,
        description="when the claimant made the claim, if the article says; distinct from "
        "`date` (what the claim is about), `as_of` (the day a figure refers to) and the "
        "article's date",
    )
    corrections: list[Correction] = Field(
        [],
        description="correction notices, each with its `date` and `text`: required when a "
        "published figure, bound, date, claimant, quote or source changes",
    )
    withdrawn: Withdrawal | None = Field(
        None,
        description="`date` and `reason` when the editors no longer stand by the claim; "
        "the fact keeps its page, marked withdrawn",
    )

    @cached_property
    def when(self) -> FuzzyDate | None:
        return parse_date(self.date) if self.date else None

    @cached_property
    def stated_date(self) -> FuzzyDate | None:
        return parse_date(self.stated) if self.stated else None


class Event(FactBase):
    """Something that happened (or is scheduled to): it appears on the timeline."""

    kind: Literal["event"]
    date: DateText


class Statement(FactBase):
    """A claim, assessment, denial or piece of context without a number to compare."""

    kind: Literal["statement"]


class Estimate(FactBase):
    """One claimant's figure for a quantity, with its bound, status and as-of date."""

    kind: Literal["estimate"]
    quantity: Annotated[Id, RefersTo("quantity")]
    bound: Bound
    value: Number | None = Field(None, description="required unless bound is range")
    low: Number | None = Field(None, description="for a range, or a central value's range")
    high: Number | None = None
    status: Term | None = Field(
        None, description="a built-in status or one declared in the vocabulary"
    )
    as_of: DateText
    measure: Measure | None = Field(
        None,
        description="cumulative (a total over time), at-one-time (present at once) or "
        "unstated (the reporting does not say which)",
    )
    unit: Text | None = Field(None, description="if given, must match the quantity's unit")
    condition: Text | None = Field(
        None,
        description="for a projection (a status of what may happen): what the figure "
        "depends on, in the editors' words, e.g. if the alliance keeps deepening",
    )
    likelihood: Text | None = Field(
        None,
        description="for a projection: the article's own hedge word for it, e.g. likely or "
        "may, verified against the archived article like a quote",
    )
    part_of: Annotated[Id | None, RefersTo("fact")] = Field(
        None,
        description="the estimate of a whole this figure is part of (an army within the "
        "armed forces), a figure of another quantity; a part is never set against its whole",
    )

    @cached_property
    def as_of_date(self) -> FuzzyDate:
        return parse_date(self.as_of)


Fact = Annotated[Event | Statement | Estimate, Field(discriminator="kind")]
FACT_KINDS: dict[str, type[FactBase]] = {
    "event": Event,
    "statement": Statement,
    "estimate": Estimate,
}


class FactFile(Record):
    """One file of `facts/`. Any file may hold any of the lists; ids are global."""

    model_config = ConfigDict(
        title="Briefing fact file",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    briefing: Briefing | None = None
    sources: list[Source] = []
    claimants: list[Claimant] = []
    topics: list[Topic] = []
    quantities: list[Quantity] = []
    facts: list[Fact] = []


SECTIONS: dict[str, type[Record]] = {
    "sources": Source,
    "claimants": Claimant,
    "topics": Topic,
    "quantities": Quantity,
}


def json_schema(vocabulary: Vocabulary = BUILT_IN) -> dict[str, Any]:
    """The JSON Schema of a fact file, generated from the models above, offering the
    claimant kinds and statuses of `vocabulary` (the built-in ones and a project's)."""
    schema = FactFile.model_json_schema()
    defs = schema["$defs"]
    defs["Claimant"]["properties"]["kind"].update(
        enum=list(vocabulary.claimant_kinds), type="string"
    )
    defs["Claimant"]["properties"]["kind"].pop("pattern", None)
    status = defs["Estimate"]["properties"]["status"]
    status.pop("anyOf", None)
    status.update(enum=list(vocabulary.statuses), type="string")
    return schema


@cache
def references(model: type[Record]) -> tuple[tuple[str, str], ...]:
    """(field, kind of record) for each field of `model` that names other records by id,
    as its `RefersTo` mark says; a text that cites facts is not one of them (`citing`)."""
    found = []
    for name, field in model.model_fields.items():
        for mark in field.metadata:
            if isinstance(mark, RefersTo) and mark is not CITES:
                found.append((name, mark.kind))
    return tuple(found)


@cache
def citing(model: type[Record]) -> tuple[str, ...]:
    """The text fields of `model` whose [@fact-id] citations name facts."""
    return tuple(n for n, f in model.model_fields.items() if any(m is CITES for m in f.metadata))


def referenced(record: Record, only: str = "") -> Iterator[tuple[str, int, str, str]]:
    """(field, index in it, kind of record, id) for each id `record` names in a field
    (with `only`, in the fields that name records of that kind)."""
    for key, kind in references(type(record)):
        if only and kind != only:
            continue
        value = getattr(record, key)
        if value is None:
            continue
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield key, index, kind, item
        else:
            yield key, 0, kind, value


RECORD_MODELS: tuple[type[Record], ...] = (
    Briefing,
    Source,
    Claimant,
    Topic,
    Headline,
    Quantity,
    Correction,
    Withdrawal,
    Event,
    Statement,
    Estimate,
)
