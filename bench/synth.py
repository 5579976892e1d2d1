"""Synthetic fact corpora of a realistic shape, seeded, deterministic and cached.

The shape follows the seed briefing, scaled up:

- about 1 source per 20 facts, 1 claimant per 15 facts, 1 quantity per 50 facts;
- 8 topics with uneven weights, each with a summary citing some of its facts;
- 35 % events, 45 % statements, 20 % estimates (so about 10 estimates a quantity);
- claimants used with a mild Zipf skew (a few governments make many claims);
- some second topics, second claimants, `via`, quotes, notes, review dates,
  every date syntax, scheduled events, ranges, a few editor-chosen headlines,
  denials and disputes, and a `spread_note` on 1 quantity in 10 (whose estimates
  may differ widely; the others stay within the threefold divergence band);
- one file each for briefing, sources, claimants, topics and quantities, and the
  facts in files of at most 500, grouped by topic (`facts/<topic>-NN.yaml`).

Every date is on or before the article that reports it (scheduled events aside),
and every article is published by 2030-12-31, so `--today 2031-06-30` (TODAY)
checks clean. No archive is needed: quotes are then reported as not verified.

`ensure_corpus(n, seed)` writes a corpus once under `bench/corpora/` and reuses it;
the same `n`, `seed` and VERSION always give the same bytes.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import tempfile
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

VERSION = 5  # bump whenever the output changes, so cached corpora are rebuilt
TODAY = "2031-06-30"  # after every synthetic article, before every review date
CORPORA = Path(__file__).resolve().parent / "corpora"

FACTS_PER_SOURCE = 20
FACTS_PER_CLAIMANT = 15
FACTS_PER_QUANTITY = 50
FACTS_PER_FILE = 500
KIND_SHARES = {"event": 0.35, "estimate": 0.20}  # the rest are statements
FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2030, 12, 31)

TOPICS = [
    ("deployment", "The deployment and its size", 0.24),
    ("combat", "Combat and casualties", 0.20),
    ("arms", "Arms and munitions", 0.15),
    ("diplomacy", "Diplomacy and summits", 0.12),
    ("sanctions", "Sanctions and trade", 0.10),
    ("economy", "The war economy", 0.08),
    ("history", "History and earlier missions", 0.06),
    ("responses", "Responses abroad", 0.05),
]
COUNTRIES = [
    "Freedonia", "Sylvania", "Ruritania", "Grand Fenwick", "Latveria", "Genovia",
    "Elbonia", "Borduria", "Syldavia", "Qumar", "Kasnia", "Zubrowka", "Carpania",
    "Arstotzka", "Kolechia", "Obristan", "Krakozhia", "Markovia", "Vulgaria", "Moldavia",
]  # fmt: skip
FIRST_NAMES = [
    "Ana", "Boris", "Chae-won", "Dmytro", "Elena", "Farid", "Greta", "Hyun-woo", "Ines",
    "Jonas", "Kateryna", "Lars", "Mara", "Nikolai", "Olga", "Pavel", "Quentin", "Rosa",
    "Sung-min", "Tomas", "Ulla", "Viktor", "Wen", "Yuki", "Zofia", "Aleksander", "Beatrix",
    "Cyril", "Dagny", "Emil",
]  # fmt: skip
LAST_NAMES = [
    "Example", "Quint", "Novak", "Kim", "Petrenko", "Halvorsen", "Moreau", "Park", "Ivanova",
    "Lindqvist", "Okafor", "Rossi", "Schmidt", "Tanaka", "Vasquez", "Weber", "Yoon", "Zielinski",
    "Brennan", "Castellano", "Dubois", "Eriksen", "Fischer", "Gallagher", "Horvath", "Jansen",
    "Kowalski", "Lee", "Marchetti", "Nakamura",
]  # fmt: skip
PUBLISHERS = [
    "The Harbour Gazette", "Port Bulletin", "Daily Meridian", "Northern Courier",
    "Global Wire", "The Observer Weekly", "Capital Times", "Frontier Post", "Evening Ledger",
    "The Continental", "Morning Herald", "Eastern Dispatch", "Wire Service International",
    "The Strategic Review", "Defence Monitor", "Policy Quarterly", "The Correspondent",
    "Radio Free Sylvania", "Kasnia Today", "The Ruritanian Times",
]  # fmt: skip
CLAIMANT_KINDS = [
    ("government", 12), ("ministry", 12), ("intelligence-agency", 8), ("military", 8),
    ("person", 8), ("minister", 8), ("diplomat", 6), ("military-officer", 6),
    ("official", 8), ("head-of-state", 3), ("head-of-government", 3), ("think-tank", 6),
    ("news-organisation", 4), ("international-organisation", 4),
    ("anonymous-sources", 3), ("group-of-governments", 1),
]  # fmt: skip
NOUNS = [
    "troops", "artillery shells", "ballistic missiles", "engineers", "transport ships",
    "rail shipments", "air-defence units", "drone teams", "supply convoys", "training camps",
    "officers", "labourers", "fuel deliveries", "spare parts", "rocket launchers",
    "special forces", "cargo flights", "munitions crates", "field hospitals", "interpreters",
]  # fmt: skip
VERBS = [
    "had arrived", "were being moved", "had been spotted", "were expected", "had withdrawn",
    "were being trained", "had been shipped", "were stationed", "had been resupplied",
    "were under way", "had been redeployed", "were assembling",
]  # fmt: skip
PLACES = [
    "in the Kursk region", "near the border", "at the port of Rajin", "in the Far East",
    "along the front line", "in the capital", "at a northern air base", "across the river",
    "in occupied territory", "at a rail hub near Khasan", "on the eastern coast",
    "at a training ground outside Vladivostok",
]  # fmt: skip
CLAUSES = [
    "citing satellite imagery", "without giving evidence", "in a statement to reporters",
    "according to officials briefed on the matter", "in remarks broadcast on state television",
    "adding that more could follow", "though the figure could not be verified",
    "and warned of further escalation", "in a written reply to questions",
    "while declining to give details", "in an interview with a local newspaper",
    "at a briefing for foreign diplomats", "two days after the first reports",
]  # fmt: skip
SAY = ["said", "claimed", "reported", "estimated", "warned", "confirmed", "suggested"]
QUOTE_WORDS = [
    "a", "quiet", "triumph", "of", "brotherly", "solidarity", "against", "aggression",
    "complete", "fabrication", "irresponsible", "and", "dangerous", "no", "comment", "at",
    "this", "time", "the", "situation", "remains", "fluid", "an", "unprecedented", "step", "we",
    "will", "respond", "accordingly", "deeply", "troubling", "development",
]  # fmt: skip
UNITS = ["troops", "shells", "missiles", "people", "vehicles", "tonnes", "dollars", "flights"]
STATUSES = ["sent", "deployed", "planned", "expected", "potential", "killed", "wounded",
            "casualties", "strength"]  # fmt: skip
BOUNDS = [("about", 35), ("exact", 10), ("at-least", 10), ("more-than", 10), ("up-to", 15),
          ("range", 20)]  # fmt: skip
MAGNITUDES = [12, 150, 1_500, 12_000, 100_000, 1_200_000]
YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'()/\-]*$")


@dataclass(frozen=True)
class Shape:
    facts: int
    sources: int
    claimants: int
    topics: int
    quantities: int

    @classmethod
    def of(cls, n: int) -> Shape:
        if n < len(TOPICS) * 2:
            raise ValueError(f"a corpus needs at least {len(TOPICS) * 2} facts")
        return cls(
            facts=n,
            sources=max(1, round(n / FACTS_PER_SOURCE)),
            claimants=max(2, round(n / FACTS_PER_CLAIMANT)),
            topics=len(TOPICS),
            quantities=max(1, round(n / FACTS_PER_QUANTITY)),
        )


# --- writing YAML by hand: the way editors write it, and fast


def _text(value: str) -> str:
    """A text value: plain when YAML reads it back as the same text, else double-quoted."""
    if (
        PLAIN.match(value)
        and ": " not in value
        and " #" not in value
        and value.lower() not in YAML11_WORDS
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _value(value: Any, indent: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return str(value)
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    assert isinstance(value, str)
    if "\n" in value:  # paragraphs: a literal block, each paragraph wrapped
        pad = " " * (indent + 2)
        lines = []
        for paragraph in value.split("\n\n"):
            lines += textwrap.wrap(paragraph, 76, break_long_words=False, break_on_hyphens=False)
            lines.append("")
        return "|\n" + "\n".join(pad + line if line else "" for line in lines[:-1])
    if len(value) > 80:  # a folded block, as editors write long texts
        pad = " " * (indent + 2)
        lines = textwrap.wrap(value, 76, break_long_words=False, break_on_hyphens=False)
        return ">-\n" + "\n".join(pad + line for line in lines)
    return _text(value)


class Raw:
    """A value written exactly as given (dates in their own syntax, unquoted)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _record(fields: dict[str, Any], first: str = "  - ", rest: str = "    ") -> str:
    lines: list[str] = []
    for key, value in fields.items():
        if value is None or value == []:
            continue
        prefix = rest if lines else first
        if isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            lines += [f"{rest}  {k}: {_value(v, len(rest) + 2)}" for k, v in value.items()]
        else:
            lines.append(f"{prefix}{key}: {_value(value, len(rest))}")
    return "\n".join(lines) + "\n"


