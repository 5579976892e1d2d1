"""What changed: a two-commit repository gives a known changelog."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.corpus import Corpus
from generator.history import Detail, changes
from generator.i18n import language
from generator.pipeline import check_facts
from generator.render import SiteOptions, render_site
from generator.wording import change_detail_words
from tests.conftest import CORPUS, TODAY


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={
            "GIT_COMMITTER_DATE": "2031-03-21T10:00:00Z",
            "GIT_AUTHOR_DATE": "2031-03-21T10:00:00Z",
            "PATH": "/usr/bin:/bin",
        },
    )


def _two_commit_repo(root: Path) -> Path:
    """The fixture corpus committed, then a second commit that revises a figure and
    renames a fact (so one fact changes, one is added and one removed)."""
    repo = root / "repo"
    shutil.copytree(CORPUS, repo / "facts")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "First facts")
    traffic = repo / "facts" / "traffic.yaml"
    text = traffic.read_text().replace("value: 1200", "value: 1300")
    text = text.replace("  - id: quint-triumph", "  - id: quint-quiet-triumph")
    traffic.write_text(text)
    _git(repo, "commit", "-q", "-am", "Authority revises its count")
    return repo


def test_two_commits_give_a_known_changelog(tmp_path: Path) -> None:
    repo = _two_commit_repo(tmp_path)

    history = changes(repo / "facts")
    assert history.unavailable is None
    assert [c.subject for c in history.commits] == ["Authority revises its count", "First facts"]
    latest = {(c.kind, c.fact_id): c for c in history.commits[0].changes}
    assert set(latest) == {
        ("corrected", "authority-ships-february"),
        ("added", "quint-quiet-triumph"),
        ("removed", "quint-triumph"),
    }
    details = latest["corrected", "authority-ships-february"].details
    assert [change_detail_words(d) for d in details] == ["figure: about 1,200 → about 1,300"]
    assert len(history.commits[1].changes) == 5  # every fact added by the first commit

    checked = check_facts(repo / "facts", today=TODAY)
    page = str(render_site(checked.corpus, SiteOptions(history=history))["changes.md"])
    assert page.index("Authority revises its count") < page.index("First facts")
    assert "(figure: about 1,200 → about 1,300)" in page


def test_what_changed_says_a_changed_figure_in_the_briefings_language(tmp_path: Path) -> None:
    """The history keeps what changed as data (the field, its old and new value); the
    What changed page and the feed of a Ukrainian briefing word it in Ukrainian, with
    Ukrainian numbers, and the editors' `diff` keeps English."""
    repo = _two_commit_repo(tmp_path)
    history = changes(repo / "facts")
    latest = {(c.kind, c.fact_id): c for c in history.commits[0].changes}
    (detail,) = latest["corrected", "authority-ships-february"].details
    assert isinstance(detail, Detail) and detail.field == "figure"
    checked = check_facts(repo / "facts", today=TODAY)
    files = render_site(checked.corpus, SiteOptions(history=history, language="uk"))
    page, feed = str(files["changes.md"]), str(files["feed.xml"])
    words = change_detail_words(detail, language("uk"))
    assert words == "число: близько 1\N{NO-BREAK SPACE}200 → близько 1\N{NO-BREAK SPACE}300"
    assert f"({words})" in page
    assert words in feed
    assert "figure:" not in page and "about 1,300" not in page
    assert "figure:" not in feed


def test_without_git_the_page_says_so(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "facts")
    history = changes(tmp_path / "facts")
    assert history.commits == [] and history.unavailable
    checked = check_facts(tmp_path / "facts", today=TODAY)
    page = str(render_site(checked.corpus, SiteOptions(history=history))["changes.md"])
    assert "outside a git checkout" in page


def test_feed_lists_changes_newest_first(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    repo = _two_commit_repo(tmp_path)
    checked = check_facts(repo / "facts", today=TODAY)
    feed = str(
        render_site(checked.corpus, SiteOptions(history=changes(repo / "facts")))["feed.xml"]
    )
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in ET.fromstring(feed).iter(f"{atom}entry")]
    # The text is unchanged; the figure is what changed.
    newest = titles[:3]  # the second commit's three changes come first
    assert any(
        t.startswith("Corrected: The port authority counted about 1,200 ships") for t in newest
    )
    assert {t.split(":")[0] for t in newest} == {"Corrected", "Added", "Removed"}
    summaries = " ".join(
        e.findtext(f"{atom}summary") or "" for e in ET.fromstring(feed).iter(f"{atom}entry")
    )
    assert "figure: about 1,200 → about 1,300" in summaries


def test_each_version_of_a_fact_file_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit that edits one file costs one file: history stays fast on big corpora."""
    import generator.history

    repo = _two_commit_repo(tmp_path)
    files = len(list((repo / "facts").glob("*.yaml")))
    reads: list[list[str]] = []
    real = generator.history.read_blobs

    def counting(blobs: dict[str, bytes]) -> Corpus:
        reads.append(sorted(blobs))
        return real(blobs)

    monkeypatch.setattr(generator.history, "read_blobs", counting)
    history = changes(repo / "facts")
    assert len(history.commits) == 2
    # The first commit's files, then the one file the second commit edited.
    assert len(reads) == files + 1
    assert reads.count(["facts/traffic.yaml"]) == 2
