"""Property-based fuzzing of the loader, the model and the checker (issue 7).

Three properties, each over inputs Hypothesis generates:

- any bytes at all given to `load_bytes` come back as a tree or as diagnostics;
- any YAML document (random nested data dumped as YAML, or raw fragments of YAML
  syntax) written as a fact file next to the fixture corpus is checked without an
  exception, and every diagnostic says where (a path, and a line where one exists);
- mutations of the valid fixture files (a key dropped, a value's type changed, a
  date swapped, an id duplicated, a YAML 1.1 surprise inserted, the file cut short)
  give a clean check or located errors, never an exception; a corpus that still
  passes the check is rendered without an exception.

The default budget is small so `make test` stays fast. A campaign:

    FUZZ_EXAMPLES=2000 .venv/bin/pytest -q tests/test_fuzz.py

Each property's count of examples run is printed at the end of the session.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import string
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import MAX_MESSAGE, Diagnostic
from generator.load import Limits, load_bytes
from generator.pipeline import check_facts
from generator.render import render_site
from tests.conftest import ARCHIVE, CORPUS, TODAY

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "") or 30)
CAMPAIGN = "FUZZ_EXAMPLES" in os.environ
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=2),
    # The default run is deterministic (same examples every time, nothing stored);
    # a campaign explores afresh. Failures print a blob to reproduce them with.
    derandomize=not CAMPAIGN,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Diagnostics about a whole folder or file, where there is no line to point at.
UNLOCATED_CODES = {"no-facts", "unreadable", "not-a-file", "outside-facts"}

COUNTS: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print how many examples each property ran, even when output is captured."""
    yield
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is None or capture is None or not COUNTS:
        return
    done = ", ".join(f"{name} {n}" for name, n in sorted(COUNTS.items()))
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"\nfuzz: calls per property (budget {EXAMPLES} examples each): {done}")


def _count(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


def _assert_located(diagnostics: list[Diagnostic], *, files: set[str] | None = None) -> None:
    for d in diagnostics:
        assert d.code and d.message, d
        assert d.severity in ("error", "warning"), d
        assert len(d.message) <= MAX_MESSAGE and "\n" not in d.message, d
        assert d.loc.path, f"a diagnostic without a file: {d}"
        if files is not None:
            assert d.loc.path in files, f"{d} names a file that was not read ({files})"
        if d.code not in UNLOCATED_CODES:
            assert d.loc.line >= 1, f"a diagnostic without a line: {d}"
            assert d.loc.col >= 1, f"a diagnostic without a column: {d}"


# --------------------------------------------------------------------------- (a) bytes

YAML_BYTES = [
    *(c.encode() for c in "[]{}:-?,|>'\"#%@`&*!~ \n\r\t"),
    b"  ",
    b"\n  ",
    b"- ",
    b": ",
    b"&a ",
    b"*a",
    b"!!str ",
    b"!!python/object:os.system ",
    b"<<: ",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\x85",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xa8",
    b"facts",
    b"sources",
    b"briefing",
    b"id",
    b"x",
    b"1",
    b"2031-03-14",
    b"yes",
    b"null",
    b'"\\x01"',
    b"'a''b'",
]

yaml_bytes = st.lists(st.sampled_from(YAML_BYTES), max_size=60).map(b"".join)


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), yaml_bytes))
def test_load_bytes_never_raises(data: bytes) -> None:
    _count("load_bytes")
    tree, problems = load_bytes(data, "fuzz.yaml", Limits())
    assert tree is not None or problems, "no tree and no reason why"
    _assert_located(problems, files={"fuzz.yaml"})


@FUZZ
@given(data=yaml_bytes, depth=st.integers(1, 6))
def test_load_bytes_respects_small_limits(data: bytes, depth: int) -> None:
    _count("load_bytes_limits")
    limits = Limits(max_bytes=200, max_depth=depth, max_nodes=20)
    tree, problems = load_bytes(data, "fuzz.yaml", limits)
    _assert_located(problems, files={"fuzz.yaml"})
    if len(data) > limits.max_bytes:
        assert tree is None and [d.code for d in problems] == ["too-large"]


