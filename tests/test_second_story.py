"""A second real briefing, end to end: Hong Kong's 2019 marches, as an editor makes it.

The fixture `tests/fixtures/hong-kong-marches/` holds the facts of a briefing unlike the
seed (crowd counts of two marches, given by the organisers, the police and a polling
institute) and the archived text of the two reports they come from. It goes the whole
editor's path: `init` a new project, replace its example facts with these, check them
strictly with the quotes verified against the archive, build, and run the project's own
tests on the site. Then what a reader sees is asserted: the home page's key figure for a
disputed count shows both ends of the dispute, the briefing's own claimant kind is a
heading, and "almost" is written out.

The facts use the project's own vocabulary (a claimant kind and statuses declared in
`briefing.yaml`), the bound `almost` and a quantity that `counts: false`.

The last tests make the mistakes an editor makes on this story, each in a copy of one
fact file, and assert each error's code and its place (file:line:col).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
STORY = REPO / "tests" / "fixtures" / "hong-kong-marches"
# 1 July: totals over the day that disagree more than threefold (the organisers' 550,000,
# the polling institute's 160,000 to 200,000 at one footbridge), all as of the march.
DISPUTED = "marchers-2019-07-01"
# 16 June: the organisers' total for the day (almost two million) and the police's count
# at the peak (338,000) measure different things, so neither is set against the other.
APART = "marchers-2019-06-16"


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def _story_env(project: Path) -> dict[str, str]:
    """The environment a project's `make check` gives: its archive/ folder, nothing else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "VIRTUAL_ENV"))}
    env["BRIEFING_ARCHIVE"] = str(project / "archive")
    return env


def story_title() -> str:
    data = yaml.safe_load((STORY / "facts" / "briefing.yaml").read_text(encoding="utf-8"))
    return str(data["briefing"]["title"])


def make_story_project(target: Path) -> Path:
    """`init` a project, then put the story's facts and archive in place of the examples.

    Used by the browser test too (tests/browser/test_second_story.py)."""
    made = _run(
        "-m", "generator", "init", str(target), "--title", story_title(), "--no-git", cwd=REPO
    )
    assert made.returncode == 0, made.stdout + made.stderr
    facts = target / "facts"
    examples = sorted(p.name for p in facts.glob("*.yaml"))
    assert examples, "init wrote no example facts"
    for example in facts.glob("*.yaml"):
        example.unlink()  # replaced, not mixed with the story's
    for path in sorted((STORY / "facts").glob("*.yaml")):
        shutil.copy(path, facts / path.name)
    shutil.copytree(STORY / "archive", target / "archive")
    # The story declares its own claimant kinds and statuses: the editors' schema is
    # made again from its briefing.yaml, as `make schema` does.
    schema = _run("-m", "generator", "schema", "-o", "facts/schema.json", cwd=target)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    return target


def build_story_site(project: Path) -> Path:
    """The project's `make test` path without its venv: strict check, then strict build."""
    checked = _run("-m", "generator", "check", "--strict", cwd=project, env=_story_env(project))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = _run("-m", "generator", "build", "--strict", cwd=project, env=_story_env(project))
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert (project / "site" / "index.html").is_file()
    return project / "site"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_story_project(tmp_path_factory.mktemp("story") / "hong-kong-marches")


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return build_story_site(project)