HEADER = "# yaml-language-server: $schema=schema.json\n"  # as the seed's files start


def _section(name: str, records: Iterable[dict[str, Any]]) -> str:
    return f"{HEADER}{name}:\n" + "".join(_record(r) for r in records)


# --- making the records


def _slug(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'s", "s")).strip("-")
    return slug[:limit].rstrip("-")


def _round(value: float) -> int:
    """Two significant figures, as reported figures usually are."""
    if value < 100:
        return max(1, round(value))
    digits = len(str(int(value))) - 2
    return int(round(value / 10**digits) * 10**digits)


class _Maker:
    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(f"briefing-bench-{VERSION}-{seed}-{n}")
        self.shape = Shape.of(n)
        self.ids: set[str] = set()

    def unique(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.ids:
            candidate = f"{base}-{n}"
            n += 1
        self.ids.add(candidate)
        return candidate

    def person(self) -> str:
        rng = self.rng
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    # --- claimants

    def claimant(self, kind: str, names: set[str]) -> dict[str, Any]:
        rng = self.rng
        country = rng.choice(COUNTRIES)
        role = None
        person_roles = {
            "person": "analyst",
            "minister": f"{rng.choice(['Defence', 'Foreign', 'Trade'])} minister of {country}",
            "diplomat": f"{country}'s ambassador to {rng.choice(COUNTRIES)}",
            "military-officer": f"Commander of {country}'s {rng.choice(['1st', '5th', '11th'])} "
            "army corps",
            "official": f"Spokesperson of {country}'s {rng.choice(['defence', 'trade'])} ministry",
            "head-of-state": f"President of {country}",
            "head-of-government": f"Prime minister of {country}",
        }
        if kind in person_roles:
            name, role = self.person(), person_roles[kind]
        elif kind == "government":
            name = f"Government of {country}"
        elif kind == "ministry":
            name = f"{country}'s Ministry of {rng.choice(['Defence', 'Foreign Affairs', 'Trade'])}"
        elif kind == "intelligence-agency":
            name = f"{country}'s {rng.choice(['National', 'Foreign', 'Military'])} Intelligence "
            name += rng.choice(["Service", "Bureau", "Directorate"])
        elif kind == "military":
            name = f"{country}'s {rng.choice(['general staff', 'army', 'navy', 'air force'])}"
        elif kind == "think-tank":
            name = f"{rng.choice(['Northern', 'Atlantic', 'Pacific', 'Central'])} Institute for "
            name += rng.choice(["Security", "Strategic", "Korean", "Eurasian"]) + " Studies"
        elif kind == "news-organisation":
            name = rng.choice(PUBLISHERS)
        elif kind == "international-organisation":
            name = f"{rng.choice(['United', 'International', 'Northern'])} "
            name += f"{rng.choice(['Council', 'Agency', 'Commission'])} for Peace"
        elif kind == "anonymous-sources":
            name = f"Officials in {country}, speaking anonymously"
        else:
            name = f"Group of {rng.randint(5, 30)} governments"
        base, n = name, 2
        while name in names:
            name = f"{base} ({n})"
            n += 1
        names.add(name)
        return {
            "id": self.unique(_slug(base)),
            "name": name,
            "kind": kind,
            "country": country if rng.random() < 0.8 else None,
            "role": role,
            "description": (
                f"Cited for claims about {rng.choice(NOUNS)} {rng.choice(PLACES)}."
                if rng.random() < 0.4
                else None
            ),
        }

    # --- sources

    def source(self) -> dict[str, Any]:
        rng = self.rng
        publisher = rng.choice(PUBLISHERS)
        published = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
        source_id = self.unique(f"{_slug(publisher, 24)}-{published.isoformat()}")
        title = (
            f"{rng.choice(NOUNS).capitalize()} {rng.choice(VERBS)} {rng.choice(PLACES)}, "
            f"{rng.choice(['officials say', 'report says', 'sources say', 'analysts warn'])}"
        )
        authors = [self.person() for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3]))]
        return {
            "id": source_id,
            "publisher": publisher,
            "title": title,
            "title_supplied": True if rng.random() < 0.1 else None,
            "authors": authors,
            "contributors": [self.person()] if rng.random() < 0.1 else [],
            "published": published,
            "timezone": "UTC+9" if rng.random() < 0.1 else None,
            "url": (
                f"https://{_slug(publisher, 30)}.example/{published:%Y/%m}/{_slug(title, 50)}"
                if rng.random() < 0.8
                else None
            ),
            "archive": f"{source_id}.txt" if rng.random() < 0.3 else None,
            "note": (
                "The copy the editors hold has no byline; the publisher is named in its footer."
                if rng.random() < 0.1
                else None
            ),
        }

    # --- dates

    def day_before(self, published: date, most: int = 90) -> date:
        return max(
            FIRST_DAY - timedelta(days=400), published - timedelta(days=self.rng.randint(0, most))
        )

    def fuzzy(self, published: date) -> tuple[Raw, str | None]:
        """A date in one of the editors' syntaxes, never after `published`, and a note."""
        rng = self.rng
        d = self.day_before(published)
        roll = rng.random()
        if roll < 0.55:
            return Raw(d.isoformat()), None
        if roll < 0.70:
            return Raw(f"{d:%Y-%m}"), None
        if roll < 0.75:
            return Raw(str(d.year)), None
        if roll < 0.85:
            note = (
                "The article gives no date; this had happened by its publication on "
                f"{published.day} {published:%B %Y}."
            )
            return Raw(f"../{published.isoformat()}"), note
        if roll < 0.90:
            return Raw(f"{d:%Y-%m}~"), None
        if roll < 0.94:
            part = "early" if d.month <= 4 else "mid" if d.month <= 8 else "late"
            return Raw(f"{part} {d.year}"), None
        if roll < 0.97:
            start = d - timedelta(days=rng.randint(30, 300))
            return Raw(f"{start:%Y-%m}/{d:%Y-%m}"), None
        if roll < 0.99:
            return Raw(f"{str(d.year - 20)[:3]}X"), "The article speaks only of the decade."
        return Raw(f"{d:%Y-%m}/.."), None

    # --- facts

    def sentence(self, who: str, quote: str | None, figure: str | None = None) -> str:
        rng = self.rng
        noun, verb, place, clause = (
            rng.choice(NOUNS),
            rng.choice(VERBS),
            rng.choice(PLACES),
            rng.choice(CLAUSES),
        )
        form = rng.randrange(4)
        if figure:
            text = f"{who} {rng.choice(SAY)} that {figure} {noun} {verb} {place}, {clause}."
        elif form == 0:
            text = f"{who} {rng.choice(SAY)} that {noun} {verb} {place}, {clause}."
        elif form == 1:
            text = f"{noun.capitalize()} {verb} {place}, according to {who}, {clause}."
        elif form == 2:
            text = (
                f"{who} {rng.choice(SAY)} that {noun} {verb} {place} and that "
                f"{rng.choice(NOUNS)} {rng.choice(VERBS)} {rng.choice(PLACES)}."
            )
        else:
            text = f"In what it called a routine step, {who} said {noun} {verb} {place}."
        if quote:
            text += f' It called this "{quote}".'
        elif rng.random() < 0.1:
            text += " The claim (first made in private) was repeated the next day — twice."
        return text

    def quote(self) -> str:
        rng = self.rng
        start = rng.randrange(len(QUOTE_WORDS) - 8)
        return " ".join(QUOTE_WORDS[start : start + rng.randint(2, 8)])


