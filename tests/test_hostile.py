"""Hostile and broken input (issue 7): bombs, escaping, URLs, atomic builds, no tracebacks.

- YAML bombs and sizes are refused quickly, with a located code and bounded memory;
  each is loaded in a fresh process, which measures its own time and peak memory
  (and may crash without taking pytest with it).
- A hostile corpus (tests/fixtures/hostile/corpus: markup, Markdown, attr_list, Jinja,
  XML and CSV-formula payloads in every string field) is built through
  `python -m generator build`; the pages, downloads, feed and chart show it as text.
- Links that are not http(s) are refused; a failed or killed build leaves the last
  site as it was; the checker never writes to facts/; the CLI never shows a traceback.
- The Content-Security-Policy the built site runs under, checked in Chromium.

Several tests here first exposed real bugs (a C-stack overflow on deep nesting, a
stored XSS through page titles, tracebacks on huge numbers, malformed XML from
control characters); they now guard the fixes.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import functools
import hashlib
import http.server
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.config import load_config

from generator import model
from generator.load import Limits
from generator.pipeline import check_facts
from generator.render import render_errors, render_site
from generator.settings import SettingError, from_environment
from tests.conftest import CHROMIUM, CORPUS, FIXTURES, TODAY

REPO = Path(__file__).resolve().parent.parent
HOSTILE = FIXTURES / "hostile"
HOSTILE_CORPUS = HOSTILE / "corpus"
PAYLOAD = (
    '<script>alert(1)</script> "><img src=x onerror=alert(1)> [x](javascript:alert(1)) '
    '{: onclick="alert(1)" } {{ 7*7 }} {% raw %} </script> ]]> [^1] <svg onload=alert(1)> '
    "</title><script>alert(2)</script> '><iframe src=javascript:alert(1)></iframe> "
    "&lt;b&gt; `code` *em* _u_ \\ <!-- --> ${7*7}"
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SECONDS = 10  # a generous bound on "quickly": the refusals take well under a second
MEGABYTE = 1024  # ru_maxrss is in kilobytes on Linux


def _env(**extra: str) -> dict[str, str]:
    """The environment of a build or check: no archive, no inherited limits, a fixed today."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("BRIEFING_") and k not in ("COVERAGE_PROCESS_START",)
    }
    env["BRIEFING_TODAY"] = TODAY.isoformat()
    env.update(extra)
    return env


