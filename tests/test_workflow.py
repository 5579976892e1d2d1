"""The CI workflow and the pre-commit hooks are valid and call what exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