def _weighted(rng: random.Random, n: int, items: int, exponent: float) -> list[int]:
    """`n` picks from `items` indexes: each at least once (when n allows), then Zipf-skewed."""
    picks = list(range(min(n, items)))
    rng.shuffle(picks)
    weights = [1 / (rank + 1) ** exponent for rank in range(items)]
    picks += rng.choices(range(items), weights=weights, k=max(0, n - items))
    rng.shuffle(picks)
    return picks


def generate(n: int, seed: int, briefings: int = 1) -> dict[str, str]:
    """The files of a synthetic corpus of `n` facts: {file name: YAML text}; with
    `briefings` > 1, the same facts as a site of that many briefings (see `_site`)."""
    maker = _Maker(n, seed)
    rng, shape = maker.rng, maker.shape

    topics = [{"id": t, "title": title, "order": i + 1} for i, (t, title, _) in enumerate(TOPICS)]
    topic_weights = [w for _, _, w in TOPICS]
    for t in topics:
        maker.ids.add(t["id"])

    names: set[str] = set()
    kinds, kind_weights = zip(*CLAIMANT_KINDS, strict=True)
    claimants = [
        maker.claimant(rng.choices(kinds, kind_weights)[0], names) for _ in range(shape.claimants)
    ]
    sources = [maker.source() for _ in range(shape.sources)]

    quantities = []
    for i in range(shape.quantities):
        noun = rng.choice(NOUNS)
        topic = topics[i % len(topics)]["id"]
        quantities.append(
            {
                "id": maker.unique(f"{_slug(noun)}-{topic}-{i + 1}"),
                "label": f"{noun.capitalize()} counted in series {i + 1} ({topic})",
                "unit": rng.choice(UNITS),
                "topic": topic,
                "description": (
                    f"Every reported figure for {noun} in this series, whatever its status."
                    if rng.random() < 0.5
                    else None
                ),
                "spread_note": (
                    "The figures count different things: some only the first transport, "
                    "others everyone sent over the years."
                    if rng.random() < 0.1
                    else None
                ),
                "magnitude": rng.choice(MAGNITUDES) * rng.uniform(0.5, 2),
            }
        )

    n_estimates = max(shape.quantities, round(n * KIND_SHARES["estimate"]))
    n_events = round(n * KIND_SHARES["event"])
    kinds_of = ["estimate"] * n_estimates + ["event"] * n_events
    kinds_of += ["statement"] * (n - len(kinds_of))
    rng.shuffle(kinds_of)
    source_of = _weighted(rng, n, len(sources), 0.0)
    claimant_of = _weighted(rng, n, len(claimants), 0.8)
    quantity_of = iter(_weighted(rng, n_estimates, len(quantities), 0.0))
    topic_cycle = iter(range(len(topics)))  # the first facts cover every topic once

    facts: list[dict[str, Any]] = []
    for i, kind in enumerate(kinds_of):
        source = sources[source_of[i]]
        claimant = claimants[claimant_of[i]]
        published: date = source["published"]
        fact: dict[str, Any] = {"id": None, "kind": kind}
        quantity = quantities[next(quantity_of)] if kind == "estimate" else None
        if quantity:
            primary = quantity["topic"]
        else:
            index = next(topic_cycle, None)
            if index is None:
                index = rng.choices(range(len(topics)), topic_weights)[0]
            primary = topics[index]["id"]
        topic_ids = [primary]
        if rng.random() < 0.15:
            other = rng.choice([t["id"] for t in topics if t["id"] != primary])
            topic_ids.append(other)
        who = [claimant["id"]]
        if rng.random() < 0.05:
            second = rng.choice(claimants)["id"]
            if second != who[0]:
                who.append(second)
        quote = maker.quote() if rng.random() < 0.12 else None
        fact["topics"] = topic_ids
        fact["text"] = ""  # written once the figure is known
        fact["source"] = source["id"]
        fact["claimant"] = who if len(who) > 1 else who[0]
        via = rng.choice(claimants)["id"] if rng.random() < 0.05 else None
        fact["via"] = via if via not in who else None
        note = None
        if kind == "event" and rng.random() < 0.02:
            later = published + timedelta(days=rng.randint(10, 200))
            fact["date"], fact["scheduled"] = Raw(later.isoformat()), True
        elif kind == "event" or (kind == "statement" and rng.random() < 0.7):
            fact["date"], note = maker.fuzzy(published)
        if quantity:
            assert quantity is not None
            bound = rng.choices(*zip(*BOUNDS, strict=True))[0]
            # Within a threefold band unless the editors explained the spread.
            band = (0.2, 3.0) if quantity["spread_note"] else (0.6, 1.6)
            value = _round(quantity["magnitude"] * rng.uniform(*band))
            fact.update(quantity=quantity["id"], bound=bound)
            if bound == "range":
                low, high = _round(value * 0.7), _round(value * 1.3)
                fact.update(value=value if rng.random() < 0.3 else None, low=low, high=high)
            else:
                fact["value"] = value
            fact["status"] = rng.choice(STATUSES) if rng.random() < 0.85 else None
            fact["as_of"], note = maker.fuzzy(published)
            fact["unit"] = quantity["unit"] if rng.random() < 0.1 else None
            bound_words = {"range": "between", "exact": "exactly"}.get(
                bound, bound.replace("-", " ")
            )
            figure = f"{bound_words} {fact['low'] if bound == 'range' else fact['value']:,}"
            if bound == "range":
                figure += f" and {fact['high']:,}"
                if fact["value"] is not None:  # a central figure the article names too
                    figure += f", about {fact['value']:,}"
            fact["text"] = maker.sentence(claimant["name"], quote, figure)
        else:
            fact["text"] = maker.sentence(claimant["name"], quote)
        fact["quote"] = quote
        if kind == "statement" and facts and rng.random() < 0.03:
            target = facts[rng.randrange(max(0, len(facts) - 200), len(facts))]["id"]
            fact["denies" if rng.random() < 0.5 else "disputes"] = [target]
        if rng.random() < 0.03:
            fact["review_by"] = date(2032, 1, 1)
        if note is None and rng.random() < 0.2:
            note = (
                f'The article\'s "on {rng.choice(["Monday", "Tuesday", "Friday"])}" is resolved '
                f"against its publication date, {published.day} {published:%B %Y}."
            )
        fact["note"] = note
        words = _slug(f"{claimant['name'].split(',')[0]} {kind}", 28)
        fact["id"] = maker.unique(f"{words}-{i + 1}")
        facts.append(fact)

    # Summaries cite facts of their topic; a few quantities get an editor's headline.
    by_topic: dict[str, list[dict[str, Any]]] = {t["id"]: [] for t in topics}
    for fact in facts:
        by_topic[fact["topics"][0]].append(fact)
    for topic in topics:
        cited = by_topic[topic["id"]][:6]
        sentences = [f"{f['text'].split(', ')[0].rstrip('.')} [@{f['id']}]." for f in cited]
        half = len(sentences) // 2 or 1
        topic["summary"] = " ".join(sentences[:half]) + "\n\n" + " ".join(sentences[half:])
    by_quantity: dict[str, list[dict[str, Any]]] = {}
    for fact in facts:
        if fact["kind"] == "estimate":
            by_quantity.setdefault(fact["quantity"], []).append(fact)
    for quantity in quantities:
        estimates = by_quantity.get(quantity["id"], [])
        if len(estimates) > 2 and rng.random() < 0.1:
            quantity["headline"] = {
                "fact": estimates[0]["id"],
                "reason": "It is the only figure based on a count rather than a projection.",
            }
        del quantity["magnitude"]
    if briefings > 1:
        return _site(briefings, topics, quantities, facts, sources, claimants)
    lead = [by_topic[t["id"]][0] for t in topics[:4]]
    briefing = {
        "title": f"A synthetic briefing of {n:,} facts",
        "language": "en",
        "summary": (
            "This briefing is generated for benchmarks. "
            + " ".join(f"{f['text'].split(', ')[0].rstrip('.')} [@{f['id']}]." for f in lead[:2])
            + "\n\n"
            + " ".join(f"{f['text'].split(', ')[0].rstrip('.')} [@{f['id']}]." for f in lead[2:])
        ),
    }

    files: dict[str, str] = {
        "briefing.yaml": HEADER + "briefing:\n" + _record(briefing, "  ", "  "),
        "sources.yaml": _section("sources", sources),
        "claimants.yaml": _section("claimants", claimants),
        "topics.yaml": _section("topics", topics),
        "quantities.yaml": _section("quantities", quantities),
    }
    by_file: dict[str, list[dict[str, Any]]] = {}
    for topic in topics:
        chunk = by_topic[topic["id"]]
        for part, start in enumerate(range(0, len(chunk), FACTS_PER_FILE), start=1):
            by_file[f"{topic['id']}-{part:02d}.yaml"] = chunk[start : start + FACTS_PER_FILE]
    for name, chunk in by_file.items():
        files[name] = _section("facts", chunk)
    return files


