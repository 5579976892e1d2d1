"""What changed: a two-commit repository gives a known changelog."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.history import changes
from generator.pipeline import check_facts
from generator.render import SiteOptions, render_site
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


def test_two_commits_give_a_known_changelog(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CORPUS, repo / "facts")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "First facts")
    traffic = repo / "facts" / "traffic.yaml"
    text = traffic.read_text().replace("value: 1200", "value: 1300")
    text = text.replace("  - id: quint-triumph", "  - id: quint-quiet-triumph")
    traffic.write_text(text)
    _git(repo, "commit", "-q", "-am", "Authority revises its count")

    history = changes(repo / "facts")
    assert history.unavailable is None
    assert [c.subject for c in history.commits] == ["Authority revises its count", "First facts"]
    latest = {(c.kind, c.fact_id): c for c in history.commits[0].changes}
    assert set(latest) == {
        ("changed", "authority-ships-february"),
        ("added", "quint-quiet-triumph"),
        ("removed", "quint-triumph"),
    }
    assert latest["changed", "authority-ships-february"].details == [
        "figure: about 1,200 → about 1,300"
    ]
    assert len(history.commits[1].changes) == 5  # every fact added by the first commit

    checked = check_facts(repo / "facts", today=TODAY)
    page = str(render_site(checked.corpus, SiteOptions(history=history))["changes.md"])
    assert page.index("Authority revises its count") < page.index("First facts")
    assert "(figure: about 1,200 → about 1,300)" in page


def test_without_git_the_page_says_so(tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "facts")
    history = changes(tmp_path / "facts")
    assert history.commits == [] and history.unavailable
    checked = check_facts(tmp_path / "facts", today=TODAY)
    page = str(render_site(checked.corpus, SiteOptions(history=history))["changes.md"])
    assert "outside a git checkout" in page


def test_feed_lists_changes_newest_first(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    repo = tmp_path / "repo"
    shutil.copytree(CORPUS, repo / "facts")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "First facts")
    traffic = repo / "facts" / "traffic.yaml"
    traffic.write_text(traffic.read_text().replace("value: 1200", "value: 1300"))
    _git(repo, "commit", "-q", "-am", "Authority revises its count")
    checked = check_facts(repo / "facts", today=TODAY)
    feed = str(
        render_site(checked.corpus, SiteOptions(history=changes(repo / "facts")))["feed.xml"]
    )
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in ET.fromstring(feed).iter(f"{atom}entry")]
    # The text is unchanged; the figure is what changed.
    assert titles[0].startswith("Changed: The port authority counted about 1,200 ships")
    summaries = " ".join(
        e.findtext(f"{atom}summary") or "" for e in ET.fromstring(feed).iter(f"{atom}entry")
    )
    assert "figure: about 1,200 → about 1,300" in summaries
