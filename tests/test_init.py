"""`sourced-briefing init`, the generator as an installed package, `upgrade` and the advice
the build gives a project about its mkdocs.yml and its own theme overrides."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import model, project
from generator.cli import main
from generator.pipeline import check_facts
from tests.test_docs import MODELS, _codes
from tests.test_workflow import check_publishing

REPO = Path(__file__).resolve().parent.parent
EXPECTED_FILES = {
    "mkdocs.yml",
    "Makefile",
    "README.md",
    "CITATION.cff",
    "requirements.txt",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".vscode/settings.json",
    ".github/workflows/briefing.yml",
    "site_src/about.md",
    "site_src/methodology.md",
    "site_src/editors.md",
    "facts/briefing.yaml",
    "facts/sources.yaml",
    "facts/claimants.yaml",
    "facts/topics.yaml",
    "facts/quantities.yaml",
    "facts/harbour.yaml",
    "facts/schema.json",
    "tests/test_site.py",
}


def _files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    }


@pytest.fixture(scope="module")
def new_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "harbour"
    wheel = tmp_path_factory.mktemp("wheel") / "sourced_briefing-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"")  # only its name is read
    assert main(["init", str(target), "--title", "Test briefing", "--from", str(wheel)]) == 0
    return target


def test_init_writes_every_file_of_a_project(new_project: Path) -> None:
    assert _files(new_project) == EXPECTED_FILES
    assert not (new_project / "generator").exists()  # installed, never copied
    assert (new_project / ".git").is_dir()


def test_init_starts_the_repository_on_main_whatever_gits_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub takes the default branch from the first push; `main` is what the editors'
    guide and the README name, even where git would start on `master`."""
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = master\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    target = tmp_path / "p"
    assert main(["init", str(target), "--title", "T", "--from", str(REPO)]) == 0
    assert _git(target, "symbolic-ref", "HEAD") == "refs/heads/main"


def test_new_project_configures_the_plugin_without_web_fonts(new_project: Path) -> None:
    settings = project._read_config(new_project / "mkdocs.yml")
    assert settings["site_name"] == ""  # the briefing's title names the site
    assert settings["theme"]["font"] is False
    assert "custom_dir" not in settings["theme"]  # it keeps only the overrides it changes
    assert {"briefing": {"facts": "facts"}} in settings["plugins"]
    assert project.doctor(new_project / "mkdocs.yml") == 0
    assert yaml.safe_load((new_project / "facts" / "briefing.yaml").read_text())["briefing"][
        "title"
    ] == ("Test briefing")


def test_new_project_pins_the_generator_and_everything_else(new_project: Path) -> None:
    lines = [
        line
        for line in (new_project / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    wheel = next(line for line in lines if "briefing" in line)
    assert re.fullmatch(
        r"sourced-briefing @ file:///\S+/sourced_briefing-0\.1\.0-py3-none-any\.whl", wheel
    )
    pins = set(lines) - {wheel}
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==\S+", p) for p in pins), pins
    site = {line for line in (REPO / "requirements.txt").read_text().splitlines() if line}
    tests = {
        line
        for line in (REPO / "requirements-dev.txt").read_text().splitlines()
        if line.split("==")[0] in ("pytest", "iniconfig", "pluggy")
    }
    assert pins == site | tests, "run `make pins` after `make lock`"


def test_new_project_names_the_installed_command_never_another_projects(
    new_project: Path,
) -> None:
    """The command is `sourced-briefing`, as the distribution: `briefing` is another
    project on PyPI, and no `briefing` command is installed."""
    command = re.compile(
        r"(?<![\w-])briefing (?:init|new|check|build|diff|schema|upgrade|override|doctor|pin)\b"
        r"|bin/briefing\b|(?<![\w/-])briefing\s*(?:==|@)"
    )
    found = [
        f"{name}: {match.group(0)}"
        for name in sorted(_files(new_project))
        for match in command.finditer((new_project / name).read_text())
    ]
    assert found == []
    makefile = (new_project / "Makefile").read_text()
    assert "GENERATOR := $(BIN)/sourced-briefing" in makefile


def test_new_project_schema_is_the_models(new_project: Path) -> None:
    schema = json.loads((new_project / "facts" / "schema.json").read_text())
    assert schema == model.json_schema()


def test_example_facts_pass_the_strict_check_with_one_record_of_each_kind(
    new_project: Path,
) -> None:
    checked = check_facts(new_project / "facts", strict=True)
    assert checked.ok and checked.diagnostics == []
    corpus = checked.corpus
    assert corpus is not None
    assert len(corpus.sources) == len(corpus.claimants) == 1
    assert len(corpus.topics) == len(corpus.quantities) == 1
    assert sorted(f.kind for f in corpus.facts) == ["estimate", "event", "statement"]


def test_new_project_editors_guide_documents_every_field_and_error_code(
    new_project: Path,
) -> None:
    guide = (new_project / "site_src" / "editors.md").read_text()
    missing = [f for m in MODELS for f in m.model_fields if f"`{f}`" not in guide]
    missing += sorted(c for c in _codes() if f"`{c}`" not in guide)
    assert missing == []
    assert "North Korea" not in guide  # written for any briefing


def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path), "--title", "T"]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert _files(tmp_path) == {"notes.txt"}
    assert [p for p in tmp_path.parent.iterdir() if "-init-" in p.name] == []  # no staging


