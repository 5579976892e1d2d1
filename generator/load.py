"""Strict YAML loading: bytes in, a tree of located nodes out.

PyYAML composes the document (with the C parser where it is built in), and this
module turns the composed nodes into plain containers that remember where they
came from:

- `Map` (a dict) and `Seq` (a list) carry the position of the node and of each key;
- `Scalar` (a str) carries its position, the type YAML 1.1 would have given it
  (`implicit`) and whether it was quoted.

No scalar is converted here. The model decides, field by field, what a scalar may
be, so that `country: NO` or `title: 2024-10-22` can be refused where text is
expected instead of silently becoming `False` or a date.

What the loader refuses outright, each as a located `LoadError`: anything but a
regular file (a named pipe, a device, a socket: never opened), bytes that are not
UTF-8, an empty file, tabs in indentation, syntax errors, anchors and aliases, tags,
duplicate keys, keys that are not text, a top level that is not a mapping, and files
or nestings beyond the limits in `Limits`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import yaml

from generator.diagnostics import Diagnostic, Location, error, excerpt

try:  # The C parser is about ten times faster; the pure one gives the same nodes.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

YAML_TAG = "tag:yaml.org,2002:"
# The tags the resolver gives untagged nodes. Anything else was written by hand.
PLAIN_TAGS = {
    YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


class Scalar(str):
    """A scalar's text, as written, with where it stands and how YAML would read it.

    `implicit` and `quoted` default at class level: most scalars are plain text.
    """

    loc: Location
    implicit: str = "str"  # or "int", "float", "bool", "null", "timestamp"
    quoted: bool = False

    def __new__(cls, text: str, loc: Location, implicit: str, quoted: bool) -> Scalar:
        self = super().__new__(cls, text)
        self.loc = loc
        self.implicit = implicit
        self.quoted = quoted
        return self


class Map(dict[str, Any]):
    """A mapping that knows its own location and the location of each key."""

    loc: Location
    key_locs: dict[str, Location]


class Seq(list[Any]):
    """A sequence that knows its own location."""

    loc: Location


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or broken file from exhausting the machine.

    Real fact files are far smaller: the seed briefing's largest holds 324 values
    (8 kB), and the largest file of the 50,000-fact synthetic bench corpus 38,154
    values (0.8 MB). A value costs the loader about 0.7 kB and 5 microseconds, so
    100,000 values bound a file of tiny values to under 100 MB and about a second.
    """

    max_bytes: int = 5_000_000
    max_depth: int = 32
    max_nodes: int = 100_000

    ENV: ClassVar[dict[str, str]] = {
        "max_bytes": "BRIEFING_MAX_FILE_BYTES",
        "max_depth": "BRIEFING_MAX_DEPTH",
        "max_nodes": "BRIEFING_MAX_NODES",
    }

    @classmethod
    def from_env(cls) -> Limits:
        """Limits with any `BRIEFING_MAX_*` environment variable applied."""
        values = {}
        for field, var in cls.ENV.items():
            raw = os.environ.get(var, "")
            if raw.isascii() and raw.isdigit():  # "²".isdigit(), yet int("²") fails
                values[field] = int(raw)
        return cls(**values)


class LoadError(Exception):
    """A problem that stops the reading of a file; `code` is stable, the text may improve."""

    def __init__(self, loc: Location, code: str, message: str) -> None:
        super().__init__(message)
        self.diagnostic = error(loc, code, message)


def load_file(
    path: Path, display: str, limits: Limits | None = None
) -> tuple[Map | None, list[Diagnostic]]:
    """Read one fact file strictly; `display` is the path shown in messages.

    Returns the tree (None when the file could not be read at all) and every
    problem found. Values that broke a rule (an alias, a tag, a repeated key) are
    left out of the tree, so the rest of the file can still be checked.
    """
    limits = limits or Limits()
    try:
        data = read_fact_file(path, display, limits)
    except LoadError as exc:
        return None, [exc.diagnostic]
    return load_bytes(data, display, limits)


def read_fact_file(path: Path, display: str, limits: Limits) -> bytes:
    """The bytes of one fact file, up to one more than the limit (more is refused when
    parsing, however much there is); raises LoadError when it cannot be read."""
    try:
        with open_fact_file(path, display, limits) as file:
            return file.read(limits.max_bytes + 1)
    except OSError as exc:
        raise _unreadable(display, exc) from None