def _run(
    args: list[str], cwd: Path, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_env(PYTHONPATH=str(REPO), **env),
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


def _project(root: Path, facts: Path) -> Path:
    """A buildable project: the repository's site_src/ and mkdocs.yml with these facts."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "site_src", root / "site_src")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(facts, root / "facts")
    return root


def _build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return _run(["-m", "generator", "build", "--site-dir", str(site)], project, **env)


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ============================================================ bombs, sizes and limits

PROBE = """
import json, os, resource, sys, time
from pathlib import Path
from generator.load import load_file
from generator.settings import from_environment
path = Path(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
tree, problems = load_file(path, "bomb.yaml", from_environment(os.environ).limits)
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "growth_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before,
    "tree": tree is not None,
    "problems": [[d.code, d.loc.path, d.loc.line, d.loc.col] for d in problems],
}))
"""


@dataclass
class Probe:
    returncode: int
    seconds: float = 0.0
    growth_mb: float = 0.0
    tree: bool = False
    problems: list[tuple[str, str, int, int]] = field(default_factory=list)
    stderr: str = ""

    @property
    def codes(self) -> set[str]:
        return {p[0] for p in self.problems}


def _probe(path: Path, **env: str) -> Probe:
    """Load one file in a fresh interpreter: its result, time and memory growth."""
    result = _run(["-c", PROBE, str(path)], REPO, timeout=120, **env)
    if result.returncode != 0:
        return Probe(result.returncode, stderr=result.stderr[-2000:])
    data = json.loads(result.stdout)
    return Probe(
        0,
        data["seconds"],
        data["growth_kb"] / MEGABYTE,
        data["tree"],
        [tuple(p) for p in data["problems"]],
    )


def _nested_flow(n: int) -> bytes:
    return b"facts: " + b"[" * n + b"]" * n + b"\n"


def _deep_block_mapping(n: int) -> bytes:
    return b"".join(b"  " * i + b"k:\n" for i in range(n)) + b"  " * n + b"x\n"


def _compact_block_lists(n: int) -> bytes:
    return b"facts:\n" + b"- " * n + b"x\n"


def _many_values(n: int) -> bytes:
    return b"facts: [" + b"1," * n + b"1]\n"


BOMBS = {
    # name: (content, env, expected code, expected line)
    "billion laughs": ((HOSTILE / "billion-laughs.yaml").read_bytes(), {}, "yaml-alias", 3),
    "10,000 nested flow lists": (_nested_flow(10_000), {}, "too-deep", 1),
    "2,000 nested block mappings": (_deep_block_mapping(2_000), {}, "too-deep", 33),
    "10,000 nested block lists on one line": (_compact_block_lists(10_000), {}, "too-deep", 2),
    "6 MB file": (b"facts: [" + b"x," * 3_000_000 + b"x]\n", {}, "too-large", 1),
    "1 MB file over a 500 kB limit": (
        b"facts: " + b"x" * 1_000_000 + b"\n",
        {"BRIEFING_MAX_FILE_BYTES": "500000"},
        "too-large",
        1,
    ),
    "nesting over BRIEFING_MAX_DEPTH=3": (
        b"facts:\n  - a:\n      b:\n        c: [d]\n",
        {"BRIEFING_MAX_DEPTH": "3"},
        "too-deep",
        3,  # the key `b:`, one level deeper than the mapping that holds it
    ),
    "values over BRIEFING_MAX_NODES=50": (
        _many_values(100),
        {"BRIEFING_MAX_NODES": "50"},
        "too-large",
        1,
    ),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_bombs_are_refused_quickly_with_a_located_code(name: str, tmp_path: Path) -> None:
    data, env, code, line = BOMBS[name]
    path = tmp_path / "bomb.yaml"
    path.write_bytes(data)
    probe = _probe(path, **env)
    assert probe.returncode == 0, f"the loader crashed ({probe.returncode}): {probe.stderr}"
    assert code in probe.codes, probe.problems
    assert all(p[1] == "bomb.yaml" and p[2] >= 1 and p[3] >= 1 for p in probe.problems)
    assert any(p[0] == code and p[2] == line for p in probe.problems), probe.problems
    assert probe.seconds < SECONDS, f"took {probe.seconds:.1f} s"
    assert probe.growth_mb < 128, f"memory grew by {probe.growth_mb:.0f} MB"


def test_a_50_mb_file_is_refused_unread(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    big = facts / "huge.yaml"
    with big.open("wb") as out:  # 50 MB of a valid-looking list, never committed
        chunk = b"  - x\n" * 100_000
        while out.tell() < 50_000_000:
            out.write(chunk)
    probe = _probe(big)
    assert probe.returncode == 0, probe.stderr
    assert probe.problems == [("too-large", "bomb.yaml", 1, 1)]
    assert probe.seconds < SECONDS and probe.growth_mb < 64, probe
    start = time.monotonic()
    result = _run(["-m", "generator", "check", "facts"], tmp_path)
    assert time.monotonic() - start < 30
    assert result.returncode == 1
    assert "facts/huge.yaml:1:1: error[too-large]" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("layout", "where"),
    [
        # `facts: [1,1,...]`: values 4, 5, ... stand at columns 9, 11, ...
        ("flow list", lambda n: (1, 9 + 2 * (n - 3))),
        # `facts:` then `- 1` lines: values 4, 5, ... stand on lines 2, 3, ...
        ("block list", lambda n: (n - 1, 3)),
    ],
)
def test_a_5_mb_file_of_tiny_values_is_refused_at_the_value_limit(
    tmp_path: Path, layout: str, where: Any
) -> None:
    """Under the size limit, 2.5 million values: refused at the 100,001st, in bounded
    memory (it took 700 MB, and 35 s, when the limit was 1,000,000 values)."""
    limit = Limits().max_nodes
    assert limit == 100_000  # the documented default (README, Hostile input)
    if layout == "flow list":
        data = b"facts: [" + b"1," * 2_495_000 + b"1]\n"
    else:
        data = b"facts:\n" + b"- 1\n" * 1_249_000
    assert 4_900_000 < len(data) < Limits().max_bytes
    path = tmp_path / "bomb.yaml"
    path.write_bytes(data)
    probe = _probe(path)
    assert probe.returncode == 0, probe.stderr
    assert probe.problems == [("too-large", "bomb.yaml", *where(limit))]
    assert probe.growth_mb < 200, f"memory grew by {probe.growth_mb:.0f} MB"


def test_the_largest_real_fact_files_are_well_within_the_value_limit() -> None:
    """The limit is sized to real files: the seed briefing's largest has 324 values."""
    import yaml

    starts = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
    largest = max(
        sum(isinstance(e, starts) for e in yaml.parse(p.read_text(), Loader=yaml.CSafeLoader))
        for p in (REPO / "facts").glob("*.yaml")
    )
    assert 100 < largest < Limits().max_nodes / 100, largest


def test_a_1_mb_string_loads_quickly(tmp_path: Path) -> None:
    """Under the 5 MB file limit a 1 MB value is read by the loader; the model refuses it."""
    path = tmp_path / "bomb.yaml"
    path.write_bytes(b"facts: " + b"word " * 200_000 + b"\n")
    probe = _probe(path)
    assert probe.returncode == 0 and probe.tree and probe.problems == []
    assert probe.seconds < SECONDS and probe.growth_mb < 64, probe