def test_init_says_when_it_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("")
    assert main(["init", str(tmp_path / "file" / "new"), "--title", "T", "--no-git"]) == 2
    assert "cannot be written" in capsys.readouterr().err


def test_init_fills_an_empty_folder_and_refuses_a_bad_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["init", str(empty), "--title", "T", "--from", str(REPO), "--no-git"]) == 0
    assert _files(empty) == EXPECTED_FILES
    assert f"\nsourced-briefing @ {REPO.as_uri()}\n" in (empty / "requirements.txt").read_text()
    assert main(["init", str(tmp_path / "other"), "--title", "T", "--from", "nowhere"]) == 2
    assert "--from nowhere: give a wheel file" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    """A committed source checkout: pyproject.toml and generator/."""
    repo = tmp_path / "checkout"
    (repo / "generator").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[project]\nname = "sourced-briefing"\n')
    (repo / "generator" / "__init__.py").write_text("")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
    return repo


def test_git_spec_is_pinned_to_the_commit_its_ref_names(checkout: Path) -> None:
    sha = _git(checkout, "rev-parse", "HEAD")
    line, note = project.generator_requirement(f"git+{checkout.as_uri()}@main")
    assert line == f"sourced-briefing @ git+file://localhost{checkout}@{sha}" and note is None
    _git(checkout, "-c", "user.name=t", "-c", "user.email=t@t", "tag", "-a", "v1", "-m", "v1")
    assert project.generator_requirement(f"git+{checkout.as_uri()}@v1")[0].endswith(f"@{sha}")
    with pytest.raises(project.ProjectError, match="`nope` names no commit"):
        project.generator_requirement(f"git+{checkout.as_uri()}@nope")


def test_default_spec_is_the_running_checkout_at_its_commit_or_its_folder(
    checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project, "PACKAGE", checkout / "generator")
    sha = _git(checkout, "rev-parse", "HEAD")
    line, note = project.generator_requirement(None)
    assert line == f"sourced-briefing @ git+file://localhost{checkout}@{sha}"
    assert note is not None and f"commit {sha[:12]} of the generator is on no branch" in note
    assert "git repository" in (project.local_note(line) or "")  # CI cannot reach it
    (checkout / "generator" / "new.py").write_text("")  # not committed yet
    line, note = project.generator_requirement(None)
    assert line == f"sourced-briefing @ {checkout.as_uri()}"
    assert note is not None and "uncommitted changes" in note


