"""`python -m generator new`: append a skeleton record to the right fact file.

The skeleton is valid YAML with today's date and `TODO` placeholders, which the
checker reports (`placeholder`) until an editor replaces them. Nothing an article
must give is guessed: an estimate's figure, bound and status, and a claimant's
kind, are placeholders too, so a skeleton filled in haste never publishes "about 0".
Text is appended, so the file's comments and layout stay as they were.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path

import jinja2

from generator.corpus import read_corpus

TEMPLATES = Path(__file__).parent
KINDS = ("fact", "estimate", "source", "claimant")
SECTION = {"fact": "facts", "estimate": "facts", "source": "sources", "claimant": "claimants"}


def new(kind: str, facts: Path, topic: str | None, today: date | None = None) -> int:
    today = today or date.today()
    corpus, _ = read_corpus(facts)
    if kind in ("fact", "estimate"):
        topics = [t.id for t in corpus.topics]
        topic = topic or (topics[0] if topics else None)
        if topic is None:
            print("error: no topic exists yet; add one to facts/topics.yaml first", file=sys.stderr)
            return 1
        if topic not in topics:
            print(f"error: no topic `{topic}`; known topics: {', '.join(topics)}", file=sys.stderr)
            return 1
        # In a site of several briefings, the topic's briefing folder; its sources
        # and the shared ones are the ones a fact there may cite.
        part = corpus.part(corpus.topic_by_id[topic])
        target = facts / part / f"{topic}.yaml"
    else:
        part = ""  # sources and claimants go to a file every briefing shares
        target = facts / f"{SECTION[kind]}.yaml"
    taken = {getattr(r, "id", None) for r in corpus.records()} | corpus.invalid_ids
    record_id = _free_id(f"new-{kind}-{today.isoformat()}", taken)
    citable = [s for s in corpus.sources if corpus.part(s) in ("", part)]
    newest = max(citable, key=lambda s: s.published_day, default=None)
    quantities = [q.id for q in corpus.quantities if corpus.part(q) == part]
    text = (
        jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        .get_template(f"{kind}.yaml.j2")
        .render(
            id=record_id,
            today=today.isoformat(),
            topic=topic,
            source=newest.id if newest else "TODO",
            claimant="TODO",
            quantity=quantities[0] if quantities else "TODO",
        )
    )
    try:
        _append(target, SECTION[kind], text, facts / "schema.json")
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    line = target.read_text(encoding="utf-8").count("\n") - text.count("\n") + 1
    print(f"{target}:{line}: added {kind} `{record_id}`; replace every TODO, then `make check`")
    return 0


def _free_id(base: str, taken: set[str | None]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _append(target: Path, section: str, text: str, schema_file: Path) -> None:
    """Add `text` to the `section:` list of `target`, creating either when missing.

    Appending is only safe when `section:` is the file's last top-level key.
    """
    if not target.exists():
        schema = Path(os.path.relpath(schema_file, target.parent)).as_posix()
        target.write_text(
            f"# yaml-language-server: $schema={schema}\n{section}:\n{text}", encoding="utf-8"
        )
        return
    current = target.read_text(encoding="utf-8")
    if current and not current.endswith("\n"):
        current += "\n"
    keys = re.findall(r"^([A-Za-z_]+):", current, re.MULTILINE)
    if not keys or section not in keys:
        current += f"{section}:\n"
    elif keys[-1] != section:
        raise ScaffoldError(
            f"`{section}:` is not the last list in {target}; move it to the end of the file"
        )
    target.write_text(current + text, encoding="utf-8")


class ScaffoldError(Exception):
    """The skeleton cannot be added safely; the message says why."""
