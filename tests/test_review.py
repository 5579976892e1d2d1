"""`python -m generator diff`: a reviewer's report of what a change does to the facts,
tested on a throwaway repository with two commits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.model import Estimate
from generator.pipeline import check_facts
from generator.review import describe
from generator.wording import as_of_words
from tests.conftest import CORPUS, TODAY
from tests.test_history import _git

ONE_UNNOTICED = "1 corrected (1 without its correction entry)"

ESTIMATE = """
  - id: bulletin-ships-march
    kind: estimate
    topics: [traffic]
    text: The bulletin put March traffic at about 900 ships.
    source: bulletin-2031-03-20
    claimant: port-authority
    quantity: ships-calling
    bound: about
    value: 900
    as_of: 2031-03
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: the fixture corpus with an empty topic (a warning). A branch, `review`,
    then revises a figure, adds an estimate, removes a statement, fills the old empty
    topic's place with another empty one: one warning resolved, one new."""
    repo = tmp_path / "repo"
    shutil.copytree(CORPUS, repo / "facts")
    topics = repo / "facts" / "topics.yaml"
    empty = "  - id: {0}\n    title: {0}\n    order: 9\n    summary: Nothing yet.\n"
    topics.write_text(topics.read_text() + empty.format("ferries"))
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "First facts")
    _git(repo, "checkout", "-q", "-b", "review")
    topics.write_text(topics.read_text().replace("ferries", "tolls"))
    traffic = repo / "facts" / "traffic.yaml"
    text = traffic.read_text().replace("    value: 1500\n", "    value: 1600\n")
    text = text.replace("at up to 1,500 ships", "at up to 1,600 ships")  # text and figure agree
    start = text.index("  - id: quint-triumph")
    text = text[:start] + text[start:].split("    date: 2031-03-11\n", 1)[1]
    traffic.write_text(text.rstrip("\n") + "\n" + ESTIMATE)
    _git(repo, "commit", "-q", "-am", "Revise the ministry's figure")
    return repo


def _diff(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "diff", *args, "--today", "2031-04-01"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        check=False,
    )


def test_diff_reports_each_fact_change_in_words(repo: Path) -> None:
    result = _diff(repo, "main", "review")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert f"facts 1 added, 0 updated, {ONE_UNNOTICED}, 0 withdrawn, 1 removed" in report
    changed = next(line for line in report.splitlines() if "[ministry-ships-winter]" in line)
    # Which estimate, by whom, in which article, from what figure to what figure.
    assert "estimate of Ships calling at the harbour: up to 1,600" in changed
    assert "by Ministry of Shipping" in changed
    assert "in The Harbour Gazette, “Ships crowd the harbour” (14 March 2031)" in changed
    assert "figure: up to 1,500 → up to 1,600" in changed
    added = next(line for line in report.splitlines() if "[bulletin-ships-march]" in line)
    assert "about 900, as of March 2031; by Port Authority; in Port Bulletin" in added
    removed = next(line for line in report.splitlines() if "[quint-triumph]" in line)
    assert "statement “The authority's director welcomed the count" in removed
    assert "by Mara Quint" in removed
    assert report.index("Added") < report.index("Corrected") < report.index("Removed")


def test_diff_reports_new_and_resolved_warnings(repo: Path) -> None:
    report = _diff(repo, "main", "review").stdout
    new = report[report.index("New problems") : report.index("Resolved problems")]
    resolved = report[report.index("Resolved problems") :]
    assert "warning[empty-topic]: no fact is in topic `tolls`" in new
    assert "facts/topics.yaml:" in new
    assert "`ferries`" in resolved and "`tolls`" not in resolved
    # Removing Mara Quint's only statement leaves her unused: the report says so.
    assert "warning[unused-claimant]: no fact is attributed to `mara-quint`" in new
    assert "2 new and 1 resolved problems" in report


def test_diff_defaults_to_the_merge_base_with_main_and_the_working_tree(repo: Path) -> None:
    traffic = repo / "facts" / "traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1200", "value: 1250"))
    report = _diff(repo).stdout
    assert report.startswith("From ")
    assert "to the working tree" in report
    assert "facts 1 added, 0 updated, 2 corrected (2 without their correction entry)" in report
    assert "figure: about 1,200 → about 1,250" in report  # uncommitted, in the working tree


def test_diff_on_a_branch_names_where_it_left_the_default_branch(repo: Path) -> None:
    report = _diff(repo).stdout
    assert report.startswith("From where review left main (")
    _git(repo, "branch", "-m", "main", "master")  # an older repository's default branch
    report = _diff(repo).stdout
    assert report.startswith("From where review left master (")
    assert f"facts 1 added, 0 updated, {ONE_UNNOTICED}, 0 withdrawn, 1 removed" in report


