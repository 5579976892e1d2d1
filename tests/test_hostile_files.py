"""Hostile files, round two (issue 20): links, special files, long values, long previews.

- Only regular files inside the facts folder are read. A symbolic link that leads
  out of it (to a file, or to a folder) is refused with a located error naming the
  link; its target is never read, and never quoted. A link that leads nowhere, a
  named pipe and a socket are refused with a located error too, and nothing waits
  on a pipe. The facts hash reads exactly what the checker reads.
- A message quotes at most about 80 characters of a value, on one line, however
  long the value (100,000 characters here), in text, GitHub and JSON output.
- Rebuilding in one process, as `mkdocs serve` does, keeps memory flat.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from generator.corpus import read_corpus
from generator.diagnostics import EXCERPT, MAX_MESSAGE, Diagnostic, excerpt
from generator.load import Limits
from generator.pipeline import check_facts
from generator.provenance import facts_hash
from tests.conftest import ARCHIVE, CORPUS, TODAY

REPO = Path(__file__).resolve().parent.parent
SECRET = "S3CRET-do-not-print"
# A file outside the facts folder, readable as a fact file: were it read, its fact
# would join the corpus, and its content would show up in the messages.
OUTSIDE_FACT = f"""facts:
  - id: outside-fact
    kind: event
    topics: traffic
    text: {SECRET} {SECRET}
    source: nowhere-{SECRET.lower()}
    claimant: port-authority
    date: 2031-03-01