def test_a_1_mb_text_value_is_refused(corpus_dir: Path) -> None:
    history = corpus_dir / "history.yaml"
    text = history.read_text().replace(
        "text: The first harbour wall went up over several years.",
        "text: " + "A wall [went] *up* <b>over</b> years. " * 25_000,
    )
    history.write_text(text)
    start = time.monotonic()
    checked = check_facts(Path("facts"), today=TODAY)
    assert time.monotonic() - start < SECONDS
    codes = {(d.loc.path, d.loc.line, d.code) for d in checked.diagnostics}
    assert ("facts/history.yaml", 5, "too-long") in codes, codes


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_nested_flow(100_000), id="100,000 nested flow lists"),
        pytest.param(b"? " * 100_000 + b"x\n", id="100,000 nested complex keys"),
        pytest.param(_compact_block_lists(100_000), id="100,000 nested block lists"),
    ],
)
def test_very_deep_nesting_is_refused_not_crashed(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_bytes(data)
    probe = _probe(path)
    assert probe.returncode == 0, f"the loader crashed with signal {-probe.returncode}"
    assert "too-deep" in probe.codes
    assert probe.seconds < SECONDS


def test_the_node_limit_bounds_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_bytes(_many_values(300_000))
    probe = _probe(path, BRIEFING_MAX_NODES="25000")
    assert probe.returncode == 0, probe.stderr
    assert probe.problems[:1] == [("too-large", "bomb.yaml", 1, 50_003)]
    assert probe.growth_mb < 32, f"memory grew by {probe.growth_mb:.0f} MB"


def test_limits_come_from_the_environment() -> None:
    env = {"BRIEFING_MAX_FILE_BYTES": "1234", "BRIEFING_MAX_DEPTH": "7", "BRIEFING_MAX_NODES": "99"}
    assert from_environment(env).limits == Limits(max_bytes=1234, max_depth=7, max_nodes=99)
    assert from_environment({"BRIEFING_MAX_DEPTH": ""}).limits == Limits()  # unset
    for junk in ("-1", "0", "1e6", "lots", "5MB", "²"):  # not a whole number: an error
        with pytest.raises(SettingError, match="BRIEFING_MAX_DEPTH"):
            from_environment({"BRIEFING_MAX_DEPTH": junk})


@pytest.mark.parametrize(
    ("var", "value", "code", "where"),
    [
        ("BRIEFING_MAX_FILE_BYTES", "100", "too-large", ("facts/traffic.yaml", 1)),
        ("BRIEFING_MAX_DEPTH", "2", "too-deep", ("facts/traffic.yaml", 2)),
        ("BRIEFING_MAX_NODES", "10", "too-large", ("facts/traffic.yaml", 5)),
    ],
)
def test_the_check_applies_limits_from_the_environment(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, var: str, value: str, code: str, where: Any
) -> None:
    monkeypatch.setenv(var, value)
    checked = check_facts(Path("facts"), today=TODAY, limits=from_environment(os.environ).limits)
    found = {(d.loc.path, d.loc.line) for d in checked.diagnostics if d.code == code}
    assert where in found, checked.diagnostics


# ================================================================ the hostile build


class Page(HTMLParser):
    """Elements, attributes, scripts and visible text of one HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.chunks: list[str] = []
        self._script: tuple[dict[str, str], list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append((tag, values))
        if tag == "script":
            self._script = (values, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
        else:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())


URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}
BAD_SCHEME = re.compile(r"^[\s\x00-\x20]*(javascript|vbscript|data|file):", re.IGNORECASE)
LIVE_ELEMENTS = {"iframe", "object", "embed", "img", "form", "base", "meta", "link", "style"}
THEME_SCRIPT_SRC = re.compile(
    r"^(/|(\.\./)*)(assets/javascripts/(bundle|glightbox|workers/search)\.[0-9a-f]+\.min\.js"
    r"|assets/briefing\.js|assets/embed-frame\.js)$"  # the site's own, and an embed's
)
# Material's inline scripts: the storage scope, the palette, the tab anchor fix-up.
THEME_INLINE = (
    "__md_scope=new URL(",
    "var palette=__md_get(",
    "var target=document.getElementById(",
)
DATA_SCRIPTS = ("application/json", "application/ld+json")
THEME_FORMS = ("md-header__option", "md-search__form")  # the palette toggle and the search


def _problems(page: Page, *, inline_scripts: bool) -> list[str]:
    """Live markup: event handlers, script URLs, embedding elements, unknown scripts.

    With `inline_scripts` (a whole page) the theme's own inline scripts, head links
    and forms are allowed; without it (a page's <article>) none are.
    """
    found = []
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRS and BAD_SCHEME.match(value):
                found.append(f"<{tag} {name}={value!r}>")
        theirs = tag in ("meta", "link") or attrs.get("class") in THEME_FORMS
        if tag in LIVE_ELEMENTS and not (inline_scripts and theirs):
            found.append(f"<{tag} {attrs}>")
    for attrs, body in page.scripts:
        kind = attrs.get("type", "")
        if "src" in attrs:
            if not THEME_SCRIPT_SRC.match(attrs["src"]):
                found.append(f"<script src={attrs['src']!r}>")
        elif kind in DATA_SCRIPTS:
            try:
                json.loads(body)
            except ValueError:
                found.append(f"<script type={kind}> is not JSON: {body[:80]!r}")
        elif not (inline_scripts and body.startswith(THEME_INLINE)):
            found.append(f"<script>{body[:80]}")
    return found


def _article(html: str) -> str:
    """The page's own content, inside Material's <article> (what the renderer wrote)."""
    start = html.find('<article class="md-content__inner md-typeset">')
    end = html.rfind("</article>")
    assert start >= 0 and end > start, "no <article> in the page"
    return html[start : end + len("</article>")]


@dataclass
class Site:
    root: Path
    project: Path
    build: subprocess.CompletedProcess[str]

    @functools.cached_property
    def pages(self) -> dict[str, str]:
        return {
            p.relative_to(self.root).as_posix(): p.read_text("utf-8")
            for p in sorted(self.root.rglob("*.html"))
        }

    @functools.cached_property
    def articles(self) -> dict[str, Page]:
        return {
            path: Page(_article(html)) for path, html in self.pages.items() if "<article" in html
        }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The hostile corpus, built once without an archive (its quotes cannot be matched)."""
    base = tmp_path_factory.mktemp("hostile")
    project = _project(base / "project", HOSTILE_CORPUS)
    facts_before = _digest(project / "facts")
    result = _build(project, base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _digest(project / "facts") == facts_before, "the build wrote to facts/"
    return Site(base / "site", project, result)


@functools.cache
def _hostile_corpus() -> Any:
    checked = check_facts(HOSTILE_CORPUS, today=TODAY)
    assert checked.ok, [str(d) for d in checked.diagnostics]
    return checked.corpus


def _text_fields(cls: type[model.Record]) -> list[str]:
    """The fields of a model that hold free text (model.Text, alone, optional or listed)."""
    return [
        name
        for name, info in cls.model_fields.items()
        if "function _text at" in repr(info.annotation) + repr(info.metadata)
    ]


def _text_values(record: model.Record) -> Iterator[tuple[str, str]]:
    """(`Model.field`, text) for every text value of a record and of records inside it."""
    owner = "Fact" if isinstance(record, model.FactBase) else type(record).__name__
    for name in _text_fields(type(record)):
        value = getattr(record, name)
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                yield f"{owner}.{name}", item
    for name in type(record).model_fields:
        child = getattr(record, name)
        if isinstance(child, model.Record):
            yield from _text_values(child)


def test_the_hostile_corpus_has_the_payload_in_every_text_field() -> None:
    """Every text field of every model is filled, with the payload, somewhere in the corpus."""
    filled = set()
    for record in _hostile_corpus().records():
        for name, value in _text_values(record):
            assert PAYLOAD in value, f"{name} lacks the payload"
            filled.add(name)
    models = [model.Briefing, model.Source, model.Claimant, model.Topic, model.Quantity]
    models += [model.Headline, model.Event, model.Statement, model.Estimate]
    every = {
        f"{'Fact' if issubclass(cls, model.FactBase) else cls.__name__}.{name}"
        for cls in models
        for name in _text_fields(cls)
    }
    assert every - filled == set(), f"add PAYLOAD to these fields in {HOSTILE_CORPUS}"


def test_no_live_markup_in_the_rendered_content(hostile_site: Site) -> None:
    """Inside every page's <article>: no script, handler, script URL or embedding element."""
    assert len(hostile_site.articles) > 20
    problems = {
        path: found
        for path, page in hostile_site.articles.items()
        if (found := _problems(page, inline_scripts=False))
    }
    assert not problems, json.dumps(problems, indent=1)[:3000]


def test_links_in_the_content_are_relative_or_http(hostile_site: Site) -> None:
    for path, page in hostile_site.articles.items():
        for tag, attrs in page.elements:
            href = attrs.get("href")
            if tag == "a" and href is not None:
                assert re.match(r"^(https?://|#|\.\./|\./|[a-z0-9_.-]+(/|\.[a-z]+)|$)", href), (
                    f"{path}: {href!r}"
                )


# Summaries keep *emphasis*, so they are not verbatim; the others are not on pages.
NOT_SHOWN = {"Briefing.summary", "Topic.summary", "Briefing.language", "Briefing.license"}


def test_the_payload_is_shown_as_text(hostile_site: Site) -> None:
    """Each hostile value (summaries aside: they keep *emphasis*) reads verbatim on a page."""
    shown = " ".join(page.text for page in hostile_site.articles.values())
    missing = set()
    for record in _hostile_corpus().records():
        for name, value in _text_values(record):
            if name not in NOT_SHOWN and " ".join(value.split()) not in shown:
                missing.add(name)
    assert not missing, f"not shown verbatim: {sorted(missing)}"
    assert "{{ 7*7 }}" in shown and "${7*7}" in shown
    assert "{{ 49 }}" not in shown and "${49}" not in shown, "a template was evaluated"


def test_summaries_keep_emphasis_but_no_markup(hostile_site: Site) -> None:
    page = hostile_site.pages["topics/traffic/index.html"]
    assert "<em>kept emphasis</em>" in page
    article = Page(_article(page))
    assert "<script>alert(1)</script>" in article.text
    assert "[x](javascript:alert(1))" in article.text


def test_no_live_markup_anywhere_in_the_pages(hostile_site: Site) -> None:
    problems = {
        path: found
        for path, html in hostile_site.pages.items()
        if (found := _problems(Page(html), inline_scripts=True))
    }
    assert not problems, json.dumps(problems, indent=1)[:3000]


def test_page_titles_are_escaped(hostile_site: Site) -> None:
    for path, html in hostile_site.pages.items():
        title = html[html.index("<title>") + 7 : html.index("</title>")]
        assert "<" not in title, f"{path}: <title>{title[:120]}"
        topic = re.search(
            r'md-header__topic" data-md-component="header-topic">(.*?)</div>', html, re.S
        )
        if topic:
            assert "<script" not in topic.group(1) and "<img" not in topic.group(1), path


def test_external_links_have_rel_noopener_noreferrer(hostile_site: Site) -> None:
    external = [
        (path, attrs)
        for path, page in hostile_site.articles.items()
        for tag, attrs in page.elements
        if tag == "a" and attrs.get("href", "").startswith(("http://", "https://"))
    ]
    assert external, "the hostile corpus links to an article"
    for path, attrs in external:
        assert {"noopener", "noreferrer"} <= set(attrs.get("rel", "").split()), (path, attrs)


def test_csv_cells_never_start_a_formula(hostile_site: Site) -> None:
    files = sorted((hostile_site.root / "data").glob("*.csv"))
    assert len(files) >= 2
    neutralised = set()
    for path in files:
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
        assert len(rows) > 1, path
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA_START), f"{path.name}: {cell[:40]!r}"
                if cell.startswith("'") and PAYLOAD in cell:
                    neutralised.add(cell[:2])
    assert neutralised == {"'=", "'+", "'-", "'@"}, neutralised


def test_facts_json_keeps_the_text_exactly(hostile_site: Site) -> None:
    data = json.loads((hostile_site.root / "data/facts.json").read_text("utf-8"))
    corpus = _hostile_corpus()
    texts = {f["id"]: f["text"] for f in data["facts"]}
    assert texts == {f.id: f.text for f in corpus.facts}
    assert data["briefing"]["title"] == corpus.briefing.title


def test_the_feed_is_xml_with_the_payload_as_text(hostile_site: Site) -> None:
    root = ET.parse(hostile_site.root / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    assert all(not el.tag.endswith("}script") and el.tag != "script" for el in root.iter())
    corpus = _hostile_corpus()
    assert root.findtext(f"{atom}title") == " ".join(corpus.briefing.title.split())
    entries = root.findall(f"{atom}entry")
    assert len(entries) == len(corpus.facts)
    summaries = [e.findtext(f"{atom}summary") or "" for e in entries]
    assert all(PAYLOAD in s for s in summaries), summaries[0][:200]
    assert all(PAYLOAD in (e.findtext(f"{atom}author/{atom}name") or "") for e in entries)


def test_the_chart_svg_holds_the_labels_as_text(hostile_site: Site) -> None:
    html = hostile_site.pages["estimates/ships-calling/index.html"]
    svg = re.search(r"<svg class=\"range-chart\".*?</svg>", html, re.S)
    assert svg, "no chart on the quantity page"
    root = ET.fromstring(svg.group(0))  # well-formed XML, so no markup broke out
    svg_ns = "{http://www.w3.org/2000/svg}"
    labels = [t for t in root.iter(f"{svg_ns}text") if "chart-label" in t.get("class", "")]
    # A long label is wrapped into several lines, each its own text element.
    assert labels and all(len(t) == 0 for t in labels)
    assert PAYLOAD.strip() in " ".join(t.text or "" for t in labels)
    assert PAYLOAD in (root.findtext(f"{svg_ns}title") or "")
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.attrib


def test_json_ld_blocks_cannot_end_their_script(hostile_site: Site) -> None:
    seen = 0
    for path, html in hostile_site.pages.items():
        for match in re.finditer(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            body = match.group(1)
            assert "<" not in body and ">" not in body, path
            json.loads(body)
            seen += 1
    if seen == 0:
        pytest.skip("the site has no JSON-LD")


# ==================================================== control characters, numbers, locations


def test_control_characters_in_text_are_refused_or_feed_stays_xml(corpus_dir: Path) -> None:
    history = corpus_dir / "history.yaml"
    history.write_text(
        history.read_text().replace(
            "text: The first harbour wall went up over several years.",
            'text: "The first \\x01 harbour \\0 wall \\e went up."',
        )
    )
    checked = check_facts(Path("facts"), today=TODAY)
    if checked.ok:
        ET.fromstring(render_site(checked.corpus)["feed.xml"].encode("utf-8"))
    else:
        assert ("facts/history.yaml", 5) in {(d.loc.path, d.loc.line) for d in checked.diagnostics}


def test_a_huge_number_is_refused_or_rendered(corpus_dir: Path) -> None:
    traffic = corpus_dir / "traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1200", "value: 1" + "0" * 400))
    checked = check_facts(Path("facts"), today=TODAY)
    if checked.ok:
        render_site(checked.corpus)
    else:
        assert ("facts/traffic.yaml", 10) in {(d.loc.path, d.loc.line) for d in checked.diagnostics}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "briefing: !x y\n",
            id="tagged briefing",
        ),
        pytest.param(
            "x: &a 1\nbriefing: *a\n",
            id="aliased briefing",
        ),
        pytest.param("facts: !x []\n", id="tagged facts"),
        pytest.param("sources:\n  - !x y\n", id="tagged entry"),
        pytest.param("facts:\n  - kind: !x y\n", id="tagged kind"),
        pytest.param("x: &a 1\nsources: *a\n", id="aliased section"),
    ],
)
def test_tags_and_aliases_anywhere_are_located(corpus_dir: Path, body: str) -> None:
    (corpus_dir / "extra.yaml").write_text(body)
    checked = check_facts(Path("facts"), today=TODAY)
    assert not checked.ok
    for d in checked.diagnostics:
        assert d.loc.path.startswith("facts/") and d.loc.line >= 1, str(d)


