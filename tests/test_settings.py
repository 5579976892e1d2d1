"""Settings are read once, at the edges (the command line and the MkDocs plugin), into
one object: a bad value is an error that names the setting and what it accepts, never
an internal error and never ignored; nothing below the edges reads the environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from generator.settings import ENVIRONMENT, SettingError, Settings, from_environment

REPO = Path(__file__).resolve().parent.parent
BAD = {
    "BRIEFING_STRICT": "maybe",
    "BRIEFING_TODAY": "yesterday",
    "BRIEFING_MAX_FILE_BYTES": "5MB",
    "BRIEFING_MAX_DEPTH": "-3",
    "BRIEFING_MAX_NODES": "1e6",
    "SITE_URL": "example.org/briefing",
    "SOURCE_DATE_EPOCH": "last tuesday",
}
EDGES = {"cli.py", "plugin.py"}  # where the environment is read


def test_every_documented_variable_has_a_bad_value_tried_here() -> None:
    assert set(BAD) | {"BRIEFING_ARCHIVE"} == set(ENVIRONMENT)


def test_good_values_are_read() -> None:
    settings = from_environment(
        {
            "BRIEFING_STRICT": "1",
            "BRIEFING_TODAY": "2031-04-01",
            "BRIEFING_ARCHIVE": "/srv/copies",
            "BRIEFING_MAX_NODES": "500",
            "SITE_URL": "https://example.org/briefing/",
            "SOURCE_DATE_EPOCH": "0",
        }
    )
    assert settings.strict and settings.today == date(2031, 4, 1)
    assert settings.archive == Path("/srv/copies") and settings.limits.max_nodes == 500
    assert settings.site_url == "https://example.org/briefing/"
    assert settings.built == datetime(1970, 1, 1, tzinfo=UTC)
    assert from_environment({}) == Settings()
    assert from_environment({"BRIEFING_STRICT": "0"}).strict is False


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_value_is_an_error_that_names_the_setting(name: str) -> None:
    with pytest.raises(SettingError) as raised:
        from_environment({name: BAD[name]})
    assert raised.value.name == name
    assert str(raised.value).startswith(f"{name}={BAD[name]!r} cannot be used: {name} takes")


@pytest.mark.parametrize("name", sorted(BAD))
def test_the_command_line_says_which_setting_is_bad(name: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(REPO / "tests/fixtures/corpus")],
        env={**os.environ, "PYTHONPATH": str(REPO), name: BAD[name]},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert f"error: {name}=" in result.stderr and "internal error" not in result.stderr


def test_the_plugin_says_which_setting_is_bad(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
        cwd=REPO,
        env={**os.environ, "BRIEFING_TODAY": "yesterday", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "BRIEFING_TODAY='yesterday' cannot be used" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_nothing_below_the_edges_reads_the_environment() -> None:
    readers = [
        path.relative_to(REPO / "generator").as_posix()
        for path in sorted((REPO / "generator").rglob("*.py"))
        if re.search(r"os\.environ|os\.getenv|environ\.get", path.read_text(encoding="utf-8"))
        and path.name not in EDGES
        and path.name != "settings.py"  # which takes the environment as an argument
    ]
    assert readers == []