def _site(
    briefings: int,
    topics: list[dict[str, Any]],
    quantities: list[dict[str, Any]],
    facts: list[dict[str, Any]],
    sources: list[dict[str, Any]],
    claimants: list[dict[str, Any]],
) -> dict[str, str]:
    """The corpus as a site of several briefings: the topics dealt out in turn to
    `briefing-1` ... `briefing-K`, each with its topics' quantities and facts; every
    source and claimant in shared files. A fact keeps only the topics of its first
    topic's briefing, and denies or disputes only facts of that briefing."""
    part_of = {t["id"]: f"briefing-{i % briefings + 1}" for i, t in enumerate(topics)}
    fact_part = {f["id"]: part_of[f["topics"][0]] for f in facts}
    files: dict[str, str] = {
        "sources.yaml": _section("sources", sources),
        "claimants.yaml": _section("claimants", claimants),
    }
    for number in range(1, briefings + 1):
        part = f"briefing-{number}"
        own_topics = [t for t in topics if part_of[t["id"]] == part]
        own_facts = [f for f in facts if fact_part[f["id"]] == part]
        for fact in own_facts:
            fact["topics"] = [t for t in fact["topics"] if part_of[t] == part]
            for key in ("denies", "disputes"):
                kept = [i for i in fact.get(key) or [] if fact_part[i] == part]
                fact[key] = kept or None
        lead = [next(f for f in own_facts if f["topics"][0] == t["id"]) for t in own_topics]
        briefing = {
            "title": f"A synthetic briefing, part {number} of {briefings}",
            "language": "en",
            "summary": "This briefing is generated for benchmarks. "
            + " ".join(f"{f['text'].split(', ')[0].rstrip('.')} [@{f['id']}]." for f in lead),
        }
        files[f"{part}/briefing.yaml"] = HEADER + "briefing:\n" + _record(briefing, "  ", "  ")
        files[f"{part}/topics.yaml"] = _section("topics", own_topics)
        own_quantities = [q for q in quantities if part_of[q["topic"]] == part]
        if own_quantities:  # a small corpus may leave a briefing without one
            files[f"{part}/quantities.yaml"] = _section("quantities", own_quantities)
        for topic in own_topics:
            chunk = [f for f in own_facts if f["topics"][0] == topic["id"]]
            for n, start in enumerate(range(0, len(chunk), FACTS_PER_FILE), start=1):
                name = f"{part}/{topic['id']}-{n:02d}.yaml"
                files[name] = _section("facts", chunk[start : start + FACTS_PER_FILE])
    return files