def test_default_spec_is_the_public_remote_that_has_the_commit(
    checkout: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout whose commit is on a remote's branch (as last fetched) is pinned at the
    remote's address as CI clones a public repository: https, with no credentials."""
    monkeypatch.setattr(project, "PACKAGE", checkout / "generator")
    sha = _git(checkout, "rev-parse", "HEAD")
    _git(checkout, "remote", "add", "mirror", "https://ci:secret@example.org/m/briefing.git")
    _git(checkout, "remote", "add", "origin", "git@github.com:newsroom/briefing.git")
    _git(checkout, "update-ref", "refs/remotes/mirror/main", sha)
    assert project.generator_requirement(None) == (
        f"sourced-briefing @ git+https://example.org/m/briefing.git@{sha}",
        None,
    )
    _git(checkout, "update-ref", "refs/remotes/origin/main", sha)  # origin comes first
    line, note = project.generator_requirement(None)
    assert line == f"sourced-briefing @ git+https://github.com/newsroom/briefing.git@{sha}"
    assert note is None and project.local_note(line) is None
    (checkout / "generator" / "new.py").write_text("")
    _git(checkout, "add", ".")
    _git(checkout, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "two")
    line, note = project.generator_requirement(None)  # not pushed: the repository here
    assert line.startswith("sourced-briefing @ git+file://localhost")
    assert note is not None and "push the commit" in note
    new = _git(checkout, "rev-parse", "HEAD")
    upgrade = f"`make upgrade FROM=git+https://github.com/newsroom/briefing.git@{new}`"
    assert upgrade in note


@pytest.mark.parametrize(
    ("remote", "address"),
    [
        ("https://github.com/o/r.git", "https://github.com/o/r.git"),
        ("https://user:token@gitlab.com/o/r", "https://gitlab.com/o/r"),
        ("git@codeberg.org:o/r.git", "https://codeberg.org/o/r.git"),
        ("ssh://git@git.example.org:2222/o/r.git", "https://git.example.org/o/r.git"),
        ("http://localhost:8080/o/r.git", None),
        ("/srv/git/r.git", None),
        ("file:///srv/git/r.git", None),
        ("../r", None),
    ],
)
def test_remote_addresses_as_ci_clones_them(remote: str, address: str | None) -> None:
    assert project._public_url(remote) == address


def test_a_version_names_this_generator_never_another_project(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert project.generator_requirement("sourced-briefing==1.2") == (
        "sourced-briefing==1.2",
        None,
    )
    assert project.generator_requirement("Sourced_Briefing == 1.2")[0] == "sourced-briefing==1.2"
    assert main(["init", str(tmp_path / "p"), "--title", "T", "--from", "briefing==1.2"]) == 2
    error = capsys.readouterr().err
    assert "`briefing` on PyPI is another project" in error
    assert "give sourced-briefing==1.2" in error
    assert not (tmp_path / "p").exists()


class _Installed:
    """An installed distribution, as importlib.metadata gives it."""

    version = "0.1.0"

    def __init__(self, direct_url: dict[str, object] | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return json.dumps(self.direct_url) if self.direct_url else None


def test_installed_generator_is_pinned_to_where_it_came_from(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[str] = []

    def installed(origin: dict[str, object] | None) -> str:
        def distribution(name: str) -> _Installed:
            asked.append(name)
            if origin == {}:
                raise project.metadata.PackageNotFoundError(name)
            return _Installed(origin)

        monkeypatch.setattr(project.metadata, "distribution", distribution)
        return project._installed_requirement()

    git = {"url": "https://github.com/o/r.git", "vcs_info": {"vcs": "git", "commit_id": "a" * 40}}
    assert installed(git) == f"sourced-briefing @ git+https://github.com/o/r.git@{'a' * 40}"
    wheel = (tmp_path / "sourced_briefing-0.1.0-py3-none-any.whl").as_uri()
    assert installed({"url": wheel, "archive_info": {}}) == f"sourced-briefing @ {wheel}"
    assert installed(None) == "sourced-briefing==0.1.0"  # from a package index
    with pytest.raises(project.ProjectError, match="give --from"):
        installed({})  # neither installed nor a checkout: no name is guessed
    assert set(asked) == {"sourced-briefing"}


def test_upgrade_by_default_follows_the_same_repository(checkout: Path) -> None:
    for name in ("sourced-briefing", "briefing"):  # `briefing`: an older project's line
        pinned = f"{name} @ git+file://localhost{checkout}@{'0' * 40}"
        assert project._newest(pinned) == f"git+file://localhost{checkout}"
        assert project._newest(f"{name} @ {checkout.as_uri()}") == str(checkout)


# --- the advice the build gives


def _advice(**changes: object) -> list[str]:
    settings: dict[str, object] = {
        "theme": "material",
        "font": False,
        "custom_dir": None,
        "plugins": ["material/search", "briefing"],
        "extensions": ["toc", "tables", "attr_list", "footnotes", "md_in_html"],
    }
    settings.update(changes)
    return project.config_advice(**settings)  # type: ignore[arg-type]


def test_advice_names_each_setting_to_change() -> None:
    assert _advice() == []
    assert "set `font: false`" in _advice(font=None)[0]
    assert "add `- search`" in _advice(plugins=["briefing"])[0]
    assert "`footnotes`" in _advice(extensions=["toc", "attr_list", "md_in_html"])[0]
    assert "set `name: material`" in _advice(theme="mkdocs")[0]


def test_this_repository_needs_no_change() -> None:
    assert project.doctor(REPO / "mkdocs.yml") == 0


def test_doctor_notes_a_generator_that_ci_cannot_install(
    new_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The wheel on this machine builds here but not in CI; a published one does."""
    assert project.doctor(new_project / "mkdocs.yml") == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "from the wheel file /" in said and "which CI (GitHub Actions" in said
    assert "nothing will be published" in said
    published = "sourced-briefing @ git+https://example.org/briefing@" + "0" * 40
    assert project.local_note(published) is None
    assert project.local_note("sourced-briefing==0.1.0") is None
    folder = project.local_note("sourced-briefing @ file:///home/ed/briefing")
    assert folder is not None and "the folder /home/ed/briefing on this machine" in folder


def test_doctor_warns_of_a_generator_named_as_another_project(
    new_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Projects written before the generator had its own name say `briefing`, which
    pip can no longer install: doctor (and so `make upgrade`) says what to run."""
    work = tmp_path / "old"
    shutil.copytree(new_project, work, ignore=shutil.ignore_patterns(".git"))
    requirements = work / "requirements.txt"
    requirements.write_text(requirements.read_text().replace("sourced-briefing @", "briefing @"))
    assert project.doctor(work / "mkdocs.yml") == 1
    out = capsys.readouterr().out
    assert "names the generator `briefing`" in out and "run `make upgrade`" in out


def test_advice_on_an_override_follows_the_package_version(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("theme:\n  name: material\n")
    folder = str(tmp_path / "own")
    assert main(["override", "main.html", "--dir", folder, "--config", str(config)]) == 0
    assert main(["override", "main.html", "--dir", str(tmp_path / "own")]) == 2  # exists
    own = tmp_path / "own" / "main.html"
    assert _advice(custom_dir=str(tmp_path / "own")) == []  # copied from this version
    text = own.read_text()
    own.write_text(text.replace(project.theme_hash("main.html"), "0" * 12))
    [changed] = _advice(custom_dir=str(tmp_path / "own"))
    assert "main.html" in changed and "has changed since it was copied" in changed
    own.write_text(text.split("\n", 1)[1])  # no line saying where it came from
    [unknown] = _advice(custom_dir=str(tmp_path / "own"))
    assert "does not say which version" in unknown
    assert f"briefing-override: main.html {project.theme_hash('main.html')}" in unknown


def test_project_override_comes_before_the_package_and_the_build_warns(
    new_project: Path, tmp_path: Path
) -> None:
    """A project's own main.html wins over the package's; the package's other
    overrides (the search dialog's name) still apply; the build says what to do."""
    site = tmp_path / "site"
    work = tmp_path / "project"
    shutil.copytree(new_project, work, ignore=shutil.ignore_patterns(".git"))
    own = work / "overrides" / "main.html"
    own.parent.mkdir()
    own.write_text(
        '{% extends "base.html" %}\n'
        '{% block extrahead %}<meta name="project-override" content="yes">{% endblock %}\n'
    )
    config = (work / "mkdocs.yml").read_text()
    (work / "mkdocs.yml").write_text(
        config.replace("# custom_dir: overrides", "custom_dir: overrides")
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    page = (site / "index.html").read_text()
    assert '<meta name="project-override" content="yes">' in page
    assert 'property="og:site_name"' not in page  # the package's main.html is shadowed
    assert 'class="md-search" data-md-component="search" role="dialog" aria-label=' in page
    assert "overrides/main.html replaces the generator's main.html" in built.stderr
    assert "does not say which version" in built.stderr


def _generator_line(folder: Path) -> str:
    text = (folder / "requirements.txt").read_text()
    return next(line for line in text.splitlines() if line.startswith("sourced-briefing"))


# --- end to end: a new project, built and tested as a user would


def test_new_project_builds_tests_and_upgrades_with_the_installed_generator(
    tmp_path: Path,
) -> None:
    """`init` with the default generator (this checkout), then the project's own
    `make build`, `make test` and `make upgrade`, each in a fresh virtual environment
    that pip fills as a user's would (from its cache where it can)."""
    target = tmp_path / "new"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "init", str(target), "--title", "Test briefing"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "VIRTUAL_ENV"))}
    # pip keeps the wheel it built from a folder named like NAME-VERSION (`wt-package`):
    # forget any built from this checkout before (`make upgrade` installs it without cache).
    subprocess.run(
        [sys.executable, "-m", "pip", "cache", "remove", "sourced_briefing"],
        check=False,
        capture_output=True,
    )

    def make(*goals: str) -> str:
        ran = subprocess.run(
            ["make", *goals], cwd=target, env=env, capture_output=True, text=True, check=False
        )
        assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
        return ran.stdout + ran.stderr

    make("build")
    assert "nothing to compare: the repository has no commit yet" in make("diff")
    _git(target, "add", ".")
    _git(target, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "Start")
    assert "nothing to compare: `main` has a single commit" in make("diff")
    topic = (target / "site" / "topics" / "harbour" / "index.html").read_text()
    for shown in (
        "The harbour master put the number of ships",
        "Ana Example",  # the claimant
        "New quay opens at Example Bay harbour",
    ):
        assert shown in topic
    home = (target / "site" / "index.html").read_text()
    assert 'property="og:site_name"' in home  # the package's main.html, installed with it
    assert 'data-md-component="search" role="dialog" aria-label=' in home  # and search.html
    pinned = _generator_line(target)
    again_dir, title = tmp_path / "again", ["--title", "Again", "--no-git"]
    again = subprocess.run(  # the installed generator starts a project pinned as it is
        [str(target / ".venv" / "bin" / "sourced-briefing"), "init", str(again_dir), *title],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert _generator_line(again_dir) == pinned
    tested = make("test")
    assert "4 passed" in tested
    upgraded = make("upgrade", f"FROM={REPO}")
    assert "nothing to change" in upgraded
    assert f"sourced-briefing @ {REPO.as_uri()}" in (target / "requirements.txt").read_text()


def test_new_project_workflow_is_valid_and_its_tests_are_clean(new_project: Path) -> None:
    """The project's workflow passes actionlint and GitHub's workflow schema; its test
    file passes ruff (it is a template here, so `make lint` does not see it)."""
    workflow = new_project / ".github" / "workflows" / "briefing.yml"
    bin_dir = Path(sys.executable).parent
    schema = "vendor.github-workflows"
    ruff = ["--no-cache", "--config", str(REPO / "pyproject.toml")]  # this repository's rules
    for command in (
        [str(bin_dir / "actionlint"), "-no-color", "-oneline", str(workflow)],
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(workflow)],
        [str(bin_dir / "ruff"), "check", *ruff, str(new_project / "tests")],
        [str(bin_dir / "ruff"), "format", "--check", *ruff, str(new_project / "tests")],
    ):
        ran = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
        assert ran.returncode == 0, ran.stdout + ran.stderr


def test_new_project_publishes_from_its_default_branch(new_project: Path) -> None:
    check_publishing(new_project / ".github" / "workflows" / "briefing.yml")


def test_title_is_written_as_data_in_yaml_and_as_text_in_markdown(tmp_path: Path) -> None:
    title = 'Ships "&" <b>harbour</b>: 100% {{x}} #1'
    args = ["init", str(tmp_path / "p"), "--title", title, "--from", str(REPO), "--no-git"]
    assert main(args) == 0
    briefing = yaml.safe_load((tmp_path / "p" / "facts" / "briefing.yaml").read_text())
    assert briefing["briefing"]["title"] == title
    readme = (tmp_path / "p" / "README.md").read_text()
    assert "<b>" not in readme and "&lt;b&gt;harbour" in readme
