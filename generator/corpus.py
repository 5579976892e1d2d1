"""Read every file of a facts folder into typed records, collecting every problem.

Each entry of each list is validated on its own, so one broken fact costs only
that fact: the rest of the corpus still loads and is still checked. Validation
errors from the model come back as diagnostics located at the offending key or
value, with a stable code.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.diagnostics import Diagnostic, Location, closest, error, excerpt
from generator.load import (
    Limits,
    LoadError,
    Map,
    Scalar,
    Seq,
    SourceLines,
    load_bytes,
    not_a_file,
    read_fact_file,
    where_in,
)
from generator.model import (
    FACT_KINDS,
    RECORD_MODELS,
    SECTIONS,
    Briefing,
    Claimant,
    Estimate,
    Event,
    FactBase,
    FactFile,
    Quantity,
    Record,
    Source,
    Statement,
    StatusWords,
    Topic,
    citing,
    referenced,
    references,
)
from generator.vocabulary import BUILT_IN, Vocabulary, merged

FactRecord = Event | Statement | Estimate
R = TypeVar("R", bound=Record)
CITATION = re.compile(r"\[@([^\]\s]+)\]")  # a fact cited in a text: [@fact-id]


@dataclass(frozen=True)
class Unreadable:
    """A fact file that could not be read: where the reason was reported, the ids its
    text seems to define, and every word of its text that could be an id (both None
    when its text could not be read at all)."""

    loc: Location
    ids: frozenset[str] | None
    words: frozenset[str] | None = None


# An `id:` and its value in the text of a file YAML cannot read: at the start of a line
# (after any `-`), or in a {...} mapping; quoted or not.
_ID_IN_TEXT = re.compile(
    r"""(?:^[ \t]*(?:-[ \t]*)?|[{,][ \t]*)["']?id["']?[ \t]*:[ \t]*["']?([^\s"',}\]#]+)""",
    re.MULTILINE,
)


_WORD = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)*(?![\w-])")


def unreadable_text(loc: Location, data: bytes) -> Unreadable:
    """A fact file that YAML cannot read: the ids it seems to define, found by their
    `id:`, and the words it holds that could be ids (of the records it uses)."""
    text = data.decode("utf-8", "replace")
    return Unreadable(loc, frozenset(_ID_IN_TEXT.findall(text)), frozenset(_WORD.findall(text)))


@dataclass
class Corpus:
    """Everything read from a facts folder, in file order, duplicates and all."""

    root: Path
    files: list[str] = field(default_factory=list)
    briefings: list[Briefing] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    claimants: list[Claimant] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    facts: list[FactRecord] = field(default_factory=list)
    # Ids of entries that failed validation: references to them are not reported again.
    invalid_ids: set[str] = field(default_factory=set)
    # Files that could not be read, by path: references into them are not checked.
    unreadable: dict[str, Unreadable] = field(default_factory=dict)
    # A site of several briefings: each briefing's folder name ("part"), in order, and the
    # part of each file, "" for files shared by all (see `briefing_folders`). Both are
    # empty for a folder of one briefing.
    parts: list[str] = field(default_factory=list)
    part_of_file: dict[str, str] = field(default_factory=dict)
    # The whole site's vocabulary, given to each briefing's corpus (`part_corpus`).
    site_vocabulary: Vocabulary | None = None

    @property
    def briefing(self) -> Briefing | None:
        return self.briefings[0] if self.briefings else None

    def part(self, record: Record) -> str:
        """The briefing folder a record was written in; "" for a shared file."""
        return self.part_of_file.get(record.loc.path, "")

    def part_corpus(self, part: str) -> Corpus:
        """One briefing of a site: its own records and the shared sources and claimants
        its facts cite, in file order."""
        sub = Corpus(
            self.root / part,
            invalid_ids=self.invalid_ids,
            unreadable=self.unreadable,
            site_vocabulary=self.vocabulary,
        )
        sub.files = [f for f in self.files if self.part_of_file.get(f) == part]
        own = self.part
        sub.briefings = [b for b in self.briefings if own(b) == part]
        sub.topics = [t for t in self.topics if own(t) == part]
        sub.quantities = [q for q in self.quantities if own(q) == part]
        sub.facts = [f for f in self.facts if own(f) == part]
        sources, claimants = sub.named_by_facts("source"), sub.named_by_facts("claimant")
        sub.sources = [
            s for s in self.sources if own(s) == part or (own(s) == "" and s.id in sources)
        ]
        sub.claimants = [
            c for c in self.claimants if own(c) == part or (own(c) == "" and c.id in claimants)
        ]
        return sub

    def site_corpus(self, title: str) -> Corpus:
        """The whole site of several briefings as one corpus, described by the shared
        `briefing.yaml` at the top of the facts folder, else by `title` alone."""
        shared = [b for b in self.briefings if self.part(b) == ""]
        site = copy.copy(self)
        # Constructed, not validated: the site's name alone, without a summary.
        named = Briefing.model_construct(title=title or "Briefings", summary="", language=None)
        site.briefings = shared[:1] or [named]
        return site

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The built-in claimant kinds and statuses with those every briefing of the site
        declares (where two declare one id, the first in file order gives its words;
        check.py reports the conflict)."""
        if self.site_vocabulary is not None:
            return self.site_vocabulary
        declared = [b.vocabulary for b in self.briefings if b.vocabulary]
        if not declared:
            return BUILT_IN
        kinds: dict[str, str] = {}
        statuses: dict[str, StatusWords] = {}
        for declaration in declared:
            for kind, heading in declaration.claimant_kinds.items():
                kinds.setdefault(kind, heading)
            for status, words in declaration.statuses.items():
                statuses.setdefault(status, words)
        return merged(kinds.items(), [(k, v.words, v.happened) for k, v in statuses.items()])

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return _index(self.sources)

    @cached_property
    def claimant_by_id(self) -> dict[str, Claimant]:
        return _index(self.claimants)

    @cached_property
    def topic_by_id(self) -> dict[str, Topic]:
        return _index(self.topics)

    @cached_property
    def quantity_by_id(self) -> dict[str, Quantity]:
        return _index(self.quantities)

    @cached_property
    def fact_by_id(self) -> dict[str, FactRecord]:
        return _index(self.facts)

    def tables(self) -> dict[str, dict[str, Any]]:
        """Each kind of record that fields name (`model.RECORD_KINDS`), by id."""
        return {
            "source": self.source_by_id,
            "claimant": self.claimant_by_id,
            "topic": self.topic_by_id,
            "quantity": self.quantity_by_id,
            "fact": self.fact_by_id,
        }

    def named_by_facts(self, kind: str) -> set[str]:
        """The ids of records of `kind` that facts name (their sources, claimants...)."""
        return {i for f in self.facts for _, _, _, i in referenced(f, kind)}

    def records(self) -> Iterator[Record]:
        yield from self.briefings
        yield from self.sources
        yield from self.claimants
        yield from self.topics
        yield from self.quantities
        yield from self.facts


def _index(records: list[R]) -> dict[str, R]:
    result: dict[str, R] = {}
    for record in records:
        result.setdefault(record.id, record)  # type: ignore[attr-defined]
    return result


def display_path(path: Path) -> str:
    """The path as shown to editors: relative to the working folder when inside it."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


FACT_SUFFIXES = (".yaml", ".yml")


def fact_files(root: Path) -> list[Path]:
    """The fact files under `root` that may be read, in a stable order (see `scan`)."""
    return scan(root)[0]


def scan(root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every YAML file under `root` (a folder, or one file), hidden ones aside, in a
    stable order; and a located error for each entry that is not read.

    Only regular files inside the folder are read. The walk never follows a link to
    a folder. A symbolic link that leads out of the folder (to a file, or to a folder
    of any name) is refused without reading or naming its target; a link within the
    folder is read as the file it leads to. A link that leads nowhere, a named pipe,
    a device or a socket named like a fact file is refused too; none is opened.
    `root` itself may be a link: the folder it leads to is the boundary. A file named
    as `root` is read unless it is a link that leads out of the folder it stands in.
    """
    try:
        kind = os.stat(root).st_mode
    except OSError:
        return [], []  # the caller says that the folder does not exist
    if not stat.S_ISDIR(kind):  # one file, named on the command line
        if root.is_symlink():
            problem = _link_problem(root, True, os.path.realpath(root.parent))
            if problem is not None:
                return [], [problem]
        return [root], []  # the loader checks what kind of file it is
    boundary = os.path.realpath(root)
    found: list[Path] = []
    refused: list[Diagnostic] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            where = Location(display_path(folder))
            refused.append(error(where, "unreadable", exc.strerror or type(exc).__name__))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            named = entry.name.endswith(FACT_SUFFIXES)
            if entry.is_symlink():
                problem = _link_problem(path, named, boundary)
                if problem is not None:
                    refused.append(problem)
                elif named and entry.is_file():  # a regular file within the folder
                    found.append(path)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif named and entry.is_file(follow_symlinks=False):
                found.append(path)
            elif named:
                with contextlib.suppress(OSError):  # gone meanwhile: nothing to say
                    kind = entry.stat(follow_symlinks=False).st_mode
                    refused.append(not_a_file(display_path(path), kind).diagnostic)
    return sorted(found), refused


def _link_problem(link: Path, named: bool, boundary: str) -> Diagnostic | None:
    """Why a symbolic link is not read, or None when it leads to a fact file (or to a
    folder) within the facts folder. Its target is looked at, never read or quoted."""
    where = Location(display_path(link))
    try:
        kind = os.stat(link).st_mode
    except OSError:  # it leads nowhere, or round in a loop
        if not named:
            return None  # not a fact file's name, and not a folder
        return error(
            where,
            "not-a-file",
            "this symbolic link leads to nothing (no such file, or a loop of links); "
            "remove it, or put the fact file itself here",
        )
    target = os.path.realpath(link)
    inside = target == boundary or target.startswith(boundary.rstrip(os.sep) + os.sep)
    if stat.S_ISDIR(kind):
        if inside:
            return None  # not followed: its files are read where they are
        return error(
            where,
            "outside-facts",
            "this symbolic link leads to a folder outside the facts folder; nothing in it "
            "is read: move the fact files into the facts folder instead of linking to them",
        )
    if not named:
        return None
    if not inside:
        return error(
            where,
            "outside-facts",
            "this symbolic link leads to a file outside the facts folder, so it is not "
            "read: put the fact file itself here instead of a link to it",
        )
    if not stat.S_ISREG(kind):
        return not_a_file(where.path, kind).diagnostic
    return None


BRIEFING_FILES = ("briefing.yaml", "briefing.yml")


def briefing_folders(root: Path, paths: list[Path]) -> dict[Path, str]:
    """The part of the site each file belongs to: the name of the folder right under
    `root` that holds it, when that folder has a `briefing.yaml` of its own; else ""
    (a shared file). A facts folder without such subfolders is one briefing: every
    file is then "" too."""
    folders = {
        path.relative_to(root).parts[0]
        for path in paths
        if path.name in BRIEFING_FILES and len(path.relative_to(root).parts) == 2
    }
    result: dict[Path, str] = {}
    for path in paths:
        try:
            relative = path.relative_to(root).parts
        except ValueError:  # root is one file
            relative = ()
        result[path] = relative[0] if len(relative) > 1 and relative[0] in folders else ""
    return result


class ReadCache:
    """The fact files read before in the same process (the rebuilds of a live preview),
    each with what it held: a file whose bytes are the same is not parsed and validated
    again. What a file holds depends on its bytes, its path and the limits alone; its
    records are not changed once read. A read without a cache uses a fresh one."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, Limits], tuple[bytes, Corpus, list[Diagnostic]]] = {}
        self._read: dict[tuple[str, Limits], tuple[bytes, Corpus, list[Diagnostic]]] = {}
        self.parsed = 0  # files parsed by the last read, for tests

    def read(self, path: Path, display: str, limits: Limits) -> tuple[Corpus, list[Diagnostic]]:
        """One file's records (in a corpus of their own) and problems; raises LoadError
        when the file cannot be read."""
        data = read_fact_file(path, display, limits)
        key = (display, limits)
        known = self._files.get(key)
        if known is None or known[0] != data:
            self.parsed += 1
            known = (data, *_read_file(data, path, display, limits))
        self._read[key] = known
        return known[1], known[2]

    def done(self) -> None:
        """End a read: keep what it read, forget files it did not see (gone, renamed)."""
        self._files, self._read = self._read, {}


def read_corpus(
    root: Path, limits: Limits | None = None, cache: ReadCache | None = None
) -> tuple[Corpus, list[Diagnostic]]:
    """Load and validate every fact file under `root` (a folder or one file); with a
    `cache`, files read before with the same bytes are taken from it.

    Python's cycle collector is paused meanwhile (see `collector_paused`).
    """
    with collector_paused(collect=True):
        return _read_corpus(root, limits or Limits(), cache)


@contextlib.contextmanager
def collector_paused(collect: bool = False) -> Iterator[None]:
    """Python's cycle collector paused for a block, then restored as it was.

    Reading allocates many small objects that live on: collecting them again and
    again found nothing, yet took half the time (`make bench`). At the end, what the
    block made joins the oldest generation (`gc.freeze`, then `gc.unfreeze`), so the
    collector's next young pass does not walk all of it, unless something else froze
    objects (unfreezing would release theirs).
    """
    was_enabled = gc.isenabled()
    if collect:
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def corpus_frozen() -> Iterator[None]:
    """Everything alive when the block starts (such as a corpus just read) kept out of
    the cycle collector's sight until it ends (`gc.freeze`, then `gc.unfreeze`).

    Passes of the collector over a large corpus, while checking and rendering, cost
    time that grows with the corpus, and find nothing: the corpus lives until the
    build ends. Undone at the end, so what a build leaves behind can be collected
    and a long preview (`mkdocs serve`) does not grow. When something else froze
    objects already, nothing is frozen here, so nothing of theirs is unfrozen.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _read_corpus(
    root: Path, limits: Limits, cache: ReadCache | None
) -> tuple[Corpus, list[Diagnostic]]:
    corpus = Corpus(root)
    problems: list[Diagnostic] = []
    if not root.exists():
        problems.append(
            error(Location(display_path(root)), "no-facts", "this folder does not exist")
        )
        return corpus, problems
    paths, refused = scan(root)
    problems += refused
    for refusal in refused:  # a fact file not read (a link out, a pipe): its ids unknown
        if refusal.code in _REFUSED_FILES and refusal.loc.path.endswith(FACT_SUFFIXES):
            corpus.unreadable[refusal.loc.path] = Unreadable(refusal.loc, None)
    parts = briefing_folders(root, paths)
    corpus.parts = sorted(set(parts.values()) - {""})
    cache = cache or ReadCache()
    cache.parsed = 0
    for path in paths:
        display = display_path(path)
        corpus.files.append(display)
        if corpus.parts:
            corpus.part_of_file[display] = parts[path]
        try:
            held, file_problems = cache.read(path, display, limits)
        except LoadError as exc:
            problems.append(exc.diagnostic)
            corpus.unreadable[display] = Unreadable(exc.diagnostic.loc, None)
            continue
        problems += file_problems
        for name in _LISTS:
            getattr(corpus, name).extend(getattr(held, name))
        corpus.invalid_ids |= held.invalid_ids
        corpus.unreadable.update(held.unreadable)
    cache.done()
    if not corpus.files and not refused:
        problems.append(
            error(
                Location(display_path(root)),
                "no-facts",
                "no .yaml files found; fact files end in .yaml",
            )
        )
    return corpus, problems


_REFUSED_FILES = ("not-a-file", "outside-facts", "unreadable")
_LISTS = ("briefings", "sources", "claimants", "topics", "quantities", "facts")


def _read_file(
    data: bytes, path: Path, display: str, limits: Limits
) -> tuple[Corpus, list[Diagnostic]]:
    """The records of one file, in a corpus of their own, and its problems."""
    held = Corpus(path)
    tree, problems = load_bytes(data, display, limits)
    if tree is not None:
        problems += _read_tree(tree, held)
    elif problems:
        held.unreadable[display] = unreadable_text(problems[0].loc, data)
    return held, problems


def read_blobs(files: dict[str, bytes], limits: Limits | None = None) -> Corpus:
    """A corpus from file contents held in memory (such as an old commit's files).

    Problems are dropped: an old version is read for what it said, not checked again.
    """
    from generator.load import load_bytes

    corpus = Corpus(Path("."))
    with collector_paused():
        for name in sorted(files):
            tree, _ = load_bytes(files[name], name, limits or Limits())
            corpus.files.append(name)
            if tree is not None:
                _read_tree(tree, corpus)
    return corpus


def _read_tree(tree: Map, corpus: Corpus) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    source = tree.source
    for key, value in tree.items():
        key_loc = tree.key_locs[key]
        if key == "briefing":
            record = _validate(Briefing, value, problems, key_loc, source)
            if record:
                corpus.briefings.append(record)
        elif key in SECTIONS or key == "facts":
            for item in _items(key, value, key_loc, problems):
                entry: Record | None
                if key == "facts":
                    entry = _validate_fact(item, problems, source)
                else:
                    entry = _validate(SECTIONS[key], item, problems, None, source)
                if entry:
                    getattr(corpus, key).append(entry)
                elif isinstance(item.get("id"), str):
                    corpus.invalid_ids.add(str(item["id"]))
        else:
            problems.append(_unknown_key(key_loc, key, FactFile))
    return problems


def _items(key: str, value: Any, key_loc: Location, problems: list[Diagnostic]) -> list[Map]:
    if not isinstance(value, Seq):
        loc = value.loc if isinstance(value, (Scalar, Map)) else key_loc
        problems.append(
            error(loc, "wrong-type", f"`{key}` must be a list of entries, each starting with `- `")
        )
        return []
    items = []
    for item in value:
        if isinstance(item, Map):
            items.append(item)
        elif item is not None:  # None: an alias or tag, reported by the loader
            problems.append(
                error(
                    item.loc,
                    "wrong-type",
                    f"each entry of `{key}` must be a mapping of keys and values",
                )
            )
    return items


def _validate_fact(
    item: Map, problems: list[Diagnostic], source: SourceLines | None = None
) -> FactBase | None:
    kind = item.get("kind")
    if kind is None:
        problems.append(
            error(
                item.loc,
                "missing-key",
                "this fact has no `kind`; add `kind: event`, `kind: estimate` or `kind: statement`",
            )
        )
        return None
    model = FACT_KINDS.get(str(kind))
    if model is None and _is_placeholder(kind):
        problems.append(
            error(
                getattr(kind, "loc", item.loc),
                "placeholder",
                f"`kind` holds the placeholder {PLACEHOLDER}; replace it with what the fact "
                "is: event, estimate or statement",
            )
        )
        return None
    if model is None:
        problems.append(
            error(
                getattr(kind, "loc", item.loc),
                "invalid-value",
                "expected `kind` to be one of event, estimate, statement but received "
                f"`{excerpt(kind)}`",
            )
        )
        return None
    return _validate(model, item, problems, None, source)


def _validate(
    model: type[R],
    item: Any,
    problems: list[Diagnostic],
    where: Location | None = None,
    source: SourceLines | None = None,
) -> R | None:
    if not isinstance(item, Map):
        if item is None and where is None:
            return None  # an alias or a tag, reported by the loader
        loc = getattr(item, "loc", None) or where or Location("")
        name = model.__name__.lower()
        problems.append(error(loc, "wrong-type", f"expected a mapping of keys for the {name}"))
        return None
    try:
        record = model.model_validate(item)
    except ValidationError as exc:
        start = len(problems)
        problems += [_diagnostic(item, model, detail, source) for detail in exc.errors()]
        problems += _unplaced(item, problems, start)
        return None
    _place(record, item, source)
    return record


# Keys whose values are ids of other records: where each value (each item of a list)
# was written is kept, so that an unknown one is reported at the value itself. The
# names they are kept under ("topics[1]") are made once: this runs for every record.
_REFERENCE_KEYS = frozenset(key for m in RECORD_MODELS for key, _ in references(m))
_INDEXED = {name: tuple(f"{name}[{i}]" for i in range(8)) for name in _REFERENCE_KEYS}
# The key whose text may cite facts, [@fact-id]: where each citation was written is kept.
(_CITING_KEY,) = {key for m in RECORD_MODELS for key in citing(m)}


def _place(record: Record, item: Map, source: SourceLines | None = None) -> None:
    """Tell the record where it and each of its keys were written, and where the values
    that name other records are (`Record.where_value`)."""
    locs = dict(item.key_locs)
    for name in _REFERENCE_KEYS.intersection(locs):
        value, names = item[name], _INDEXED[name]
        if type(value) is Scalar:
            locs[names[0]] = value.loc
        elif type(value) is Seq:
            for index, entry in enumerate(value):
                if type(entry) is Scalar:
                    locs[names[index] if index < 8 else f"{name}[{index}]"] = entry.loc
    if source is not None and _CITING_KEY in locs:
        text = item[_CITING_KEY]
        if type(text) is Scalar and "[@" in text:
            for index, cited in enumerate(CITATION.finditer(text)):
                locs[f"{_CITING_KEY}[{index}]"] = where_in(source, text, cited.start())
    record.placed(item.loc, locs)
    for name in _nested_fields(type(record)):
        child, raw = getattr(record, name), item.get(name)
        if isinstance(child, Record) and isinstance(raw, Map):
            _place(child, raw, source)
        elif isinstance(child, list) and type(raw) is Seq:  # a fact's corrections
            for entry, raw_entry in zip(child, raw, strict=False):
                if isinstance(entry, Record) and isinstance(raw_entry, Map):
                    _place(entry, raw_entry, source)


@cache
def _nested_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of a model that can hold a record of their own (Quantity.headline), or a
    list of them (a fact's corrections)."""
    return tuple(
        name for name, field in model.model_fields.items() if _holds_record(field.annotation)
    )


def _holds_record(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return True
    return any(_holds_record(arg) for arg in get_args(annotation))


def _diagnostic(
    item: Map, model: type[BaseModel], detail: ErrorDetails, source: SourceLines | None = None
) -> Diagnostic:
    path = [p for p in detail["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
    loc, owner, node = _locate(item, path)
    index = detail.get("ctx", {}).get("index")
    if source is not None and isinstance(index, int) and isinstance(node, Scalar):
        # A character inside a text over several lines: on its own line. On the text's
        # first line, the text's start: a column counted past an escape (\x07) is off.
        inside = where_in(source, node, index - 1)
        loc = inside if inside.line != node.loc.line else loc
    kind = detail["type"]
    name = str(path[-1]) if path else ""
    if kind == "extra_forbidden":
        key_loc = _locate(item, path[:-1])[2].key_locs.get(name, loc)
        return _unknown_key(key_loc, name, _model_at(model, path[:-1]))
    if kind == "missing":
        return error(owner, "missing-key", f"`{name}` is required here; add `{name}:` with a value")
    if _is_placeholder(detail["input"]):  # before any message about the value's form
        return _placeholder(loc, path, detail)
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return error(
            loc,
            "invalid-value",
            f"expected `{name}` to be one of {expected} but received `{excerpt(detail['input'])}`",
        )
    if "-" in kind:  # one of our own codes, raised by the field types in model.py
        return error(loc, kind, detail["msg"])
    if kind.endswith("_type") or kind in ("model_attributes_type", "date_from_datetime_parsing"):
        expected = kind.removesuffix("_type").replace("model", "mapping").replace("_", " ")
        return error(
            loc, "wrong-type", f"expected {expected} for `{name}` but found {_shape(node)}"
        )
    if kind == "too_short":
        return error(loc, "missing-value", f"`{name}` needs at least one entry")
    return error(loc, "invalid-value", f"`{name}`: {detail['msg']}")


PLACEHOLDER = "TODO"
# What replaces a placeholder, by key; any other key gets "the real value".
PLACEHOLDER_HINTS = {
    "value": "the figure the article gives, such as 1500",
    "low": "the lowest figure the article gives, such as 1000",
    "high": "the highest figure the article gives, such as 2000",
    "bound": "how the article qualifies the figure, such as about or up-to (exact when it "
    "gives the figure plainly)",
    "status": "what the figure counts, in one of the words listed for `status`, or remove "
    "the line when the article does not say",
    "kind": "the kind of claimant, in one of the words listed for `kind`",
    "as_of": "the day the figure refers to, such as 2024-10-18",
    "date": "the day it happened, such as 2024-10-18",
    "published": "the article's date, such as 2024-10-22",
    "claimant": "the id of who the claim is attributed to (a claimant's `id`)",
    "source": "the id of the article that reports it (a source's `id`)",
    "quantity": "the id of what the figure measures (a quantity's `id`)",
    "topics": "the id of a topic",
}


def _is_placeholder(value: Any) -> bool:
    """A value that is, or starts with, the word TODO, as `python -m generator new` writes."""
    return isinstance(value, str) and value.strip().split(" ", 1)[0] == PLACEHOLDER


def _placeholder(loc: Location, path: list[Any], detail: ErrorDetails) -> Diagnostic:
    name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    hint = PLACEHOLDER_HINTS.get(name, "the real value")
    expected = detail.get("ctx", {}).get("expected")
    if expected and name not in ("status", "kind"):
        hint += f"; one of {expected}"
    return error(
        loc,
        "placeholder",
        f"`{name}` holds the placeholder {PLACEHOLDER}; replace it with {hint}",
    )


def _unplaced(item: Map, problems: list[Diagnostic], start: int) -> list[Diagnostic]:
    """The placeholders left in the text of a record refused for other reasons, so that
    one check lists all of them (a valid record's are found by the checker)."""
    reported = {d.loc for d in problems[start:]}
    found = []
    for key, value in item.items():
        if (
            isinstance(value, Scalar)
            and PLACEHOLDER in value
            and value.loc not in reported
            and item.key_locs[key] not in reported
        ):
            found.append(
                error(
                    item.key_locs[key],
                    "placeholder",
                    f"`{key}` still holds a {PLACEHOLDER} placeholder; write the real value",
                )
            )
    return found


def _locate(item: Map, path: list[Any]) -> tuple[Location, Location, Any]:
    """Where the value at `path` was written, the mapping that holds it, and the value."""
    node: Any = item
    owner = item.loc
    loc = item.loc
    for part in path:
        if isinstance(node, Map) and part in node:
            owner = node.loc
            loc = node.key_locs[part]
            node = node[part]
            loc = getattr(node, "loc", loc)
        elif isinstance(node, Seq) and isinstance(part, int) and part < len(node):
            node = node[part]
            loc = getattr(node, "loc", loc)
        else:
            if isinstance(node, Map):
                owner = node.loc
                loc = node.key_locs.get(str(part), node.loc)
            break
    return loc, owner, node


def _model_at(model: type[BaseModel], path: list[Any]) -> type[BaseModel]:
    """The model that owns the mapping at `path`, for suggesting valid keys."""
    for part in path:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        annotation = getattr(info, "annotation", None)
        nested = [
            t
            for t in (annotation, *getattr(annotation, "__args__", ()))
            if isinstance(t, type) and issubclass(t, BaseModel)
        ]
        if not nested:
            break
        model = nested[0]
    return model


def _unknown_key(loc: Location, key: str, model: type[BaseModel]) -> Diagnostic:
    allowed = [k for k in model.model_fields if k != "kind"]
    close = closest(key, allowed)
    hint = f"did you mean `{close}`?" if close else "allowed keys: " + ", ".join(allowed)
    return error(loc, "unknown-key", f"`{excerpt(key)}` is not a known key here; {hint}")


def _shape(value: Any) -> str:
    if isinstance(value, Map):
        return "a mapping"
    if isinstance(value, Seq):
        return "a list"
    if value is None:
        return "nothing"
    return f"`{excerpt(value)}`"