# Opened without blocking (a named pipe swapped in meanwhile) or taking a terminal.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_OPEN_FLAGS |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


@contextmanager
def open_fact_file(path: Path, display: str, limits: Limits) -> Iterator[BinaryIO]:
    """The file open for reading, once it is known to be a regular file within the size
    limit; otherwise a `LoadError` (`not-a-file`, `too-large`, `unreadable`).

    The file is looked at (stat) before it is opened, so a named pipe or a device is
    never opened; the size is checked again on the open file.
    """
    try:
        kind = os.stat(path).st_mode
    except OSError as exc:
        raise _unreadable(display, exc) from None
    if not stat.S_ISREG(kind):
        raise not_a_file(display, kind)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _unreadable(display, exc) from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise not_a_file(display, info.st_mode)
        if info.st_size > limits.max_bytes:
            raise _too_large(display, info.st_size, limits)
        yield file


def not_a_file(display: str, mode: int) -> LoadError:
    """The error for a fact file that is a named pipe, a device, a socket or a folder."""
    return LoadError(
        Location(display),
        "not-a-file",
        f"this is {_file_kind(mode)}, not a regular file, so it is not read; "
        "fact files are plain text files: remove it",
    )


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def _unreadable(display: str, exc: OSError) -> LoadError:
    return LoadError(Location(display), "unreadable", exc.strerror or type(exc).__name__)


def load_bytes(
    data: bytes, display: str, limits: Limits | None = None
) -> tuple[Map | None, list[Diagnostic]]:
    """Parse the bytes of one fact file into located nodes; see `load_file`."""
    limits = limits or Limits()
    try:
        tree, problems = _load(data, display, limits)
    except LoadError as exc:
        return None, [exc.diagnostic]
    return tree, problems


def _too_large(display: str, size: int, limits: Limits) -> LoadError:
    return LoadError(
        Location(display, 1, 1),
        "too-large",
        f"the file has {size:,} bytes, more than the limit of {limits.max_bytes:,}; "
        "split it into several files (or raise BRIEFING_MAX_FILE_BYTES)",
    )