def corpus_dir(n: int, seed: int, root: Path = CORPORA, briefings: int = 1) -> Path:
    several = f"-b{briefings}" if briefings > 1 else ""
    return root / f"n{n}{several}-seed{seed}-v{VERSION}"


def ensure_corpus(n: int, seed: int, root: Path = CORPORA, briefings: int = 1) -> Path:
    """The facts folder of the cached corpus of `n` facts, written first if missing;
    with `briefings` > 1, as a site of that many briefings."""
    target = corpus_dir(n, seed, root, briefings)
    if not (target / "manifest.json").is_file():
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        try:
            facts = staging / "facts"
            facts.mkdir()
            files = generate(n, seed, briefings)
            for name, text in files.items():
                (facts / name).parent.mkdir(exist_ok=True)
                (facts / name).write_text(text, encoding="utf-8")
            manifest = describe(facts) | {"seed": seed, "version": VERSION, "requested": n}
            manifest["briefings"] = briefings
            (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
            try:
                os.replace(staging, target)
            except OSError:  # another run wrote it first (a complete one), or a broken one
                if not (target / "manifest.json").is_file():
                    shutil.rmtree(target)
                    os.replace(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target / "facts"


def describe(facts: Path) -> dict[str, Any]:
    """Counts of a facts folder, from a plain YAML parse (not the generator's)."""
    import yaml

    counts = {"facts": 0, "sources": 0, "claimants": 0, "topics": 0, "quantities": 0}
    kinds: dict[str, int] = {}
    files = sorted(facts.rglob("*.yaml"))
    for path in files:
        data = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for key in counts:
            counts[key] += len(data.get(key) or [])
        for fact in data.get("facts") or []:
            kinds[fact["kind"]] = kinds.get(fact["kind"], 0) + 1
    return {
        **counts,
        "kinds": dict(sorted(kinds.items())),
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
    }
