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

import bisect
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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
    # The file's lines, on the top-level mapping only: to place a position inside a text.
    source: SourceLines | None = None


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
        line, col, message = explain_syntax_error(text, exc)
        raise LoadError(Location(display, line, col), "yaml-syntax", message) from None
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
    tree.source = SourceLines(text)
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
            "a tab is used for indentation; YAML indents with spaces only: "
            "replace the tab with spaces, lined up with the lines around it",
        )


# --- Syntax errors in plain words -------------------------------------------------------
#
# PyYAML says where it gave up, in the words of its grammar ("mapping values are not
# allowed here", "could not find expected ':'"), often a line or more below the mistake.
# The mistakes editors make are few: a `: ` inside a text, a quote left open, no space
# after `-` or `:`, a key out of line with its neighbours. Each is looked for in the
# lines around the place PyYAML names, and reported where it is, with the fix.

# A line's key: after the indentation and any `- `, a word followed by `:` and a space
# (or the end of the line).
_KEY = re.compile(r"^(?P<indent> *)(?P<dashes>(?:- +)*)(?P<key>[^\s#'\"][^\n#]*?):(?: |$)")
# A key glued to its value (`id:x`), or an entry glued to its dash (`-id: x`).
_NO_SPACE_COLON = re.compile(r"^ *(?:- +)*(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:/])")
_NO_SPACE_DASH = re.compile(r"^ *(?P<dash>-)(?P<rest>[A-Za-z_\"'][^\n]*)$")
# A value that opens with a quote, at the start of a line's value.
_QUOTE_START = re.compile(r"^ *(?:- +)*(?:[^\s\"'#][^\n#]*?: +)?(?P<q>[\"'])", re.MULTILINE)
# A quoted value followed by more text on its line: `text: "He said" no`.
_TEXT_AFTER_QUOTE = re.compile(
    r"^ *(?:- +)*[^\s\"'#][^\n#]*?: +(?P<q>[\"'])(?:(?!(?P=q)).)*(?P=q) *[^\s#]"
)


# What YAML counts as a line break (so do PyYAML's marks).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def explain_syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Where a syntax error is, as line and column, and what to do about it."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = _LINE_BREAK.split(text)
    line = min(line, len(lines))  # a mark at the very end stands after the last break
    context = exc.context or ""
    context_at = (
        (exc.context_mark.line + 1, exc.context_mark.column + 1) if exc.context_mark else None
    )
    found = _explain(lines, line, col, exc.problem or "", context, context_at)
    if found is not None:
        return found
    said = f"{exc.problem} ({exc.context})" if exc.context else exc.problem
    return (
        line,
        col,
        "YAML cannot read the file from here; check this line and the one above it: "
        "keys of one entry start in the same column, `-` and `:` are followed by a space, "
        f"and every quote is closed (the YAML parser says: {said or 'syntax error'})",
    )


def _explain(
    lines: list[str],
    line: int,
    col: int,
    problem: str,
    context: str,
    context_at: tuple[int, int] | None,
) -> tuple[int, int, str] | None:
    if "quoted scalar" in context and "escape" not in problem and context_at:
        quote = _char(lines, *context_at) or '`"`'
        return (
            *context_at,
            f"the quote {quote} opened here is never closed; add the closing {quote} "
            "at the end of the text",
        )
    opened = _open_quote(lines, line)
    if opened is not None:
        return opened
    if "\t" in problem or _char(lines, line, col) == "\t":
        return (
            line,
            col,
            "a tab stands here; YAML separates keys, values and entries with spaces: "
            "replace the tab with a space",
        )
    if "escape" in problem:
        return (
            line,
            col,
            "inside double quotes a backslash starts an escape such as \\n; write \\\\ "
            "for a backslash, or put the text in single quotes instead",
        )
    if "alias" in context or "anchor" in context:
        start = context_at or (line, col)
        return (
            *start,
            f"YAML reads a value that starts with {_char(lines, *start) or '*'} as a "
            "reference to another value; put the whole text in quotes",
        )
    if "block scalar" in context:
        start = context_at or (line, col)
        return (
            *start,
            "after `|` or `>` the text starts on the next line, indented further than "
            "the key; move the text after it to the next line",
        )
    if "cannot start any token" in problem:
        char = _char(lines, line, col)
        return (
            line,
            col,
            f"a value cannot start with {char or 'this character'} in YAML; "
            "put the whole text in quotes",
        )
    if "node content" in problem and "flow" not in context:
        return (
            line,
            col,
            f"a value cannot start with {_char(lines, line, col) or 'this character'} "
            "in YAML; put the whole text in quotes",
        )
    if "flow" in context and context_at:
        at_line, at_col, bracket = _open_bracket(lines, *context_at)
        closing = {"[": "]", "{": "}"}[bracket]
        return (
            at_line,
            at_col,
            f"the `{bracket}` opened here is not closed with `{closing}` where YAML expects "
            f"it; close it, or write the list one `- ` entry per line (a text that starts "
            f"with `{bracket}` goes in quotes)",
        )
    if "mapping values" in problem:
        return _colon_in_line(lines, line, col)
    if "expected ':'" in problem and context_at:
        glued = _glued(lines, context_at[0])
        if glued:
            return glued
        return (
            *context_at,
            "this line is neither `key: value` nor a list entry `- ...`; add the key and "
            "`: `, or, if it continues the text above, put that text in quotes",
        )
    if (
        "block" in problem
        or "'-' indicator" in problem
        or "expected key" in problem
        or "block" in context
    ):
        return _out_of_line(lines, line, col, context_at)
    return None


