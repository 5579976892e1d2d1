"""The generator as a newsroom gets it: a wheel, installed alone into a fresh virtual
environment, starts a project with `init`, and the project's `make build` builds it.

The wheel is built from this checkout; pip takes the generator's dependencies from its
cache or the package index, at the versions this repository pins (requirements.txt),
so that a failure here is the wheel's, not a new release's of a dependency."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NAME = "sourced_briefing"


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    ran = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, f"{command}\n{ran.stdout[-3000:]}{ran.stderr[-3000:]}"
    return ran.stdout + ran.stderr


def _sources() -> list[str]:
    """This checkout's files as git sees them: committed or new, not ignored."""
    listed = _run("git", "ls-files", "--cached", "--others", "--exclude-standard", cwd=REPO)
    return [name for name in listed.splitlines() if (REPO / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of the sources: setuptools would take stale files from a
    build/ folder left in the checkout by an earlier build."""
    source = tmp_path_factory.mktemp("source")
    for name in _sources():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    # The build backend (setuptools) is the one pinned in requirements-dev.txt.
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-cache-dir", "--wheel-dir", out, source, cwd=out)  # fmt: skip
    [built] = out.glob(f"{NAME}-*-py3-none-any.whl")
    return built


def test_wheel_carries_every_file_of_the_generator(wheel: Path) -> None:
    """Templates, theme, project template (dot-github, dot-vscode), scaffold and assets:
    every file of generator/ is in the wheel, and nothing else is."""
    sources = [name for name in _sources() if name.startswith("generator/")]
    assert "generator/project_template/dot-github/workflows/briefing.yml.j2" in sources
    packed = zipfile.ZipFile(wheel).namelist()
    assert {n for n in packed if not n.startswith(f"{NAME}-")} == set(sources)
    assert f"{NAME}-{wheel.name.split('-')[1]}.dist-info/licenses/LICENSE" in packed


def test_wheel_metadata_is_complete(wheel: Path) -> None:
    version = wheel.name.split("-")[1]
    archive = zipfile.ZipFile(wheel)
    meta = HeaderParser().parsestr(archive.read(f"{NAME}-{version}.dist-info/METADATA").decode())
    assert meta["Name"] == "sourced-briefing"  # `briefing` on PyPI is another project
    assert meta["License-Expression"] == "MIT"
    assert meta["Requires-Python"] == ">=3.11"
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload().startswith("# ")  # the README
    assert meta.get_all("Project-URL") and meta["Summary"]
    assert "Programming Language :: Python :: 3.11" in meta.get_all("Classifier")
    entry_points = archive.read(f"{NAME}-{version}.dist-info/entry_points.txt").decode()
    assert "sourced-briefing = generator.cli:main" in entry_points
    assert "\nbriefing = generator.cli" not in entry_points  # no command of another project's
    assert "briefing = generator.plugin:BriefingPlugin" in entry_points  # MkDocs' plugin


def test_wheel_installed_alone_starts_and_builds_a_project(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "VIRTUAL_ENV"))}
    env.pop("PYTHONPATH", None)
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel,
         "--constraint", REPO / "requirements.txt", cwd=tmp_path, env=env)  # fmt: skip
    where = _run(python, "-c", "import generator; print(generator.__file__)", cwd=tmp_path, env=env)
    assert where.strip().startswith(str(venv))  # the wheel's code, not this checkout's

    made = _run(venv / "bin" / "sourced-briefing", "init", "harbour", "--title", "Harbour",
                cwd=tmp_path, env=env)  # fmt: skip
    project = tmp_path / "harbour"
    said = " ".join(made.split())
    assert f"from the wheel file {wheel}" in said and "CI (GitHub Actions" in said
    assert f"sourced-briefing @ {wheel.as_uri()}" in (project / "requirements.txt").read_text()
    assert "from the wheel file" in _run(venv / "bin" / "sourced-briefing", "doctor",
                                         cwd=project, env=env)  # fmt: skip

    # The project's own Makefile, in the environment the wheel is in (as its .venv).
    built = _run("make", "build", f"VENV={venv}", cwd=project, env=env)
    assert "sourced-briefing build" in built
    site = project / "site"
    assert (
        "The harbour master put the number of ships"
        in (site / "topics" / "harbour" / "index.html").read_text()
    )
    home = (site / "index.html").read_text()
    assert 'property="og:site_name"' in home  # the wheel's theme override (main.html)
    assert (site / "assets" / "briefing.css").is_file()  # and its assets
    added = _run(venv / "bin" / "sourced-briefing", "new", "claimant", cwd=project, env=env)
    assert "facts/claimants.yaml" in added  # the scaffold's templates
