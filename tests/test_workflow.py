"""The CI workflow and the pre-commit hooks are valid and call what exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "briefing.yml"


def test_workflow_matches_the_github_workflow_schema() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


ACTIONLINT = Path(sys.executable).parent / "actionlint"


def _actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ACTIONLINT), "-no-color", "-oneline", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_actionlint_reports_nothing_on_the_workflow() -> None:
    result = _actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_an_action_on_the_deprecated_node_20_runtime(tmp_path: Path) -> None:
    """The linter knows each action's runtime: the old majors of the workflow's actions
    are reported, so a clean run above means every action is on a current one."""
    old = WORKFLOW.read_text()
    for action, major in (("checkout", "v4"), ("setup-python", "v5"), ("deploy-pages", "v4")):
        old = re.sub(rf"actions/{action}@v\d+", f"actions/{action}@{major}", old)
    (tmp_path / "old.yml").write_text(old)
    result = _actionlint(tmp_path / "old.yml")
    assert result.returncode == 1
    reported = result.stdout
    for action in ("checkout@v4", "setup-python@v5", "deploy-pages@v4"):
        assert f'"actions/{action}"' in reported and "node20" in reported, reported


def test_pages_build_takes_the_site_address_from_the_pages_configuration() -> None:
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    steps = jobs["deploy"]["steps"]
    configure = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in steps if "make build" in s.get("run", ""))
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}/"


def test_pull_requests_get_the_fact_diff_summary_and_a_site_preview() -> None:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]["steps"]
    on_prs = [s for s in steps if s.get("if") == "github.event_name == 'pull_request'"]
    runs = " ".join(s.get("run", "") for s in on_prs)
    assert "generator diff" in runs and "--format markdown" in runs
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs
    uploads = [s for s in on_prs if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert [u["with"]["path"] for u in uploads] == ["site/"]


def _evaluate(expression: object, event: str, ref: str, default: str) -> bool:
    """A job's `if` (or `cancel-in-progress`) as GitHub would evaluate it for an event on a
    ref of a repository whose default branch is `default`; only the contexts named here."""
    if isinstance(expression, bool):
        return expression
    python = (
        str(expression)
        .replace("${{", "")
        .replace("}}", "")
        .replace("&&", " and ")
        .replace("||", " or ")
        .replace(
            "format('refs/heads/{0}', github.event.repository.default_branch)",
            repr(f"refs/heads/{default}"),
        )
        .replace("github.event.repository.default_branch", repr(default))
        .replace("github.event_name", repr(event))
        .replace("github.ref_name", repr(ref.rsplit("/", 1)[-1]))
        .replace("github.ref", repr(ref))
    )
    return bool(eval(python, {"__builtins__": {}}))  # a test's own translation, no input


def check_publishing(workflow: Path) -> None:
    """The site is published from the repository's default branch whatever it is called
    (`main`, `master`, `trunk`), by a push or by hand, never from another branch or a pull
    request; a deployment in flight is never cancelled, a pull request's checks may be."""
    data = yaml.safe_load(workflow.read_text())
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as true
    assert not (triggers["push"] or {}).keys() & {"branches", "branches-ignore"}
    assert "workflow_dispatch" in triggers
    jobs = data["jobs"]

    def runs(job: str, event: str, ref: str, default: str) -> bool:
        return _evaluate(jobs[job].get("if", True), event, ref, default)

    for default in ("main", "master", "trunk"):
        for event in ("push", "workflow_dispatch"):
            on_default = (event, f"refs/heads/{default}", default)
            assert runs("test", *on_default) and runs("deploy", *on_default)
            elsewhere = (event, "refs/heads/draft", default)
            assert not runs("deploy", *elsewhere)
        pull = ("pull_request", "refs/pull/7/merge", default)
        assert runs("test", *pull) and not runs("deploy", *pull)
    assert not runs("deploy", "push", "refs/tags/main", "main")
    group = data["concurrency"]
    cancels = group["cancel-in-progress"]
    assert _evaluate(cancels, "pull_request", "refs/pull/7/merge", "main")
    assert not _evaluate(cancels, "push", "refs/heads/main", "main")
    assert not _evaluate(cancels, "workflow_dispatch", "refs/heads/main", "main")
    assert jobs["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_site_is_published_from_the_default_branch_and_never_cancelled() -> None:
    check_publishing(WORKFLOW)


def test_workflow_make_targets_exist() -> None:
    makefile = (REPO / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.MULTILINE))
    steps = [
        s for job in yaml.safe_load(WORKFLOW.read_text())["jobs"].values() for s in job["steps"]
    ]
    used = {m for s in steps for m in re.findall(r"\bmake (\w+)", s.get("run", ""))}
    assert used and used <= targets, used - targets


def test_pre_commit_hook_runs_the_checker_on_fact_files() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    check = hooks["briefing-check"]
    assert "generator check" in check["entry"]
    assert re.match(check["files"], "facts/deployment.yaml")


@pytest.mark.parametrize(
    "workflow",
    [WORKFLOW, REPO / "generator/project_template/dot-github/workflows/briefing.yml.j2"],
)
def test_every_build_keeps_the_drawn_images_and_has_the_fonts_to_draw_them(
    workflow: Path,
) -> None:
    """Each job that builds restores `.cache/briefing/images` first, from the newest
    commit's (a key that changes with each commit, a prefix that restores across them),
    and installs the fonts the images are drawn with (generator/render/images.py)."""
    text = workflow.read_text(encoding="utf-8")
    text = text.replace("{% raw -%}", "").replace("{% endraw -%}", "")
    for name, job in yaml.safe_load(text)["jobs"].items():
        steps = job["steps"]
        runs = [str(step.get("run", "")) for step in steps]
        builds = next(i for i, run in enumerate(runs) if "make build" in run or "make test" in run)
        (cache,) = [
            i for i, s in enumerate(steps) if str(s.get("uses")).startswith("actions/cache@")
        ]
        kept = steps[cache]["with"]
        assert kept["path"] == ".cache/briefing/images", name
        assert "${{ github.sha }}" in kept["key"], name
        assert kept["key"].startswith(kept["restore-keys"].strip()), name
        fonts = next(i for i, run in enumerate(runs) if "fonts-nanum" in run)
        assert "fonts-dejavu-core" in runs[fonts]
        assert cache < builds and fonts < builds, name