def test_diff_on_the_default_branch_shows_the_last_commit(repo: Path) -> None:
    """On main there is no branch to compare with: the previous commit is the base, so
    that the editor sees what the last commit (and any edit since) did."""
    _git(repo, "checkout", "-q", "main")
    traffic = repo / "facts" / "traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1200", "value: 1250"))
    _git(repo, "commit", "-q", "-am", "Revise the count")
    result = _diff(repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("From the previous commit on main (")
    assert f"facts 0 added, 0 updated, {ONE_UNNOTICED}, 0 withdrawn, 0 removed" in result.stdout
    assert "figure: about 1,200 → about 1,250" in result.stdout


def test_diff_follows_the_default_branch_origin_names(repo: Path, tmp_path: Path) -> None:
    """In a clone, the default branch is the one origin's HEAD names, not a `main`."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)  # on `review`
    _git(clone, "checkout", "-q", "-b", "more")
    traffic = clone / "facts" / "traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1200", "value: 1250"))
    report = _diff(clone).stdout
    assert report.startswith("From where more left review (")
    assert f"facts 0 added, 0 updated, {ONE_UNNOTICED}, 0 withdrawn, 0 removed" in report


def test_diff_with_nothing_to_compare_says_so_and_succeeds(tmp_path: Path) -> None:
    """A new project: no git repository, then no commit, then a single one; with an
    edit after the first commit, that commit is compared with the working tree."""
    shutil.copytree(CORPUS, tmp_path / "facts")
    steps = [
        ("not in a git repository", lambda: None),
        ("no commit yet", lambda: _git(tmp_path, "init", "-q", "-b", "main")),
        ("`main` has a single commit", lambda: _commit(tmp_path, "First facts")),
    ]
    for said, step in steps:
        step()
        result = _diff(tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("nothing to compare: ") and said in result.stdout
    traffic = tmp_path / "facts" / "traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1200", "value: 1250"))
    report = _diff(tmp_path).stdout
    assert report.startswith("From the first commit on main (")
    assert f"facts 0 added, 0 updated, {ONE_UNNOTICED}, 0 withdrawn, 0 removed" in report


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", message)


def test_diff_of_identical_versions_reports_nothing(repo: Path) -> None:
    report = _diff(repo, "review", "review").stdout
    assert "0 updated, 0 corrected, 0 withdrawn, 0 removed; 0 new and 0 resolved problems" in report
    assert "Added" not in report and "New problems" not in report


def test_markdown_report_for_a_job_summary(repo: Path) -> None:
    result = _diff(repo, "main", "review", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert report.startswith("## What this change does to the facts\n")
    assert "### Corrected (1)" in report and "### Added (1)" in report
    assert "### New problems (2)" in report and "### Resolved problems (1)" in report
    assert "(`ministry-ships-winter`)" in report
    assert "warning\\[empty-topic\\]" in report


def test_markdown_escapes_fact_text(repo: Path) -> None:
    history = repo / "facts" / "history.yaml"
    text = history.read_text().replace(
        "over several years.", "over several years, see [here](https://evil.example) <b>now</b>."
    )
    history.write_text(text)
    report = _diff(repo, "review", "--format", "markdown").stdout
    assert "\\[here\\](https://evil.example) \\<b\\>now\\</b\\>" in report
    assert "<b>" not in report


def test_unknown_ref_is_a_plain_error(repo: Path) -> None:
    result = _diff(repo, "no-such-branch")
    assert result.returncode == 2
    assert "`no-such-branch` is not a commit" in result.stderr
    assert "Traceback" not in result.stderr


def test_outside_git_is_a_plain_error(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "facts")
    result = _diff(tmp_path, "main")
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr


def test_diff_words_dates_as_the_pages_do() -> None:
    """One wording of dates everywhere: "by 14 March 2031", never "as of by ..."."""
    corpus = check_facts(CORPUS, today=TODAY).corpus
    assert corpus is not None
    for fact in corpus.facts:
        if isinstance(fact, Estimate):
            assert as_of_words(fact.as_of_date) in describe(fact, corpus)
    by_day = yaml.safe_load(ESTIMATE.replace("as_of: 2031-03", "as_of: ../2031-03-14"))[0]
    shown = describe(Estimate.model_validate(by_day), corpus)
    assert ", by 14 March 2031;" in shown and "as of by" not in shown