def test_a_forbidden_character_is_located(corpus_dir: Path) -> None:
    (corpus_dir / "extra.yaml").write_bytes(b"facts:\n  - id: caf\xc3\xa9\n    text: a\x07b\n")
    checked = check_facts(Path("facts"), today=TODAY)
    found = [d for d in checked.diagnostics if d.loc.path == "facts/extra.yaml"]
    assert [(d.code, d.loc.line, d.loc.col) for d in found] == [("yaml-syntax", 3, 12)]


def _markdown(text: str) -> str:
    """Markdown to HTML with the extensions MkDocs uses for this site: its built-in toc,
    tables and fenced_code, then those of mkdocs.yml."""
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.markdown(
        text, extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )


def test_the_live_preview_error_page_shows_messages_as_text(corpus_dir: Path) -> None:
    """While the facts are broken, `mkdocs serve` shows the diagnostics in place of every
    page; they quote values from the facts, which must stay text (here even across a
    blank line, which would end a Markdown paragraph)."""
    sources = corpus_dir / "sources.yaml"
    sources.write_text(
        sources.read_text().replace(
            "url: https://bulletin.example.org/winter",
            'url: "a\\n\\n<img src=x onerror=alert(1)>"',
        )
    )
    (corpus_dir / "extra.yaml").write_text('"x\\n\\n<svg onload=alert(2)>": x\n')
    checked = check_facts(Path("facts"), today=TODAY)
    lines = [str(d) for d in checked.diagnostics] + [checked.summary()]  # as the plugin does
    html = render_errors(lines)
    found = _problems(Page(html), inline_scripts=False)
    assert not found, found
    text = Page(html).text
    assert "<img src=x onerror=alert(1)>" in text and "<svg onload=alert(2)>" in text