def _char(lines: list[str], line: int, col: int) -> str | None:
    """The character at a line and column, named as a message shows it."""
    if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]):
        char = lines[line - 1][col - 1]
        return {"\t": "a tab", "`": "a backquote (`)"}.get(char, f"`{excerpt(char)}`")
    return None


# Where a bracketed list or mapping opens: at the start of a value.
_BRACKET = re.compile(r"(?:^|: |- )[ ]*([\[{])", re.MULTILINE)


def _open_bracket(lines: list[str], line: int, col: int) -> tuple[int, int, str]:
    """The last `[` or `{` that opens a value at or before a line and column."""
    text = "\n".join([*lines[: line - 1], lines[line - 1][:col] if line <= len(lines) else ""])
    found = None
    for match in _BRACKET.finditer(text):
        found = match
    if found is None:
        return line, col, "["
    at = found.start(1)
    number = text.count("\n", 0, at)
    return number + 1, at - (text.rfind("\n", 0, at) + 1) + 1, found[1]


def _glued(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """`-id: x` or `id:x` on `line`, as an error at the missing space."""
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    dash = _NO_SPACE_DASH.match(text)
    if dash and not text.lstrip().startswith("---"):
        at = dash.start("dash") + 1
        return (
            line,
            at + 1,
            f"a space is missing after `-`: write `- {excerpt(dash['rest'], 40)}` "
            "(a list entry is a dash, a space, then the entry)",
        )
    colon = _NO_SPACE_COLON.match(text)
    if colon:
        key, value = colon["key"], text[colon.start("value") :].rstrip()
        return (
            line,
            colon.start("value") + 1,
            f"a space is missing after `:`: write `{key}: {excerpt(value, 40)}` "
            "(a key is followed by a colon and a space)",
        )
    return None


def _previous(lines: list[str], line: int) -> int | None:
    """The number of the nearest line above `line` that holds something."""
    for number in range(line - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _quoted(value: str) -> str:
    value = value.strip()
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _colon_in_line(lines: list[str], line: int, col: int) -> tuple[int, int, str]:
    """`mapping values are not allowed here`: a `: ` in a text, or a line that YAML read
    as the continuation of the line above (indented too far, or a space missing above)."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    key = _KEY.match(text)
    if key and col - 1 > key.end("key") and " " not in key["key"].strip():
        value = text[key.end() :]
        return (
            line,
            col,
            "the text holds `: ` (a colon and a space), which YAML reads as the start of "
            f"a key; put the whole text in quotes: {key['key']}: {excerpt(_quoted(value), 60)}",
        )
    above = _previous(lines, line)
    glued = _glued(lines, above) if above else None
    if glued:
        return glued
    indent = len(text) - len(text.lstrip(" "))
    if key and " " in key["key"].strip():  # words, then `: `: a text carried on from above
        return (
            line,
            col,
            "this line carries on the text above and holds `: ` (a colon and a space), "
            "which YAML reads as the start of a key; put the whole text in quotes",
        )
    if above:
        neighbour = _KEY.match(lines[above - 1])
        if neighbour:
            column = neighbour.start("key") + 1
            return (
                line,
                indent + 1,
                f"this line is indented more than `{excerpt(neighbour['key'], 30)}` on line "
                f"{above}, so YAML reads it as part of that value; keys of one entry start "
                f"in the same column ({column}): remove {indent + 1 - column} space"
                f"{'s' * (indent + 1 - column != 1)}",
            )
    return (
        line,
        col,
        "YAML reads this `: ` as the start of a key where a key cannot be; if it is part "
        "of a text, put the whole text in quotes, otherwise check the indentation",
    )


def _out_of_line(
    lines: list[str], line: int, col: int, context_at: tuple[int, int] | None
) -> tuple[int, int, str]:
    """A line that fits neither the list nor the mapping above it."""
    glued = _glued(lines, line)
    if glued:
        return glued
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    after = _TEXT_AFTER_QUOTE.match(text)
    if after:
        quote = after["q"]
        other = "'" if quote == '"' else '"'
        return (
            line,
            col,
            f"more text follows the closing `{quote}` of this value; put the whole text in "
            f"quotes, with `{other}` around it if it holds `{quote}` itself",
        )
    indent = len(text) - len(text.lstrip(" "))
    above = _previous(lines, line)
    neighbour = _KEY.match(lines[above - 1]) if above else None
    if above and neighbour:
        column = neighbour.start("key") + 1
        dash = neighbour.start("dashes") + 1 if neighbour["dashes"] else None
        lined_up = f"`{excerpt(neighbour['key'], 30)}` on line {above} starts at column {column}"
        if dash:
            lined_up += f", its entry's `-` at column {dash}"
        return (
            line,
            indent + 1,
            f"this line is indented to column {indent + 1}, out of line with the lines "
            f"above ({lined_up}); indent it with spaces to line up with the key it goes with",
        )
    start = f" (the block it belongs to starts at line {context_at[0]})" if context_at else ""
    return (
        line,
        indent + 1,
        f"this line is indented to column {indent + 1}, out of line with the lines above"
        f"{start}; indent it with spaces to line up with the key it goes with",
    )


def _open_quote(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """A quote opened on one line and left open: YAML reads on to the next quote of the
    same kind, lines below, and fails after it. Found when the text after that closing
    quote is not the end of its line, on the line of the error or the one above."""
    text = "\n".join(lines[:line])
    starts = [0]
    for content in lines[:line]:
        starts.append(starts[-1] + len(content) + 1)
    found = None
    pos = 0
    while True:
        match = _QUOTE_START.search(text, pos)
        if match is None:
            break
        quote, opened = match["q"], match.start("q")
        close = _closing(text, opened + 1, quote)
        if close < 0:
            break
        first = bisect.bisect_right(starts, opened) - 1
        last = bisect.bisect_right(starts, close) - 1
        rest = text[close + 1 : starts[last + 1] - 1 if last + 1 < len(starts) else len(text)]
        if last > first and last + 1 >= line - 1 and rest.strip() and rest.lstrip()[0] != "#":
            found = (first + 1, opened - starts[first] + 1, last + 1, quote)
        pos = close + 1
    if found is None:
        return None
    at_line, at_col, closed, quote = found
    return (
        at_line,
        at_col,
        f"the quote `{quote}` opened here is not closed on its line, so YAML reads on to the "
        f"next `{quote}` (line {closed}); add the closing `{quote}` at the end of this text",
    )


def _closing(text: str, start: int, quote: str) -> int:
    """The index of the quote that closes a quoted value begun at `start`, or -1."""
    index = start
    while True:
        index = text.find(quote, index)
        if index < 0:
            return -1
        if quote == '"':
            backslashes = len(text[start:index]) - len(text[start:index].rstrip("\\"))
            if backslashes % 2:
                index += 1
                continue
            return index
        if text.startswith("''", index):
            index += 2
            continue
        return index


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


class SourceLines:
    """The lines of a file's text, split when first asked for (on YAML's line breaks)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = _LINE_BREAK.split(self.text)
        return self._lines


def where_in(source: SourceLines, scalar: Scalar, offset: int) -> Location:
    """Where the character at `offset` of a scalar's value was written: its own line and
    column inside a block (`|`, `>`) or a text over several lines, not the key's.

    The value is walked line by line as YAML folds it. Escapes in double quotes are not
    undone, so a position after one may be off by a few columns, never by a line.
    """
    lines = source.lines
    row, col = scalar.loc.line - 1, scalar.loc.col - 1
    if not 0 <= row < len(lines) or offset < 0:
        return scalar.loc
    first = lines[row]
    indicator = first[col : col + 1]
    seen = 0  # characters of the value accounted for
    if indicator in ("|", ">"):
        literal = indicator == "|"
        indent = None
        number = row + 1
        pending = 0  # blank lines since the last text line (folded blocks)
        while number < len(lines):
            text = lines[number]
            stripped = text.lstrip(" ")
            if not stripped:
                if literal or seen == 0:
                    seen += 1
                else:
                    pending += 1
                number += 1
                continue
            if indent is None:
                indent = len(text) - len(stripped)
            elif len(text) - len(stripped) < indent:
                break  # the block has ended
            content = text[indent:]
            if not literal and seen:
                seen += pending or 1  # the line break before: a space, or the blank lines
                pending = 0
            if offset < seen + len(content) + (1 if literal else 0):
                return Location(scalar.loc.path, number + 1, indent + 1 + max(0, offset - seen))
            seen += len(content) + (1 if literal else 0)
            number += 1
        return scalar.loc
    # Plain or quoted: the first line from the value's start, later lines without their
    # indentation; one line break is a space, blank lines are line breaks.
    start = col + (1 if indicator in ("'", '"') else 0)
    number, pending = row, 0
    while number < len(lines):
        text = lines[number]
        begin = start if number == row else len(text) - len(text.lstrip(" \t"))
        content = text[begin:].rstrip(" \t")
        if number > row:
            if not content:
                pending += 1
                number += 1
                continue
            seen += pending or 1
            pending = 0
        if offset < seen + len(content):
            return Location(scalar.loc.path, number + 1, begin + 1 + max(0, offset - seen))
        seen += len(content)
        number += 1
    return scalar.loc