def _story_records(section: str) -> list[dict]:
    records: list[dict] = []
    for path in sorted((STORY / "facts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        records += data.get(section) or []
    return records


def _text(raw: str) -> str:
    """What a reader reads: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))).strip()


def _page(site: Path, path: str) -> str:
    """A page's article: what the page says, without the theme's navigation and scripts."""
    raw = (site / path).read_text(encoding="utf-8")
    return raw[raw.index("<article") : raw.rindex("</article>")]


# --- the editor's path


def test_story_passes_the_strict_check_with_every_quote_verified(project: Path) -> None:
    checked = _run("-m", "generator", "check", "--strict", cwd=project, env=_story_env(project))
    out = checked.stdout + checked.stderr
    assert checked.returncode == 0, out
    assert "0 errors, 0 warnings" in out
    quotes = sum(1 for fact in _story_records("facts") if fact.get("quote"))
    assert quotes >= 1
    verified = re.search(r"\b(\d+) quotes? verified\b", out)
    assert verified and int(verified[1]) == quotes, out  # none left unverified or skipped
    facts = len(_story_records("facts"))
    assert 12 <= facts <= 17 and f"{facts} facts" in out


def test_story_check_fails_when_a_quote_is_not_in_the_article(
    project: Path, tmp_path: Path
) -> None:
    """The archive is really read: a quote it does not hold is an error."""
    copy = Path(shutil.copytree(project / "facts", tmp_path / "facts"))
    turnout = copy / "turnout.yaml"
    turnout.write_text(turnout.read_text().replace("quote: plus one", "quote: plus two"))
    checked = _run("-m", "generator", "check", str(copy), cwd=project, env=_story_env(project))
    assert checked.returncode == 1
    assert "error[quote-not-found]" in checked.stdout + checked.stderr


def test_story_projects_own_tests_pass_on_the_built_site(project: Path, site: Path) -> None:
    """tests/test_site.py, which init wrote, holds for this briefing too."""
    ran = _run("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=project)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert re.search(r"\b\d+ passed\b", ran.stdout) and "failed" not in ran.stdout


# --- what a reader sees


def _home_row(site: Path, quantity: str) -> str:
    """The home page's key figure for one quantity: from its link to the next quantity's."""
    home = _page(site, "index.html")
    start = home.find(f'href="estimates/{quantity}/"')
    assert start >= 0, f"the home page does not link to the figures of {quantity}"
    other = re.compile(rf'<a [^>]*href="estimates/(?!{re.escape(quantity)}/)|</table>')
    end = other.search(home, start)
    return _text(home[home.rfind("<a", 0, start) : end.start() if end else None])


def test_home_key_figure_of_a_disputed_count_shows_both_ends_with_their_claimants(
    site: Path,
) -> None:
    """Not one side's figure: the lowest (the polling institute's 160,000 to 200,000)
    and the highest (the organisers' 550,000), each with who gave it."""
    row = _home_row(site, DISPUTED)
    low = row.find("160,000 to 200,000")
    high = row.find("550,000")
    assert 0 <= low < high, row
    assert "Hong Kong Public Opinion Research Institute" in row[low:high], row
    assert "Civil Human Rights Front" in row[high:], row


def test_home_says_when_a_quantitys_figures_count_different_things(site: Path) -> None:
    """The organisers' almost two million leads 16 June's row, and the page says that the
    police's figure beside it counts people there at one time, not a total."""
    row = _home_row(site, APART)
    assert "almost 2 million" in row and "Civil Human Rights Front" in row, row
    home = _text(_page(site, "index.html"))
    label = next(q["label"] for q in _story_records("quantities") if q["id"] == APART)
    note = home[home.find(f"{label}:") :]
    assert note and "at one time" in note[:400], home


def test_declared_claimant_kind_is_a_heading_on_the_claimants_page(site: Path) -> None:
    page = _page(site, "claimants/index.html")
    headings = [_text(h) for h in re.findall(r"<h2\b[^>]*>(.*?)</h2>", page, re.S)]
    assert any(h.rstrip("¶ ") == "Polling and research institutes" for h in headings), headings
    section = page[page.find("Polling and research institutes") :]
    section = section[: section.find("<h2", 1)] if "<h2" in section[1:] else section
    assert "Hong Kong Public Opinion Research Institute" in _text(section)


def test_almost_is_written_out_with_the_figure(site: Path) -> None:
    page = _text(_page(site, f"estimates/{APART}/index.html"))
    assert "almost 2 million" in page
    assert "about 2 million" not in page  # "almost" is its own bound, not "about"


def test_declared_statuses_are_shown_in_their_words(site: Path) -> None:
    page = _text(_page(site, "estimates/marchers-2019-07-01/index.html"))
    assert "passed a counting point" in page
    assert "marched" in page
    assert "passed-a-counting-point" not in page  # the id is not what readers read


def test_no_page_speaks_of_the_seeds_subject(site: Path) -> None:
    """The generator's own words fit any briefing: nothing about troops on a site about
    marchers (the seed, North Korea's troops for Russia, is not this briefing). The
    project's hand-written pages (site_src/: about, methodology, the editors' guide) are
    the project's to word, and are left out."""
    written = {page.stem for page in (site.parent / "site_src").glob("*.md")}
    assert written, "init wrote no hand-written pages"
    generated = [
        path
        for path in sorted(site.rglob("*.html"))
        if path.relative_to(site).parts[0] not in written
    ]
    leaks = {
        path.relative_to(site).as_posix(): sentence
        for path in generated
        for sentence in re.findall(r".{0,60}\btroops?\b.{0,20}", _text(path.read_text()))
    }
    assert leaks == {}


# --- the mistakes an editor makes on this story
#
# Each is made in a copy of the story's facts, in the fact file an editor adding a
# figure works in (turnout.yaml): what was there, what the editor typed instead, the
# error's code, and the text its place points at (line and column where that starts).

MISTAKES = {
    # The police's 338,000 typed as much of Europe writes it; YAML reads 338.0.
    "dot-between-thousands": (
        "    value: 338000\n",
        "    value: 338.000\n",
        "dot-thousands",
        "338.000",
    ),
    # A tab pasted in front of a key.
    "tab": ("    quote: plus one\n", "\tquote: plus one\n", "tab-indent", "\t"),
    # A text opened with a quote that is never closed.
    "unclosed-quote": (
        "    text: The organisers said 550,000 people joined the march of 1 July.\n",
        '    text: "The organisers said 550,000 people joined the march of 1 July.\n',
        "yaml-syntax",
        '"The organisers',
    ),
    # The day of the march written day/month/year, as Hong Kong writes it.
    "day-month-year": (
        "    value: 550000\n    status: marched\n    as_of: 2019-07-01\n",
        "    value: 550000\n    status: marched\n    as_of: 01/07/2019\n",
        "bad-date",
        "01/07/2019",
    ),
    # A claimant's id mistyped.
    "typo-in-id": (
        "    claimant: hong-kong-police\n    quantity: marchers-2019-06-16\n",
        "    claimant: hong-kong-polce\n    quantity: marchers-2019-06-16\n",
        "unknown-ref",
        "hong-kong-polce",
    ),
}


def _with_mistake(tmp_path: Path, old: str, new: str, file: str = "turnout.yaml") -> Path:
    """A copy of the story's facts with one mistake in `file`; returns that file."""
    facts = Path(shutil.copytree(STORY / "facts", tmp_path / "facts"))
    path = facts / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _line_col(path: Path, needle: str) -> tuple[int, int]:
    """The 1-based line and column where `needle` starts in the file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.mark.parametrize(("old", "new", "code", "needle"), MISTAKES.values(), ids=MISTAKES)
def test_editors_mistake_is_reported_with_its_code_where_it_is(
    tmp_path: Path, old: str, new: str, code: str, needle: str
) -> None:
    path = _with_mistake(tmp_path, old, new)
    checked = _run("-m", "generator", "check", "facts", cwd=tmp_path)
    out = checked.stdout + checked.stderr
    assert checked.returncode == 1, out
    assert "Traceback" not in out
    line, col = _line_col(path, needle)
    here = [
        row
        for row in checked.stdout.splitlines()
        if row.startswith("facts/turnout.yaml:") and ": error[" in row
    ]
    # The one error in the file the editor changed is the mistake, where it is (what it
    # kept from being checked may follow as warnings at the same place).
    assert len(here) == 1, checked.stdout
    assert here[0].startswith(f"facts/turnout.yaml:{line}:{col}: error[{code}]: "), here


def test_day_month_year_is_answered_with_the_date_meant(tmp_path: Path) -> None:
    """01/07/2019 could be 1 July or 7 January: the message names both, written the
    way a fact file writes dates."""
    old, new, code, needle = MISTAKES["day-month-year"]
    path = _with_mistake(tmp_path, old, new)
    checked = _run("-m", "generator", "check", "facts", cwd=tmp_path)
    line, col = _line_col(path, needle)
    at = f"facts/turnout.yaml:{line}:{col}: error[{code}]: "
    message = next((r for r in checked.stdout.splitlines() if r.startswith(at)), "")
    assert "2019-07-01" in message and "2019-01-07" in message, checked.stdout


def test_a_share_in_a_quantity_that_counts_is_refused_at_its_figure(tmp_path: Path) -> None:
    """The share of the population (28.5 per cent) is not a head count: without
    `counts: false` on its quantity, the figure is refused where it is written, and the
    message names the quantity's place, where the fix goes."""
    quantities = _with_mistake(tmp_path, "    counts: false\n", "", file="quantities.yaml")
    checked = _run("-m", "generator", "check", "facts", cwd=tmp_path)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    line, col = _line_col(quantities.parent / "turnout.yaml", "value: 28.5")
    q_line, q_col = _line_col(quantities, "id: chrf-2019-06-16-share-of-population")
    errors = [r for r in checked.stdout.splitlines() if ": error[" in r]
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"facts/turnout.yaml:{line}:{col}: error[fractional-count]: ")
    assert f"facts/quantities.yaml:{q_line}:{q_col}" in errors[0], errors[0]


def test_a_figure_mistyped_against_its_text_is_flagged(tmp_path: Path) -> None:
    """338,000 in the text and 388000 in `value`: one of the two is wrong."""
    path = _with_mistake(tmp_path, "    value: 338000\n", "    value: 388000\n")
    checked = _run("-m", "generator", "check", "--strict", "facts", cwd=tmp_path)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    line, col = _line_col(path, "value: 388000")
    found = [r for r in checked.stdout.splitlines() if "[figure-not-in-text]" in r]
    assert len(found) == 1 and found[0].startswith(f"facts/turnout.yaml:{line}:{col}: "), found
    assert "338,000" in found[0]


def test_a_mistyped_id_is_answered_with_the_id_meant(tmp_path: Path) -> None:
    old, new, code, needle = MISTAKES["typo-in-id"]
    path = _with_mistake(tmp_path, old, new)
    checked = _run("-m", "generator", "check", "facts", cwd=tmp_path)
    line, col = _line_col(path, needle)
    at = f"facts/turnout.yaml:{line}:{col}: error[{code}]: "
    message = next((r for r in checked.stdout.splitlines() if r.startswith(at)), "")
    assert "`hong-kong-police`" in message, checked.stdout