# ============================================================================ URLs

URL_LINE = ("facts/sources.yaml", 13, 10)  # `url:` of bulletin-2031-03-20 in the fixture corpus


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        " javascript:alert(1)",
        "\\tjavascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\\nscript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "http:/x",
        "https:x",
        "http://",
        "//evil.example/x",
        "ftp://evil.example/x",
        "https:/\\\\evil.example",
        "mailto:editor@example.org",
    ],
)
def test_bad_urls_are_refused_where_they_are_written(corpus_dir: Path, url: str) -> None:
    sources = corpus_dir / "sources.yaml"
    text = sources.read_text()
    assert "    url: https://bulletin.example.org/winter\n" in text
    quoted = '"' + url.replace('"', '\\"') + '"'
    sources.write_text(text.replace("url: https://bulletin.example.org/winter", f"url: {quoted}"))
    checked = check_facts(Path("facts"), today=TODAY)
    errors = [
        (d.loc.path, d.loc.line, d.loc.col, d.code)
        for d in checked.diagnostics
        if d.severity == "error"
    ]
    assert errors == [(*URL_LINE, "bad-url")]


@pytest.mark.parametrize(
    "url",
    ["https://exa mple.org/", "https://example.org/\\x00", "https://example.org/a\\x7fb"],
)
def test_urls_with_spaces_or_control_characters_are_refused(corpus_dir: Path, url: str) -> None:
    sources = corpus_dir / "sources.yaml"
    text = sources.read_text().replace("url: https://bulletin.example.org/winter", f'url: "{url}"')
    sources.write_text(text)
    checked = check_facts(Path("facts"), today=TODAY)
    found = [(d.loc.path, d.loc.line, d.loc.col, d.code) for d in checked.diagnostics]
    assert {(*URL_LINE, "bad-url"), (*URL_LINE, "control-character")} & set(found), found