"""


def _check(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m generator check` in the working folder (the parent of ./facts)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "BRIEFING_TODAY": TODAY.isoformat()},
        stdin=subprocess.DEVNULL,
        timeout=timeout,  # a read blocked on a named pipe would end here, as a failure
        check=False,
    )


def _found(diagnostics: list[Diagnostic]) -> set[tuple[str, str]]:
    return {(d.loc.path, d.code) for d in diagnostics}


def _ids(facts: Path) -> set[str]:
    corpus, _ = read_corpus(facts)
    return {record.id for record in corpus.records() if hasattr(record, "id")}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the facts folder, with one readable fact file in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.yaml").write_text(OUTSIDE_FACT)
    return folder


# ===================================================================== links


@pytest.mark.parametrize("name", ["evil.yaml", "evil.yml"])
def test_a_link_to_a_file_outside_is_refused_unread(
    corpus_dir: Path, outside: Path, name: str
) -> None:
    clean = facts_hash(corpus_dir)
    (corpus_dir / name).symlink_to(outside / "secret.yaml")
    checked = check_facts(Path("facts"), today=TODAY)
    assert ("facts/" + name, "outside-facts") in _found(checked.diagnostics)
    assert [d.code for d in checked.diagnostics] == ["outside-facts"], checked.diagnostics
    assert "outside-fact" not in _ids(Path("facts"))
    for form, path in (("text", "facts"), ("github", "facts"), ("json", f"facts/{name}")):
        result = _check(path, "--format", form)
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert f"facts/{name}" in output and "outside-facts" in output
        assert SECRET not in output and SECRET.lower() not in output, "the target was read"
        assert "elsewhere" not in output and "secret.yaml" not in output, "the target was named"
    # The facts hash reads what the checker reads: not the file behind the link.
    assert facts_hash(corpus_dir) == clean
    (outside / "secret.yaml").write_text(OUTSIDE_FACT.replace("2031-03-01", "2031-03-02"))
    assert facts_hash(corpus_dir) == clean


@pytest.mark.parametrize("name", ["more", "more.yaml"])
def test_a_link_to_a_folder_outside_is_refused_unread(
    corpus_dir: Path, outside: Path, name: str
) -> None:
    clean = facts_hash(corpus_dir)
    (corpus_dir / "nested").mkdir()
    (corpus_dir / "nested" / name).symlink_to(outside, target_is_directory=True)
    checked = check_facts(Path("facts"), today=TODAY)
    assert [(d.loc.path, d.code, d.loc.line) for d in checked.diagnostics] == [
        (f"facts/nested/{name}", "outside-facts", 0)
    ]
    assert "outside-fact" not in _ids(Path("facts"))
    result = _check("facts", "--format", "github")
    assert result.returncode == 1
    assert f"file=facts/nested/{name},line=1" in result.stdout
    assert SECRET not in result.stdout + result.stderr
    assert "elsewhere" not in result.stdout + result.stderr
    assert facts_hash(corpus_dir) == clean


def test_a_chain_of_links_is_judged_by_where_it_ends(corpus_dir: Path, outside: Path) -> None:
    """A link two steps away (a link to a link) is judged by where it finally leads."""
    (corpus_dir / "step.yaml").symlink_to("hop.yaml")
    (corpus_dir / "hop.yaml").symlink_to(outside / "secret.yaml")
    checked = check_facts(Path("facts"), today=TODAY)
    assert _found(checked.diagnostics) == {
        ("facts/step.yaml", "outside-facts"),
        ("facts/hop.yaml", "outside-facts"),
    }


def test_links_within_the_facts_folder_are_read(corpus_dir: Path) -> None:
    """A fact file kept in a hidden folder and linked into place is read as itself; a
    link to a folder inside is not followed, so its files are not read twice."""
    store = corpus_dir / ".store"
    store.mkdir()
    (corpus_dir / "traffic.yaml").rename(store / "traffic.yaml")
    (corpus_dir / "traffic.yaml").symlink_to(Path(".store") / "traffic.yaml")
    (corpus_dir / "sub").mkdir()
    (corpus_dir / "history.yaml").rename(corpus_dir / "sub" / "history.yaml")
    (corpus_dir / "again").symlink_to("sub", target_is_directory=True)
    checked = check_facts(Path("facts"), today=TODAY, archive=ARCHIVE)
    assert checked.diagnostics == []
    assert len(checked.corpus.facts) == 5
    assert "facts/traffic.yaml" in checked.corpus.files
    assert "facts/sub/history.yaml" in checked.corpus.files
    assert not any(path.startswith("facts/again") for path in checked.corpus.files)


@pytest.mark.parametrize("target", ["gone.yaml", "/nonexistent/briefing/facts.yaml", "loop"])
def test_a_dangling_link_is_reported(corpus_dir: Path, target: str) -> None:
    if target == "loop":
        (corpus_dir / "loop.yaml").symlink_to("round.yaml")
        (corpus_dir / "round.yaml").symlink_to("loop.yaml")
    else:
        (corpus_dir / "loop.yaml").symlink_to(target)
    checked = check_facts(Path("facts"), today=TODAY)
    assert ("facts/loop.yaml", "not-a-file") in _found(checked.diagnostics)
    assert not checked.ok
    message = next(d.message for d in checked.diagnostics if d.loc.path == "facts/loop.yaml")
    assert "leads to nothing" in message
    assert "gone" not in message and "nonexistent" not in message and "round" not in message


def test_a_dangling_link_not_named_like_a_fact_file_is_left_alone(corpus_dir: Path) -> None:
    (corpus_dir / "README").symlink_to("nowhere")
    assert check_facts(Path("facts"), today=TODAY, archive=ARCHIVE).diagnostics == []


# ============================================================ special files


def test_a_named_pipe_is_reported_and_never_waited_on(corpus_dir: Path) -> None:
    os.mkfifo(corpus_dir / "pipe.yaml")
    # In a child process: a read that waited for a writer would end at the timeout.
    result = _check("facts")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "facts/pipe.yaml: error[not-a-file]: this is a named pipe (FIFO)" in result.stdout
    named = _check("facts/pipe.yaml")  # named on the command line: looked at, not opened
    assert named.returncode == 1
    assert "facts/pipe.yaml: error[not-a-file]" in named.stdout
    hashed = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from generator.provenance import facts_hash; print(facts_hash(Path('facts')))"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60, check=False,
    )  # fmt: skip
    assert hashed.returncode == 0 and len(hashed.stdout.strip()) == 64, hashed.stderr


def test_a_socket_is_reported(corpus_dir: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("facts/socket.yaml")  # relative: a socket's path must be short
        checked = check_facts(Path("facts"), today=TODAY)
    finally:
        server.close()
    assert ("facts/socket.yaml", "not-a-file") in _found(checked.diagnostics)


def test_a_link_within_the_folder_to_a_named_pipe_is_reported(corpus_dir: Path) -> None:
    os.mkfifo(corpus_dir / ".pipe")
    (corpus_dir / "piped.yaml").symlink_to(".pipe")
    result = _check("facts")
    assert result.returncode == 1
    assert "facts/piped.yaml: error[not-a-file]" in result.stdout


# ============================================================ size and hash


def test_the_facts_hash_reads_no_file_over_the_size_limit(corpus_dir: Path) -> None:
    """Hashed after the size check: two oversized files differ only where it is not read."""
    big = corpus_dir / "big.yaml"
    limits = Limits(max_bytes=1_000)
    big.write_bytes(b"facts: [" + b"a," * 1_000 + b"a]\n")
    first = facts_hash(corpus_dir, limits)
    big.write_bytes(b"facts: [" + b"b," * 1_000 + b"b]\n")
    assert facts_hash(corpus_dir, limits) == first
    big.write_bytes(b"facts: []\n")  # within the limit: read and hashed
    assert facts_hash(corpus_dir, limits) != first
    assert facts_hash(corpus_dir, limits) != facts_hash(corpus_dir, Limits())


# ============================================================ long values

LONG = 100_000
TEXT = 19_999  # a text over MAX_TEXT (20,000) is refused as too long, without a quote


def _long(char: str, length: int = LONG) -> str:
    return char * length


def _fact(**fields: str) -> str:
    base = {
        "id": "long-fact",
        "kind": "event",
        "topics": "traffic",
        "text": "A pier opened.",
        "source": "gazette-2031-03-14",
        "claimant": "port-authority",
        "date": "2031-03-01",
    }
    base.update(fields)
    return "facts:\n  - " + "    ".join(f"{k}: {v}\n" for k, v in base.items())


def _estimate(bound: str = "about", value: str = "1") -> str:
    return (
        "facts:\n  - id: long-estimate\n    kind: estimate\n    topics: traffic\n    text: T.\n"
        "    source: gazette-2031-03-14\n    claimant: port-authority\n"
        f"    quantity: ships-calling\n    bound: {bound}\n    value: {value}\n    as_of: 2031\n"
    )


def _source(url: str) -> str:
    return (
        "sources:\n  - id: long-url\n    publisher: P\n    title: T\n"
        f"    published: 2031-01-01\n    url: {url}\n"
    )


def _topic(title: str) -> str:
    return f"topics:\n  - id: long-title\n    title: {title}\n    summary: S\n"


PASSWD = "".join(f"user{n}:x:{n}:{n}:User {n}:/home/user{n}:/bin/sh\n" for n in range(2_500))
LONG_FILES = {
    # file: (content, code, whether the message quotes the value)
    "id.yaml": (_fact(id=_long("A")), "too-long", False),
    "id-20k.yaml": (_fact(id=_long("A", TEXT)), "bad-id", True),
    "url.yaml": (_source("javascript:" + _long("b")), "too-long", False),
    "url-20k.yaml": (_source("javascript:" + _long("b", TEXT - 11)), "bad-url", True),
    "ref.yaml": (_fact(id="long-ref", source=_long("h")), "too-long", False),
    "ref-20k.yaml": (_fact(id="long-ref", source=_long("h", TEXT)), "unknown-ref", True),
    "title.yaml": (_topic(_long("1")), "too-long", False),
    "title-20k.yaml": (_topic(_long("1", TEXT)), "implicit-type", True),
    "date.yaml": (_fact(id="long-date", date=_long("c")), "bad-date", True),
    "kind.yaml": (_fact(id="long-kind", kind=_long("e")), "invalid-value", True),
    "key.yaml": (_fact(id="long-key") + f"    ? {_long('f')}\n    : 1\n", "unknown-key", True),
    "top.yaml": (PASSWD, "top-level", True),
    "tag.yaml": (f"facts: !{_long('j')} x\n", "yaml-tag", True),
    "dup.yaml": (f"? {_long('k')}\n: 1\n? {_long('k')}\n: 2\n", "duplicate-key", True),
    "bound.yaml": (_estimate(bound=_long("g")), "invalid-value", True),
    "value.yaml": (_estimate(value=_long("2")), "number-format", True),
}


@pytest.fixture
def long_values(corpus_dir: Path) -> Path:
    for name, (content, _, _) in LONG_FILES.items():
        (corpus_dir / name).write_text(content)
    # Copied text: the whole archived article as a fact's text (a run of ~60 words).
    article = " ".join((ARCHIVE / "gazette-2031-03-14.txt").read_text().split())
    (corpus_dir / "copied.yaml").write_text(_fact(id="long-copy", text=json.dumps(article)))
    return corpus_dir


def _assert_short(message: str) -> None:
    assert "\n" not in message, message[:200]
    assert len(message) <= MAX_MESSAGE, f"{len(message)} characters: {message[:200]}"
    run = re.search(r"(.)\1{%d}" % EXCERPT, message)  # noqa: UP031 - a regex count
    assert run is None, f"a quote longer than {EXCERPT} characters: {message[:200]}"
    assert message.count("/home/user") <= 2, message[:300]


def test_a_value_of_100_000_characters_is_quoted_short(long_values: Path) -> None:
    checked = check_facts(Path("facts"), today=TODAY, archive=ARCHIVE)
    found = {(d.loc.path, d.code): d.message for d in checked.diagnostics}
    expected = {(f"facts/{name}", code) for name, (_, code, _) in LONG_FILES.items()}
    expected.add(("facts/copied.yaml", "copied-text"))
    assert expected <= set(found), sorted(expected - set(found))
    quoting = {(f"facts/{name}", code) for name, (_, code, quoted) in LONG_FILES.items() if quoted}
    for key in quoting | {("facts/copied.yaml", "copied-text")}:
        assert "\u2026" in found[key], f"{key}: the value was not cut: {found[key][:200]}"
    for d in checked.diagnostics:
        _assert_short(d.message)
    assert len(str(checked.diagnostics)) < 20_000  # from 1.3 MB of values


@pytest.mark.parametrize("form", ["text", "github", "json"])
def test_every_output_format_quotes_long_values_short(long_values: Path, form: str) -> None:
    result = _check("facts", "--format", form)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    if form == "json":
        rows = json.loads(result.stdout)
        assert len(rows) >= len(LONG_FILES)
        messages = [row["message"] for row in rows]
    else:
        messages = result.stdout.splitlines()
        assert len(messages) >= len(LONG_FILES)
    for message in messages:
        _assert_short(message)
    assert len(result.stdout) < 20_000


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("short", "short"),
        ("x" * EXCERPT, "x" * EXCERPT),
        ("x" * (EXCERPT + 1), "x" * (EXCERPT - 1) + "\u2026"),
        ("line\nbreak\x07", "line\\nbreak\\x07"),
        ("\n" * EXCERPT, "\\n" * (EXCERPT // 2 - 1) + "\\\u2026"),
    ],
)
def test_an_excerpt_is_short_and_on_one_line(value: str, shown: str) -> None:
    assert excerpt(value) == shown
    assert len(excerpt(value)) <= EXCERPT


# ============================================================ long previews

REBUILDS = """
import os, sys
from pathlib import Path
from datetime import date