# ------------------------------------------------------------------ (b) YAML documents

KEYS = sorted(
    {
        *("briefing", "sources", "claimants", "topics", "quantities", "facts"),
        *("id", "kind", "title", "summary", "language", "license", "publisher", "authors"),
        *("published", "url", "archive", "name", "role", "country", "order", "label"),
        *("unit", "topic", "headline", "fact", "reason", "text", "source", "claimant"),
        *("via", "date", "scheduled", "quote", "review_by", "note", "quantity", "bound"),
        *("value", "low", "high", "status", "as_of", "title_supplied", "description"),
        *("stated", "measure"),
    }
)
WORDS = [
    *("event", "estimate", "statement", "about", "range", "up-to", "sent", "person"),
    *("cumulative", "at-one-time", "unstated"),
    *("traffic", "history", "port-authority", "gazette-2031-03-14", "ships-calling"),
    *("authority-ships-february", "2031-03-01", "2031-02", "late 197X", "../2031-01"),
    *("https://example.org/a", "javascript:alert(1)", "NO", "yes", "010", "1_000", "~"),
    *("<script>alert(1)</script>", "[@wall-built]", "{{ 7*7 }}", "=1+1", "true", "1500"),
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.text(max_size=40),
    st.sampled_from(WORDS),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(string.ascii_lowercase + "_-", max_size=12))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)
fact_files = st.dictionaries(
    st.sampled_from(["briefing", "sources", "claimants", "topics", "quantities", "facts"]),
    documents,
    min_size=1,
    max_size=3,
)

FRAGMENTS = [
    *("facts:\n", "sources:\n", "  - ", "    ", "id: ", "kind: ", ": ", "- ", "\n", " "),
    *("[", "]", "{", "}", ",", "?", "|", ">-", "'", '"', "#", "&x ", "*x", "!!str ", "!tag "),
    *("<<: ", "---", "...", "%TAG ! tag:x,2000:\n", "\t", "\\", "\ufeff", "\u2028", "\x85"),
    *("yes", "NO", "0o17", "0x1F", "1e3", ".inf", "12:30:00", "2031-02-30", "null", "~"),
    *("wall-built", "traffic", "event", "text: x", "date: 2031-03-01", '"\\x01"', '"\\0"'),
]
raw_texts = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map("".join)