# =================================================================== atomic builds


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the fixture corpus and its built site/, to be copied by each test."""
    base = tmp_path_factory.mktemp("good")
    project = _project(base / "project", CORPUS)
    result = _build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.fixture
def built(good_build: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(good_build, project, symlinks=True)
    return project


def _assert_untouched(project: Path, site_before: dict[str, str]) -> None:
    assert _digest(project / "site") == site_before, "the previous site/ was changed"
    index = (project / "site/index.html").read_text("utf-8")
    assert "</html>" in index and (project / "site/search/search_index.json").is_file()


def test_a_build_failing_at_the_checker_keeps_the_site(built: Path) -> None:
    site = _digest(built / "site")
    traffic = built / "facts/traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1200", "value: 1,200"))
    facts = _digest(built / "facts")
    result = _build(built, built / "site")
    assert result.returncode == 1
    assert "facts/traffic.yaml:10:12: error[number-format]" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    _assert_untouched(built, site)
    assert _digest(built / "facts") == facts
    assert not list(built.glob(".site-*")), "a staging folder was left behind"


def test_a_build_failing_in_mkdocs_keeps_the_site(built: Path) -> None:
    site = _digest(built / "site")
    about = built / "site_src/about.md"
    about.write_text(about.read_text() + "\n\nSee [a page that is not there](nowhere.md).\n")
    result = _build(built, built / "site")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "nowhere.md" in result.stderr
    _assert_untouched(built, site)
    assert not list(built.glob(".site-*")), "a staging folder was left behind"


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _start_build(project: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(project / "site")],
        cwd=project,
        env=_env(PYTHONPATH=str(REPO), **env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: MkDocs dies with it
    )


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.glob(".site-*"))


def test_a_killed_build_keeps_the_site_and_the_next_build_cleans_up(built: Path) -> None:
    site = _digest(built / "site")
    facts = _digest(built / "facts")
    process = _start_build(built)
    try:
        deadline = time.monotonic() + 30
        while not _children(process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _children(process.pid), "MkDocs never started"
        time.sleep(0.3)  # MkDocs is importing, checking and rendering (it takes ~1.5 s)
        assert process.poll() is None, "the build finished before it could be killed"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    _assert_untouched(built, site)
    assert _digest(built / "facts") == facts
    # A SIGKILL cannot clean up: the staging folder stays, until the next build.
    assert [name.startswith(".site-build-") for name in _leftovers(built)] == [True]
    (built / ".site-old-4242").mkdir()  # as a build killed between swap and clean-up leaves
    (built / ".site-old-4242" / "index.html").write_text("old")
    result = _build(built, built / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert _leftovers(built) == [], "the next build did not clean up"
    index = (built / "site/index.html").read_text("utf-8")
    assert "</html>" in index and (built / "site/search/search_index.json").is_file()


def test_two_builds_at_once_take_turns_and_site_is_never_missing(built: Path) -> None:
    """Two builds started together in one checkout: one waits for the other, both
    succeed, and the result is the site one build alone makes. A watcher looks for
    `site/index.html` all along: the new site is swapped in with no moment without it."""
    traffic = built / "facts/traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1200", "value: 1250"))
    missing = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal missing
        index = str(built / "site" / "index.html")
        while not done.is_set():
            if not os.path.exists(index):
                missing += 1
            time.sleep(0.0005)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        builds = [_start_build(built, SOURCE_DATE_EPOCH="1900000000") for _ in range(2)]
        outputs = [process.communicate(timeout=300) for process in builds]
    finally:
        done.set()
        watcher.join()
    assert [process.returncode for process in builds] == [0, 0], outputs
    waited = ["waiting for it to finish" in stderr for _, stderr in outputs]
    assert sorted(waited) == [False, True], outputs
    assert missing == 0, f"site/index.html was missing {missing} times"
    assert _leftovers(built) == []
    together = _digest(built / "site")
    assert _build(built, built / "site", SOURCE_DATE_EPOCH="1900000000").returncode == 0
    assert _digest(built / "site") == together  # as one build alone makes it
    assert "1,250" in (built / "site/estimates/ships-calling/index.html").read_text("utf-8")


def test_the_new_site_replaces_the_old_in_one_step(tmp_path: Path) -> None:
    """On Linux the old and new folders are exchanged (renameat2): `site/` is never
    renamed away, so there is no moment without it. Elsewhere, two renames."""
    from generator import engine

    old, new = tmp_path / "site", tmp_path / "new"
    old.mkdir()
    (old / "index.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    renamed = []
    real_rename = Path.rename

    def rename(self: Path, target: Any) -> Any:
        renamed.append(self.name)
        return real_rename(self, target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "rename", rename)
        engine._swap(new, old)
    assert (old / "index.html").read_text() == "new" and not new.exists()
    if sys.platform.startswith("linux"):
        assert renamed == [], "site/ was renamed away: a moment without it"
    # Where the exchange cannot be made, two renames still give the same result.
    new.mkdir()
    (new / "index.html").write_text("newer")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_exchange", lambda first, second: False)
        engine._swap(new, old)
    assert (old / "index.html").read_text() == "newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_checker_never_writes_to_facts(built: Path) -> None:
    facts = _digest(built / "facts")
    listing = sorted(p.name for p in (built / "facts").rglob("*"))
    for args in (["check", "facts"], ["check", "facts", "--strict", "--format", "json"]):
        result = _run(["-m", "generator", *args], built)
        assert result.returncode in (0, 1), result.stderr
    assert _digest(built / "facts") == facts
    assert sorted(p.name for p in (built / "facts").rglob("*")) == listing


# ====================================================================== no traceback


def _garbage() -> bytes:
    return random.Random(7).randbytes(4096)


NASTY = {
    # name: (bytes, code, line)
    "random bytes": (_garbage(), "not-utf8", None),
    "UTF-16": ("facts:\n  - id: x\n".encode("utf-16"), "not-utf8", 1),
    "billion laughs": ((HOSTILE / "billion-laughs.yaml").read_bytes(), "yaml-alias", 3),
    "10,000 nested lists": (_nested_flow(10_000), "too-deep", 1),
    "python tag": (b"facts: !!python/object/apply:os.system [touch pwned]\n", "yaml-tag", 1),
    "top-level list": (b"- facts\n- sources\n", "top-level", 1),
    "only a comment": (b"# nothing\n", "empty-file", 1),
    "two documents": (b"facts: []\n---\nfacts: []\n", "yaml-syntax", 2),
    "raw control character": (b"facts: a\x07b\n", "yaml-syntax", 1),
    "tab indentation": (b"facts:\n\t- id: x\n", "tab-indent", 2),
    "6 MB": (b"facts:\n" + b"  - x\n" * 1_000_000, "too-large", 1),
}


@pytest.mark.parametrize("name", list(NASTY))
def test_the_cli_shows_located_errors_not_tracebacks(name: str, tmp_path: Path) -> None:
    data, code, line = NASTY[name]
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts/bad.yaml").write_bytes(data)
    result = _run(["-m", "generator", "check", "facts"], tmp_path, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output and "internal error" not in output
    where = rf"^facts/bad\.yaml:{line or '[0-9]+'}:[0-9]+: error\[{code}\]"
    assert re.search(where, result.stdout, re.M), output[-2000:]
    assert not (tmp_path / "pwned").exists(), "a YAML tag ran a command"


def test_the_cli_survives_100_000_nested_block_lists(tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts/bad.yaml").write_bytes(_compact_block_lists(100_000))
    result = _run(["-m", "generator", "check", "facts"], tmp_path, timeout=60)
    assert result.returncode == 1, f"exit {result.returncode}"
    assert "facts/bad.yaml:2:" in result.stdout and "error[too-deep]" in result.stdout


def test_the_build_shows_no_traceback_for_a_huge_number(built: Path) -> None:
    traffic = built / "facts/traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1200", "value: 1" + "0" * 400))
    result = _build(built, built / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "facts/traffic.yaml:10:" in result.stdout + result.stderr


# ============================================================== browser and CSP


class _Server:
    """The built site over http on 127.0.0.1, optionally with a CSP header."""

    def __init__(self, root: Path, csp: str | None = None) -> None:
        policy = csp

        class Handler(http.server.SimpleHTTPRequestHandler):
            def end_headers(self) -> None:
                if policy:
                    self.send_header("Content-Security-Policy", policy)
                super().end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        handler = functools.partial(Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Any:
    """The session's Chromium (tests/conftest.py): one sync Playwright per process."""
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    return request.getfixturevalue("chromium")