from generator.pipeline import Reuse, check_facts, generate
from generator.plan import SiteOptions
from generator.render import render_site

PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_mb():
    return int(Path("/proc/self/statm").read_text().split()[1]) * PAGE / 2**20


REUSE = Reuse() if sys.argv[3] == "reuse" else None
DOCS = {"methodology.md": "## The headline estimate\\n\\n## Corrections"}


def rebuild(facts):
    if REUSE is not None:  # as the plugin does under `mkdocs serve`
        text = (facts / "history.yaml").read_text()
        (facts / "history.yaml").write_text(text.replace("years", "years.", 1))
        options = SiteOptions(docs_pages=DOCS)
        generated = generate(facts, options, today=date(2031, 4, 1), reuse=REUSE)
        assert generated.ok, generated.diagnostics
        return generated
    checked = check_facts(facts, today=date(2031, 4, 1))
    assert checked.ok, checked.diagnostics
    return checked, render_site(checked.corpus)


class Build:
    # What a preview server holds of its last build, until the next one replaces it.
    # MkDocs' pages, files and navigation refer to one another: a reference cycle.
    def __init__(self, result):
        self.result, self.cycle = result, self


last, resident = None, []
for _ in range(int(sys.argv[2])):
    last = Build(rebuild(Path(sys.argv[1])))
    resident.append(resident_mb())
print(resident)
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("mode", ["fresh", "reuse"])
def test_thirty_rebuilds_in_one_process_keep_memory_flat(mode: str, tmp_path: Path) -> None:
    """As under `mkdocs serve`: the fixture briefing rebuilt 30 times in one process,
    the last build held while the next one runs (`reuse`: as the plugin does, taking
    what it can from the build before, after a fact's text changed). Resident memory
    after the 30th build is within 5 % of that after the 10th (a fresh process, so that
    pytest's own memory does not hide growth). It grew by 9 % when what was alive during
    a read (the previous build) was frozen out of the collector's sight for good."""
    facts = tmp_path / "facts"
    shutil.copytree(CORPUS, facts)
    result = subprocess.run(
        [sys.executable, "-c", REBUILDS, str(facts), "30", mode],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    resident = json.loads(result.stdout)
    assert len(resident) == 30
    assert resident[29] <= resident[9] * 1.05, f"resident MB by build: {resident}"