class Scratch:
    """A private copy of the fixture corpus; one extra file is rewritten per example."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="briefing-fuzz-"))
        self.facts = self.base / "facts"
        shutil.copytree(CORPUS, self.facts)
        self.originals = {p.name: p.read_bytes() for p in self.facts.iterdir()}

    def reset(self) -> None:
        for path in self.facts.iterdir():
            if path.name not in self.originals:
                path.unlink()
        for name, data in self.originals.items():
            (self.facts / name).write_bytes(data)

    def check(self, render: bool) -> list[Diagnostic]:
        checked = check_facts(self.facts, today=TODAY, archive=ARCHIVE)
        files = set(checked.corpus.files)
        _assert_located(checked.diagnostics, files=files)
        if checked.ok and render:
            generated = render_site(checked.corpus)
            json.loads(generated["data/facts.json"])
        return checked.diagnostics

    def close(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Scratch]:
    s = Scratch()
    yield s
    s.close()


def _with_scratch(
    scratch: Scratch, write: Callable[[Path], None], *, render: bool = False
) -> list[Diagnostic]:
    scratch.reset()
    try:
        write(scratch.facts)
        return scratch.check(render)
    finally:
        scratch.reset()


@FUZZ
@given(document=st.one_of(documents, fact_files))
def test_any_yaml_document_is_checked(scratch: Scratch, document: Any) -> None:
    _count("yaml_documents")
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    _with_scratch(scratch, lambda facts: (facts / "fuzz.yaml").write_text(text, "utf-8"))


@FUZZ
@given(text=raw_texts)
def test_raw_yaml_fragments_are_checked(scratch: Scratch, text: str) -> None:
    _count("raw_fragments")
    _with_scratch(scratch, lambda facts: (facts / "fuzz.yaml").write_text(text, "utf-8"))


@FUZZ
@given(text=raw_texts, place=st.sampled_from(["facts:\n  - ", "sources:\n  - id: ", "briefing:\n"]))
def test_raw_fragments_inside_a_section_are_checked(
    scratch: Scratch, text: str, place: str
) -> None:
    _count("raw_in_section")
    _with_scratch(scratch, lambda facts: (facts / "fuzz.yaml").write_text(place + text, "utf-8"))


# ---------------------------------------------------------------- (c) mutations

FILES = sorted(p.name for p in CORPUS.glob("*.yaml"))
# A raw token survives yaml.safe_dump as this placeholder and is put back verbatim.
RAW = "zzraw{}zz"
RAW_TOKENS = [
    *("yes", "No", "on", "OFF", "y", "~", "null", "010", "0o17", "0x1F", "1_000", "1e3"),
    *(".inf", ".NaN", "12:30:00", "2031-02-30", "2031-13-01", "-1", "1,500", "+12", "0.5"),
    *("'quoted'", '"1500"', "2031-03-14 10:00:00", "[]", "{}", "''", "!!str 2031", "&a x"),
    *('"\\x01"', '"\\u2028"', '"a\\0b"', "*a", "|-\n  block"),
]
DATES = [
    *("2031-03-01", "2031-03-14", "2031-03-15", "2099-01-01", "1900-01-01", "2031-02-29"),
    *("2031-02", "2031", "197X", "late 197X", "2031-03~", "2031-03?", "../2031-01", "2031/.."),
    *("2031-03/2031-01", "late 197X/early 198X", "../..", "/", "0000-00-00", "13-2031-01"),
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


def _parent(tree: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        tree = tree[part]
    return tree


def _records(tree: Any) -> list[dict[str, Any]]:
    if not isinstance(tree, dict):
        return []
    return [r for v in tree.values() if isinstance(v, list) for r in v if isinstance(r, dict)]


mutation_kinds = st.sampled_from(
    ["drop", "replace", "raw", "date", "dup-record", "dup-id", "copy-id", "dup-line", "truncate"]
)
replacements = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.lists(st.sampled_from(WORDS), max_size=3),
    st.dictionaries(st.sampled_from(KEYS), st.sampled_from(WORDS), max_size=3),
    st.text(max_size=20),
    st.sampled_from(WORDS),
)


def _replace(text: str, path: tuple[Any, ...], token: str) -> str:
    """The YAML file with the value at `path` replaced by `token`, written verbatim."""
    tree = yaml.safe_load(text)
    _parent(tree, path)[path[-1]] = RAW.format(0)
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).replace(RAW.format(0), token)


def _mutate(text: str, draw: Callable[[st.SearchStrategy[Any]], Any], kind: str) -> str:
    if kind == "truncate":
        data = text.encode("utf-8")
        return data[: draw(st.integers(0, len(data)))].decode("utf-8", "ignore")
    if kind == "dup-line":
        lines = text.splitlines(keepends=True)
        if not lines:
            return text
        i = draw(st.integers(0, len(lines) - 1))
        return "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    tree = yaml.safe_load(text)
    paths = list(_paths(tree))
    raw: dict[str, str] = {}
    if kind in ("drop", "replace", "raw") and paths:
        path = draw(st.sampled_from(paths))
        parent = _parent(tree, path)
        if kind == "drop":
            del parent[path[-1]]
        elif kind == "replace":
            parent[path[-1]] = draw(replacements)
        else:
            token = draw(st.sampled_from(RAW_TOKENS))
            placeholder = RAW.format(len(raw))
            raw[placeholder] = token
            parent[path[-1]] = placeholder
    elif kind == "date":
        dated = [p for p in paths if p[-1] in ("date", "as_of", "stated", "published", "review_by")]
        if dated:
            path = draw(st.sampled_from(dated))
            _parent(tree, path)[path[-1]] = draw(st.sampled_from(DATES))
    elif kind in ("dup-record", "dup-id", "copy-id"):
        records = [r for r in _records(tree) if "id" in r]
        if records:
            record = draw(st.sampled_from(records))
            if kind == "dup-record":
                next(v for v in tree.values() if isinstance(v, list) and record in v).append(
                    dict(record)
                )
            elif kind == "dup-id":
                other = draw(st.sampled_from(records))
                record["id"] = other["id"]
            else:  # an id from another file of the corpus
                record["id"] = draw(
                    st.sampled_from(["wall-built", "traffic", "port-authority", "ships-calling"])
                )
    out = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    for placeholder, token in raw.items():
        out = out.replace(placeholder, token)
    return out


@settings(FUZZ, deadline=timedelta(seconds=5))  # rendering costs ~0.5 s (Jinja compiles each time)
@given(
    data=st.data(),
    name=st.sampled_from(FILES),
    kinds=st.lists(mutation_kinds, min_size=1, max_size=3),
)
def test_mutated_fixture_files_are_checked(
    scratch: Scratch, data: st.DataObject, name: str, kinds: list[str]
) -> None:
    _count("mutations")
    text = (CORPUS / name).read_text("utf-8")
    for kind in kinds:
        try:
            text = _mutate(text, data.draw, kind)
        except (yaml.YAMLError, ValueError):
            break  # an earlier mutation (a cut, a line, `2031-02-30`) already broke the YAML
    # Rendering costs ~0.5 s, so only the mutations render (when the check passes).
    _with_scratch(scratch, lambda facts: (facts / name).write_text(text, "utf-8"), render=True)


@FUZZ
@given(name=st.sampled_from(FILES), cut=st.integers(0, 10_000))
def test_truncated_fixture_files_give_located_errors(scratch: Scratch, name: str, cut: int) -> None:
    _count("truncations")
    data = (CORPUS / name).read_bytes()
    cut = cut % (len(data) + 1)
    diagnostics = _with_scratch(scratch, lambda facts: (facts / name).write_bytes(data[:cut]))
    here = [d for d in diagnostics if d.loc.path.endswith(f"facts/{name}")]
    for d in here:
        assert 1 <= d.loc.line <= data[:cut].count(b"\n") + 2, d


@FUZZ
@given(name=st.sampled_from(FILES), cut=st.integers(0, 10_000))
def test_truncated_utf8_is_located(name: str, cut: int) -> None:
    _count("utf8_cuts")
    data = "é€😀".encode() + (CORPUS / name).read_bytes()
    cut = cut % (len(data) + 1)
    _tree, problems = load_bytes(data[:cut], "cut.yaml")
    _assert_located(problems, files={"cut.yaml"})
    for d in problems:
        if d.code == "not-utf8":
            assert re.match(r"byte 0x[0-9a-f]{2} ", d.message)


# Tags and aliases the loader refuses (their value becomes None), put in every place.
REFUSED = ["!x y", "!!binary aGk=", "*a"]


def test_refused_tags_and_aliases_anywhere_are_located(scratch: Scratch) -> None:
    """Exhaustive, not sampled: each section and entry of every fixture file, each token.
    (Deeper values get these tokens through the mutations above, by chance.)"""
    for name in FILES:
        text = (CORPUS / name).read_text("utf-8")
        for path in [p for p in _paths(yaml.safe_load(text)) if len(p) <= 2]:
            for token in REFUSED:
                mutated = _replace(text, path, token)
                _with_scratch(
                    scratch, lambda facts, n=name, m=mutated: (facts / n).write_text(m, "utf-8")
                )