@dataclass
class Visit:
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    results: int = 0  # search results shown


def _visit(
    browser: Any, base: str, paths: list[str], search: str | None = None, interact: bool = False
) -> Visit:
    visit = Visit()
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(15_000)
    # Nothing leaves 127.0.0.1 (an <img src=x> would ask the server; that is fine).
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(base)
            else route.abort("blockedbyclient")
        ),
    )
    page = context.new_page()

    def dialog(d: Any) -> None:
        visit.dialogs.append(f"{page.url}: {d.type} {d.message!r}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on("console", lambda m: visit.console.append(m.text))
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    try:
        for path in paths:
            page.goto(base + path, wait_until="load")
            page.wait_for_timeout(150)
        if interact:  # sort a table (our script), switch to dark mode (Material's)
            page.goto(base + "estimates/", wait_until="load")
            page.locator("button.sort-button").first.click()
            page.locator("label[for='__palette_1']").click()
            page.wait_for_timeout(200)
            assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        if search:
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially(search, delay=15)
            page.wait_for_function(
                "() => /matching document/.test("
                "document.querySelector('.md-search-result__meta')?.textContent || '')"
            )
            visit.results = page.locator("li.md-search-result__item").count()
            if visit.results:  # results show titles and text from the facts
                page.locator("li.md-search-result__item").first.hover()
                page.wait_for_timeout(300)
    finally:
        context.close()
    return visit


# Pages whose title is fixed: their content is hostile, their <title> is not.
FIXED_TITLES = ["topics/", "sources/", "claimants/", "estimates/", "timeline/", "downloads/"]
# Pages titled with a value from the facts.
FACT_TITLES = ["", "topics/traffic/", "sources/gazette-2031-03-14/", "claimants/mara-quint/"]


@pytest.mark.browser
def test_hostile_content_runs_nothing_in_chromium(browser: Any, hostile_site: Site) -> None:
    server = _Server(hostile_site.root)
    try:
        visit = _visit(browser, server.url, FIXED_TITLES, search="raw")
    finally:
        server.close()
    assert visit.results > 0, "search found no hostile text"
    assert not visit.dialogs, visit.dialogs
    assert not visit.errors, visit.errors


@pytest.mark.browser
def test_hostile_titles_run_nothing_in_chromium(browser: Any, hostile_site: Site) -> None:
    server = _Server(hostile_site.root)
    try:
        visit = _visit(browser, server.url, FACT_TITLES)
    finally:
        server.close()
    assert not visit.dialogs, visit.dialogs


def _inline_script_hashes(site: Path) -> set[str]:
    """CSP hashes of the theme's inline scripts (data blocks are not executed)."""
    hashes = set()
    for path in site.rglob("*.html"):
        for attrs, body in Page(path.read_text("utf-8")).scripts:
            if "src" not in attrs and body.startswith(THEME_INLINE):
                digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest())
                hashes.add(f"'sha256-{digest.decode()}'")
    return hashes