def _load(data: bytes, display: str, limits: Limits) -> tuple[Map, list[Diagnostic]]:
    if len(data) > limits.max_bytes:
        raise _too_large(display, len(data), limits)
    text = _decode(data, display)
    _refuse_tabs(text, display)
    builder = _Builder(display, limits)
    try:
        parser = _Loader(text)
        try:
            builder.run(parser)
        finally:
            parser.dispose()
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; it has no mark
        # libyaml counts bytes of UTF-8, the pure-Python reader characters.
        before = (
            text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
            if yaml.__with_libyaml__
            else text[: exc.position]
        )
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise LoadError(
            Location(display, line, col),
            "yaml-syntax",
            f"the character U+{exc.character:04X} is not allowed in YAML; remove it"
            if isinstance(exc.character, int)
            else "a character here is not allowed in YAML; remove it",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "the YAML cannot be parsed"
        context = f" ({exc.context})" if exc.context else ""
        raise LoadError(
            Location(display, line, col), "yaml-syntax", f"{problem}{context}"
        ) from None
    except yaml.YAMLError as exc:
        raise LoadError(Location(display, 1, 1), "yaml-syntax", str(exc)) from None
    tree = builder.root
    if tree is None:  # nothing, blank lines and comments, or an empty document
        raise LoadError(
            Location(display, 1, 1),
            "empty-file",
            "the file holds no data; add a mapping such as `facts:` or delete the file",
        )
    if not isinstance(tree, Map):
        raise LoadError(
            getattr(tree, "loc", Location(display, 1, 1)),
            "top-level",
            "a fact file must be a mapping with keys such as `facts:` or `sources:`, "
            f"not a {_kind(tree)}",
        )
    return tree, builder.problems


def _decode(data: bytes, display: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            Location(display, line, col),
            "not-utf8",
            f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


# The first tab in a line's indentation (spaces and tabs before anything else).
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def _refuse_tabs(text: str, display: str) -> None:
    if "\t" not in text:
        return  # most files: no line to look at
    found = _TAB_INDENT.search(text)  # no list of lines: a file may hold millions
    if found:
        line_start = text.rfind("\n", 0, found.start()) + 1
        raise LoadError(
            Location(display, text.count("\n", 0, line_start) + 1, found.end() - line_start),
            "tab-indent",
            "a tab is used for indentation; YAML indents with spaces only",
        )


def _kind(value: object) -> str:
    if isinstance(value, Seq):
        return "list"
    if isinstance(value, Scalar):
        return f"single value (`{excerpt(value)}`)"
    return "mapping"


_SKIP = object()  # the value of a key that was refused: read, then dropped
_RESOLVER = yaml.resolver.Resolver()
# What YAML 1.1 makes of a plain scalar, by its text (keys, ids and dates repeat).
_PLAIN_KINDS: dict[str, str] = {}
_PLAIN_KINDS_MAX = 8192  # entries of at most 64 characters


def _kind_of(value: str, implicit: tuple[bool, bool]) -> str:
    """The type YAML 1.1 gives an untagged scalar: "str", "int", "bool", ...

    As PyYAML's resolver: only a plain scalar (`implicit[0]`) can be anything but text.
    """
    if not implicit[0] or value[:1] not in _RESOLVER.yaml_implicit_resolvers:
        return "str"  # the resolver tries only plain scalars, by their first character
    kind = _PLAIN_KINDS.get(value)
    if kind is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
        kind = str(tag).removeprefix(YAML_TAG)
        if len(value) <= 64 and len(_PLAIN_KINDS) < _PLAIN_KINDS_MAX:
            _PLAIN_KINDS[value] = kind
    return kind


class _Builder:
    """Builds located values from parser events, with no recursion at any depth.

    PyYAML's composer recurses once per level of nesting and can overflow the C
    stack on a hostile file; events arrive flat, so depth is checked as it grows.

    `run` is most of a check's time, so its common case is written out inline:
    an untagged scalar with no anchor, used as a key or as a value. Everything
    else (tags, anchors, aliases, odd keys) goes through the methods below it.
    """

    def __init__(self, display: str, limits: Limits) -> None:
        self.display = display
        self.limits = limits
        self.problems: list[Diagnostic] = []
        self.root: Any = None
        self.documents = 0

    def loc(self, event: yaml.Event) -> Location:
        mark = event.start_mark
        if mark is None:
            return Location(self.display, 1, 1)
        return Location(self.display, mark.line + 1, mark.column + 1)

    def run(self, parser: Any) -> None:
        """Consume the parser's events into `self.root`."""
        check, get, display = parser.check_event, parser.get_event, self.display
        max_nodes, max_depth = self.limits.max_nodes, self.limits.max_depth
        scalar_event, start_events, end_events = (
            yaml.ScalarEvent,
            (yaml.MappingStartEvent, yaml.SequenceStartEvent),
            (yaml.MappingEndEvent, yaml.SequenceEndEvent),
        )
        new_location = tuple.__new__  # as Location(...), without its Python-level __new__
        # The open containers, innermost last, each with the key its parent awaits.
        outer: list[tuple[Map | Seq | None, Any]] = []
        top: Map | Seq | None = None  # the innermost open container
        key_locs: dict[str, Location] = {}  # when `top` is a Map: its key_locs
        key: Any = None  # when `top` is a Map: the key awaiting its value, or None
        count = 0
        while check():
            event = get()
            if type(event) is scalar_event and event.tag is None and event.anchor is None:
                count += 1
                if count > max_nodes:
                    raise self.too_many(event)
                mark = event.start_mark
                loc = new_location(
                    Location, (display, mark.line + 1, mark.column + 1) if mark else (display, 1, 1)
                )
                text = event.value
                kind = _kind_of(text, event.implicit)
                if type(top) is Map and key is None:  # a key
                    if kind != "str" or text in key_locs:
                        key = self.key(top, Scalar(text, loc, kind, bool(event.style)), event)
                    else:
                        key_locs[text] = loc
                        key = text
                    continue
                value: Any = str.__new__(Scalar, text)
                value.loc = loc
                if kind != "str":
                    value.implicit = kind
                if event.style:
                    value.quoted = True
            elif isinstance(event, start_events):
                count += 1
                if count > max_nodes:
                    raise self.too_many(event)
                if len(outer) >= max_depth:
                    raise self.too_deep(event)
                outer.append((top, key))
                top = self.open(event)
                key_locs = top.key_locs if type(top) is Map else {}
                key = None
                continue
            elif isinstance(event, end_events):
                value = top
                top, key = outer.pop()
                key_locs = top.key_locs if type(top) is Map else {}
            elif isinstance(event, scalar_event):
                count += 1
                if count > max_nodes:
                    raise self.too_many(event)
                value = self.scalar(event)
            elif isinstance(event, yaml.AliasEvent):
                self.refuse_alias(event)
                value = None
            else:
                if isinstance(event, yaml.DocumentStartEvent):
                    self.document(event)
                continue
            # Put the value where it belongs.
            if type(top) is Map:
                if key is None:
                    key = self.key(top, value, event)
                else:
                    if key is not _SKIP:
                        top[key] = value
                    key = None
            elif isinstance(top, Seq):
                top.append(value)
            else:
                self.root = value

    def document(self, event: yaml.Event) -> None:
        self.documents += 1
        if self.documents > 1:
            raise LoadError(
                self.loc(event),
                "yaml-syntax",
                "a fact file holds one YAML document; remove this `---` or split the file",
            )

    def too_many(self, event: yaml.Event) -> LoadError:
        return LoadError(
            self.loc(event), "too-large", f"the file has more than {self.limits.max_nodes:,} values"
        )

    def too_deep(self, event: yaml.Event) -> LoadError:
        return LoadError(
            self.loc(event),
            "too-deep",
            f"values are nested more than {self.limits.max_depth} levels deep "
            "(raise BRIEFING_MAX_DEPTH if this is intended)",
        )

    def refuse_alias(self, event: yaml.Event) -> None:
        self.problems.append(
            error(
                self.loc(event),
                "yaml-alias",
                "anchors and aliases (&name, *name, <<) are not allowed; "
                "write the value out where it is needed",
            )
        )

    def properties(self, event: yaml.Event) -> Location:
        """Report an anchor or a tag on this node; return where it is."""
        loc = self.loc(event)
        if getattr(event, "anchor", None):
            self.refuse_alias(event)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in PLAIN_TAGS:
            self.problems.append(
                error(
                    loc,
                    "yaml-tag",
                    f"the tag `{excerpt(tag)}` is not allowed; "
                    "fact files use plain YAML values only",
                )
            )
        return loc

    def scalar(self, event: yaml.ScalarEvent) -> Scalar | None:
        loc = self.properties(event)
        tag = event.tag
        if tag is not None and tag not in PLAIN_TAGS:
            return None
        if tag is None or tag == "!":
            kind = _kind_of(event.value, event.implicit)
        else:
            kind = tag.removeprefix(YAML_TAG)
        return Scalar(event.value, loc, kind, event.style not in (None, ""))

    def open(self, event: yaml.CollectionStartEvent) -> Map | Seq:
        loc = self.properties(event)
        container: Map | Seq
        if isinstance(event, yaml.MappingStartEvent):
            container = Map()
            container.key_locs = {}
        else:
            container = Seq()
        container.loc = loc
        return container

    def key(self, mapping: Map, key: Any, event: yaml.Event) -> Any:
        loc = key.loc if isinstance(key, (Scalar, Map, Seq)) else self.loc(event)
        if isinstance(key, Scalar) and key.implicit == "merge":
            self.problems.append(error(loc, "yaml-alias", "merge keys (<<) are not allowed"))
            return _SKIP
        if key is None:  # an alias or a tag, reported already
            return _SKIP
        if not isinstance(key, Scalar) or key.implicit != "str":
            self.problems.append(
                error(loc, "bad-key", f"keys must be plain words such as `title`, not {_kind(key)}")
            )
            return _SKIP
        if key in mapping.key_locs:
            first = mapping.key_locs[key]
            self.problems.append(
                error(
                    loc,
                    "duplicate-key",
                    f"the key `{excerpt(key)}` appears twice in this mapping (first at line "
                    f"{first.line}); keep one",
                )
            )
            return _SKIP
        mapping.key_locs[str(key)] = loc
        return str(key)