CSP = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def test_the_theme_needs_only_a_few_inline_scripts(good_build: Path) -> None:
    """Material's inline scripts, with one __md_scope per page depth: what a CSP must allow."""
    site = good_build / "site"
    executable = [
        body
        for path in site.rglob("*.html")
        for attrs, body in Page(path.read_text("utf-8")).scripts
        if "src" not in attrs and attrs.get("type", "") not in DATA_SCRIPTS
    ]
    assert executable and all(b.startswith(THEME_INLINE) for b in executable)
    assert len(_inline_script_hashes(site)) <= 8, "the CSP header would need many hashes"
    styled = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if "<style" in (html := path.read_text("utf-8"))
        or any("style" in attrs for _, attrs in Page(html).elements)
    ]
    assert not styled, f"style-src 'self' would block inline styles in {styled[:3]}"


def _blocked_hashes(messages: list[str]) -> set[str]:
    """The hashes Chromium names for the inline scripts it refused to run."""
    return {
        f"'{match.group(1)}'"
        for m in messages
        if "Executing inline script violates" in m
        and (match := re.search(r"a hash \('(sha256-[^']+)'\)", m))
    }


@pytest.mark.browser
def test_the_site_runs_under_a_strict_csp(browser: Any, hostile_site: Site) -> None:
    """With the theme's script hashes (no 'unsafe-inline') the theme and search work, and
    even the hostile titles run nothing: only the injected scripts and handlers are refused."""
    theme = _inline_script_hashes(hostile_site.root)
    server = _Server(hostile_site.root, CSP.format(hashes=" ".join(sorted(theme))))
    try:
        fixed = _visit(browser, server.url, FIXED_TITLES, search="raw", interact=True)
        hostile = _visit(browser, server.url, FACT_TITLES)
    finally:
        server.close()
    assert fixed.results > 0, "search does not work under the CSP"
    fixed_violations = [m for m in fixed.console if "Content Security Policy" in m]
    assert not fixed_violations and not fixed.errors and not fixed.dialogs, fixed
    assert not hostile.dialogs and not hostile.errors, hostile
    violations = [m for m in hostile.console if "Content Security Policy" in m]
    assert not _blocked_hashes(violations) & theme, "a theme script was blocked"
    injected = ("Executing inline script", "Executing inline event handler", "JavaScript URL")
    assert all(any(kind in m for kind in injected) for m in violations), violations


@pytest.mark.browser
def test_without_hashes_the_theme_breaks_under_script_src_self(
    browser: Any, good_build: Path
) -> None:
    """What `script-src 'self'` alone does: Material's inline scripts are blocked."""
    site = good_build / "site"
    server = _Server(site, CSP.format(hashes=""))
    try:
        visit = _visit(browser, server.url, ["index.html", "topics/traffic/"])
    finally:
        server.close()
    blocked = _blocked_hashes(visit.console)
    assert blocked and blocked <= _inline_script_hashes(site), blocked
    assert any("__md_get is not defined" in e for e in visit.errors), visit.errors
