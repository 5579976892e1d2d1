"""A briefing project of its own: `init`, `upgrade`, `override` and `doctor`.

- `init DIR --title T [--from SPEC]` writes a new project from the templates in
  `project_template/` (Jinja, `*.j2`): mkdocs.yml, the hand-written pages, worked
  example facts, a Makefile, CI, editor settings, a CITATION.cff (how to cite the
  briefing; its authors a placeholder for the editors) and a pinned requirements.txt
  that installs this generator as a package (never a copy of its code).
- `upgrade [--from SPEC]`, run in a project, installs the new generator, then has it
  re-pin requirements.txt, regenerate facts/schema.json and say what mkdocs.yml or the
  project's own overrides need.
- `override NAME` copies one of the package's theme templates into the project's
  `custom_dir`, marked with the hash of the version it was copied from, so that the
  build can say when the package's version has changed since.
- `doctor` prints what mkdocs.yml and the overrides need (the build says the same).

SPEC is a wheel file, a source checkout (a folder), a git reference (`git+URL@ref`,
pinned to the commit the ref names) or `sourced-briefing==VERSION`. By default it is
the generator that runs: its checkout at its commit when its code is committed (at the
address of the remote that has that commit, when one does, else the local repository),
else the folder itself; an installed generator is pinned to where it was installed from.

The distribution is `sourced-briefing` (DISTRIBUTION): `briefing` on PyPI is another
project, so no requirement this module writes ever names it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2
import yaml

from generator import __version__, codes, git, model, vocabulary
from generator.render import markdown

PACKAGE = Path(__file__).resolve().parent
TEMPLATE = PACKAGE / "project_template"
THEME = PACKAGE / "render" / "theme"  # the package's theme overrides, for MkDocs' theme

# What each of the package's theme overrides does, for the messages about a project's own.
OVERRIDES = {
    "main.html": "the feed link, the link cards and the JSON-LD in each page's head",
    "partials/search.html": "the search dialog's accessible name",
    "partials/language.html": "each page's language and direction (`<html lang>`, `dir`)",
    "sitemap.xml": "the sitemap",
    "robots.txt": "robots.txt",
}
MARKER = re.compile(r"briefing-override: (\S+) ([0-9a-f]{12})")
# Markdown extensions the briefing's pages use, besides MkDocs' own toc and tables.
EXTENSIONS = ("attr_list", "footnotes", "md_in_html")
DISTRIBUTION = "sourced-briefing"
# The generator's line in a project's requirements.txt; `briefing ...` in projects
# written before the distribution had its own name.
GENERATOR_LINE = re.compile(r"^(?:sourced[-_.])?briefing\b.*$", re.M | re.I)
NAMED = re.compile(r"^(?:sourced[-_.])?briefing\s*@\s*", re.I)


class ProjectError(Exception):
    """A project cannot be written or upgraded as asked; the message says why."""


# --- init


def init(directory: Path, title: str, spec: str | None = None, *, git: bool = True) -> int:
    """Write a new briefing project into `directory` (absent or empty)."""
    try:
        if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
            raise ProjectError(
                f"{directory} already exists and is not an empty folder; "
                "name a new folder (nothing was written)"
            )
        if not title.strip():
            raise ProjectError("--title must not be empty")
        requirement, note = generator_requirement(spec)
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    files = project_files(title.strip(), requirement)
    try:
        _write(directory, files)
    except OSError as exc:
        print(f"error: {directory} cannot be written ({exc.strerror or exc})", file=sys.stderr)
        return 2
    if git and shutil.which("git"):
        # On `main`, whatever git's own default is: the branch the workflow publishes from
        # is the repository's default branch, which GitHub takes from the first push.
        subprocess.run(["git", "init", "-q", "-b", "main", str(directory)], check=False)
    print(f"wrote {directory}/ ({len(files)} files), with the generator from: {requirement}")
    for line in [note, local_note(requirement)]:
        if line:
            print(f"note: {line}")
    print(f"next: cd {directory} && make build && make serve (see README.md)")
    return 0


def _write(directory: Path, files: dict[str, str]) -> None:
    """Every file, written beside the folder first, then moved in at once."""
    parent = directory.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-init-", dir=parent))
    try:
        for path, text in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if directory.exists():  # empty: fill it
            for entry in staging.iterdir():
                entry.rename(directory / entry.name)
        else:
            staging.rename(directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def project_files(title: str, requirement: str) -> dict[str, str]:
    """Every file of a new project, by its path in the project."""
    env = _environment()
    values = {"title": title, "vocabulary": vocabulary, "codes": codes}
    files: dict[str, str] = {}
    for name in env.list_templates(filter_func=lambda n: n.endswith(".j2")):
        if name.startswith("_"):
            continue  # included by other templates
        target = "/".join(
            ("." + part[4:]) if part.startswith("dot-") else part
            for part in name.removesuffix(".j2").split("/")
        )
        files[target] = env.get_template(name).render(values)
    files["requirements.txt"] = requirements_text(requirement)
    files["facts/schema.json"] = schema_text()
    return dict(sorted(files.items()))


def requirements_text(requirement: str) -> str:
    return _environment().get_template("_requirements.txt.j2").render(generator=requirement)


def schema_text() -> str:
    return json.dumps(model.json_schema(), indent=2, ensure_ascii=False) + "\n"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # plain text files: YAML (values through `tojson`), Markdown, Makefile
    )
    env.filters["md"] = markdown.text  # a value as Markdown text, no markup of its own
    return env


# --- where the generator is installed from


def generator_requirement(spec: str | None) -> tuple[str, str | None]:
    """The requirements line that installs the generator from SPEC, pinned where it
    can be, and a note when it cannot be."""
    if spec is None:
        return _default_requirement()
    if spec.startswith("git+"):
        return _git_requirement(spec), None
    version = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:==|===)\s*(\S+)", spec)
    if version:
        name = _canonical(version.group(1))
        if name != DISTRIBUTION:
            other = " (`briefing` on PyPI is another project)" if name == "briefing" else ""
            raise ProjectError(
                f"--from {spec}: `{version.group(1)}` is not this generator{other}; "
                f"its name on PyPI is `{DISTRIBUTION}`: give {DISTRIBUTION}=={version.group(2)}"
            )
        return f"{DISTRIBUTION}=={version.group(2)}", None
    if re.match(r"https?://", spec):
        if not spec.endswith(".whl"):
            raise ProjectError(f"--from {spec}: a web address must name a wheel (.whl)")
        return f"{DISTRIBUTION} @ {spec}", None
    path = Path(spec).expanduser()
    if path.suffix == ".whl":
        if not path.is_file():
            raise ProjectError(f"--from {spec}: no such wheel file")
        return f"{DISTRIBUTION} @ {path.resolve().as_uri()}", None
    if path.is_dir():
        if not (path / "pyproject.toml").is_file():
            raise ProjectError(
                f"--from {spec}: not a source checkout of the generator (no pyproject.toml)"
            )
        return f"{DISTRIBUTION} @ {path.resolve().as_uri()}", (
            "a folder is installed as it is when installed, not pinned to a version; "
            "`make upgrade` installs it again"
        )
    raise ProjectError(
        f"--from {spec}: give a wheel file, a source checkout (a folder), "
        f"a git reference (git+URL@ref) or {DISTRIBUTION}==VERSION"
    )


def _canonical(name: str) -> str:
    """A distribution's name as package indexes compare names (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _default_requirement() -> tuple[str, str | None]:
    """The generator that runs: a source checkout, or an installed package."""
    checkout = PACKAGE.parent
    if (checkout / "pyproject.toml").is_file():
        top = _git(checkout, "rev-parse", "--show-toplevel")
        changed = _git(checkout, "status", "--porcelain", "--", "generator", "pyproject.toml")
        if top and changed == "":
            sha = _git(checkout, "rev-parse", "HEAD") or ""
            sub = checkout.relative_to(Path(top).resolve()).as_posix()
            fragment = "" if sub == "." else f"#subdirectory={sub}"
            remote = published_remote(Path(top), sha)
            if remote:
                return f"{DISTRIBUTION} @ git+{remote}@{sha}{fragment}", None
            origin = _public_url(_git(Path(top), "remote", "get-url", "origin") or "")
            where = f"git+{origin or 'https://HOST/OWNER/REPOSITORY'}@{sha}{fragment}"
            return f"{DISTRIBUTION} @ git+{_git_url(Path(top).as_uri())}@{sha}{fragment}", (
                f"commit {sha[:12]} of the generator is on no branch of a remote repository "
                "(as of the last fetch), so the project is pinned to the repository on this "
                f"machine; push the commit, then run `make upgrade FROM={where}` in the project"
            )
        reason = (
            "its code has uncommitted changes; commit them (or give --from) to pin a version"
            if top
            else "it is not a git checkout; give --from to pin a version"
        )
        return f"{DISTRIBUTION} @ {checkout.as_uri()}", (
            f"the generator is pinned as the folder {checkout}, not a commit: {reason}"
        )
    return _installed_requirement(), None


def published_remote(top: Path, sha: str) -> str | None:
    """The address, for anyone to clone, of a remote repository one of whose branches
    has commit `sha` (as this checkout last fetched them); `origin` first."""
    listed = _git(top, "for-each-ref", "--contains", sha, "--format=%(refname)", "refs/remotes")
    names = dict.fromkeys(
        ref.split("/")[2]
        for ref in (listed or "").splitlines()
        if ref.count("/") >= 3 and not ref.endswith("/HEAD")
    )
    for name in sorted(names, key=lambda n: n != "origin"):
        address = _public_url(_git(top, "remote", "get-url", name) or "")
        if address:
            return address
    return None


def _public_url(url: str) -> str | None:
    """A remote's address as CI clones a public repository (https, without the user
    name or any password in it), or None for a repository on this machine."""
    scp = re.fullmatch(r"(?:[\w.-]+@)?([\w.-]+\.[\w.-]+):(?!//)(\S+)", url)  # git@host:o/r
    found = scp or re.fullmatch(r"(?:https?|ssh|git)://(?:[^@/]*@)?([^/:]+)(?::\d+)?/(\S+)", url)
    if found is None or re.fullmatch(r"localhost|127(\.\d+){3}|\[?::1\]?", found.group(1)):
        return None
    return f"https://{found.group(1)}/{found.group(2).lstrip('/')}"


def _installed_requirement() -> str:
    """Where this installed generator came from (PEP 610's direct_url.json)."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise ProjectError(
            f"this generator is neither a source checkout nor installed as `{DISTRIBUTION}`, "
            "so where it comes from is unknown; give --from (a wheel file, a source "
            "checkout or git+URL@ref)"
        ) from None
    text = distribution.read_text("direct_url.json")
    if not text:  # from a package index
        return f"{DISTRIBUTION}=={distribution.version}"
    origin = json.loads(text)
    url = origin.get("url", "")
    vcs = origin.get("vcs_info")
    if vcs:
        fragment = f"#subdirectory={origin['subdirectory']}" if origin.get("subdirectory") else ""
        return f"{DISTRIBUTION} @ {vcs['vcs']}+{_git_url(url)}@{vcs['commit_id']}{fragment}"
    return f"{DISTRIBUTION} @ {url}" if url else f"{DISTRIBUTION}=={distribution.version}"


def _git_requirement(spec: str) -> str:
    """`git+URL@ref`, with the ref turned into the commit it names now."""
    rest = spec.removeprefix("git+")
    fragment = ""
    if "#" in rest:
        rest, fragment = rest.split("#", 1)
        fragment = "#" + fragment
    url, ref = rest, "HEAD"
    if "@" in rest.rsplit("/", 1)[-1]:
        url, ref = rest.rsplit("@", 1)
    url = _git_url(url)
    if re.fullmatch(r"[0-9a-f]{40}", ref):
        return f"{DISTRIBUTION} @ git+{url}@{ref}{fragment}"
    try:
        found = subprocess.run(
            ["git", "ls-remote", url, ref, f"{ref}^{{}}"],  # an annotated tag's commit too
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ProjectError(f"--from {spec}: git cannot be run ({exc})") from None
    refs = [line.split("\t") for line in found.stdout.splitlines() if "\t" in line]
    refs.sort(key=lambda r: not r[1].endswith("^{}"))  # the commit a tag names, first
    if found.returncode != 0 or not refs:
        detail = found.stderr.strip().splitlines()[-1:] or ["no such branch or tag"]
        raise ProjectError(
            f"--from {spec}: `{ref}` names no commit of {url} ({detail[0]}); "
            "give a branch, a tag or a full commit id"
        )
    return f"{DISTRIBUTION} @ git+{url}@{refs[0][0]}{fragment}"


def _git_url(url: str) -> str:
    """A local repository's address as requirements allow it: PEP 508 wants a host in
    a `git+file` address, and git reads `file://localhost/path` as `file:///path`."""
    return "file://localhost/" + url.removeprefix("file:///") if url.startswith("file:///") else url


def _git(folder: Path, *args: str) -> str | None:
    found = git.output(folder, *args, timeout=30)
    return found.strip() if found is not None else None


# --- upgrade


def upgrade(project: Path, spec: str | None = None) -> int:
    """Install the generator from SPEC (by default, where it came from, at its newest),
    then let the new generator re-pin requirements.txt and regenerate the schema."""
    requirements = project / "requirements.txt"
    try:
        text = requirements.read_text(encoding="utf-8")
        current = GENERATOR_LINE.search(text)
        if current is None:
            raise ProjectError(f"{requirements} names no `{DISTRIBUTION}` requirement")
        requirement, note = generator_requirement(spec or _newest(current.group(0)))
    except OSError as exc:
        print(
            f"error: {requirements} cannot be read ({exc.strerror}); run it in a project",
            file=sys.stderr,
        )
        return 2
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"upgrading the generator: {current.group(0)} -> {requirement}")
    python = sys.executable
    # Never from pip's cache: pip keeps the wheel it built from a folder whose name reads as
    # NAME-VERSION (`sourced-briefing`) and would install that again, however old.
    fresh = ["--force-reinstall", "--no-deps", "--no-cache-dir"]
    steps = [
        [python, "-m", "pip", "install", "--quiet", *fresh, requirement],
        [python, "-m", "generator", "pin", requirement, "-o", str(requirements)],
        [python, "-m", "pip", "install", "--quiet", "-r", str(requirements)],
        [python, "-m", "generator", "schema", "-o", str(project / "facts" / "schema.json")],
    ]
    for step in steps:  # in new processes: each runs the newly installed generator
        if subprocess.run(step, cwd=project, check=False).returncode != 0:
            print(f"error: `{' '.join(step[2:])}` failed; see above", file=sys.stderr)
            return 1
    doctor = [python, "-m", "generator", "doctor", "--config", str(project / "mkdocs.yml")]
    advised = subprocess.run(doctor, cwd=project, check=False).returncode != 0
    if note:
        print(f"note: {note}")
    print(
        "upgraded"
        + (": change what the warnings above say, then" if advised else "; now")
        + " review the changes (git diff) and run `make test`"
    )
    return 0


def _newest(current: str) -> str:
    """What `upgrade` installs by default: for a git pin, the newest commit of the
    same repository's default branch; otherwise the same wheel, folder or version.
    (A line naming `briefing`, from before the generator had its own name, too.)"""
    address = NAMED.sub("", current, count=1)
    found = re.fullmatch(r"(git\+.+)@[0-9a-f]{40}(#.*)?", address)
    if found:
        return found.group(1) + (found.group(2) or "")
    if address.startswith("file://"):
        return Path(unquote(address.removeprefix("file://"))).as_posix()
    return address


def pin(requirement: str, output: Path | None) -> int:
    """Write the project's requirements with this generator's pins."""
    text = requirements_text(requirement)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return 0


# --- the project's overrides and settings


def theme_hash(name: str) -> str:
    return hashlib.sha256((THEME / name).read_bytes()).hexdigest()[:12]


def override(name: str, folder: Path, config: Path) -> int:
    """Copy the package's theme template NAME into the project's overrides folder."""
    if name not in OVERRIDES:
        print(
            f"error: no override `{name}`; choose one of: {', '.join(OVERRIDES)}", file=sys.stderr
        )
        return 2
    target = folder / name
    if target.exists():
        print(f"error: {target} exists already; edit it, or remove it first", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    marker = f"{{#- briefing-override: {name} {theme_hash(name)} (keep this line) -#}}\n"
    target.write_text(marker + (THEME / name).read_text(encoding="utf-8"), encoding="utf-8")
    print(f"wrote {target}: the generator's {name} ({OVERRIDES[name]}), to change as you need")
    settings = _read_config(config)
    theme = settings.get("theme") if isinstance(settings, dict) else None
    if not (isinstance(theme, dict) and theme.get("custom_dir")):
        print(f"next: set `custom_dir: {folder.as_posix()}` under `theme:` in {config}")
    return 0


def config_advice(
    *,
    theme: str | None,
    font: Any,
    custom_dir: str | None,
    plugins: Iterable[str],
    extensions: Iterable[str],
) -> list[str]:
    """What a project's mkdocs.yml or its own theme overrides need changing, in words."""
    advice: list[str] = []
    if theme != "material":
        advice.append(
            f"theme `{theme}`: the briefing's pages are made for Material for MkDocs; "
            "set `name: material` under `theme:`"
        )
    if font is not False:
        advice.append(
            "the theme loads web fonts from Google, a request to a third party; "
            "set `font: false` under `theme:`"
        )
    names = set(plugins)
    if not names & {"search", "material/search"}:
        advice.append("no search: add `- search` to `plugins:`, before `- briefing`")
    missing = [e for e in EXTENSIONS if e not in set(extensions)]
    if missing:
        advice.append(
            "the briefing's pages use the Markdown extensions "
            + ", ".join(f"`{e}`" for e in missing)
            + ": add them to `markdown_extensions:`"
        )
    if custom_dir:
        advice += [*_override_advice(Path(custom_dir))]
    return advice


def _override_advice(folder: Path) -> Iterable[str]:
    for name, purpose in OVERRIDES.items():
        own = folder / name
        if not own.is_file():
            continue
        now = theme_hash(name)
        found = MARKER.search(own.read_text(encoding="utf-8", errors="replace")[:500])
        fix = (
            f"compare it with {THEME / name}, bring in what changed, then put "
            f"`{{#- briefing-override: {name} {now} -#}}` on its first line "
            f"(or delete it to use the generator's)"
        )
        if found is None:
            yield (
                f"{own} replaces the generator's {name} ({purpose}) and does not say "
                f"which version of it it was made from; {fix}"
            )
        elif found.group(2) != now:
            yield (
                f"{own} replaces the generator's {name} ({purpose}), which has changed "
                f"since it was copied ({found.group(2)}, now {now}); {fix}"
            )


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml as data, with MkDocs' own tags (`!ENV`, `!relative`) read as null."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:", lambda loader, suffix, node: None)


def _read_config(config: Path) -> Any:
    try:
        return yaml.load(
            config.read_text(encoding="utf-8"), Loader=_TolerantLoader
        )  # safe: a SafeLoader
    except (OSError, yaml.YAMLError):
        return None


def doctor(config: Path) -> int:
    """Print what mkdocs.yml and the project's overrides need; 1 when anything does."""
    settings = _read_config(config)
    if not isinstance(settings, dict):
        print(f"error: {config} cannot be read as MkDocs settings", file=sys.stderr)
        return 2
    theme = settings.get("theme")
    theme = theme if isinstance(theme, dict) else {"name": theme}
    plugins = [
        p if isinstance(p, str) else next(iter(p), "") for p in settings.get("plugins") or []
    ]
    extensions = ["toc", "tables"]  # MkDocs' own
    for entry in settings.get("markdown_extensions") or []:
        extensions.append(entry if isinstance(entry, str) else next(iter(entry), ""))
    advice = config_advice(
        theme=theme.get("name"),
        font=theme.get("font"),
        custom_dir=str(config.parent / theme["custom_dir"]) if theme.get("custom_dir") else None,
        plugins=plugins,
        extensions=extensions,
    )
    if "briefing" not in plugins:
        advice.insert(0, "the generator is not in `plugins:`; add `- briefing` after `- search`")
    requirements = config.parent / "requirements.txt"
    try:
        pinned = GENERATOR_LINE.search(requirements.read_text("utf-8"))
    except OSError:
        pinned = None
    if pinned and not pinned.group(0).lower().startswith(("sourced-", "sourced_", "sourced.")):
        advice.append(
            f"{requirements} names the generator `briefing`, as projects did before it had "
            f"a name of its own; pip cannot install it under that name (`briefing` on PyPI "
            f"is another project): run `make upgrade`, which rewrites the line as "
            f"`{DISTRIBUTION}`"
        )
    for line in advice:
        print(f"warning: {config}: {line}")
    if not advice:
        print(f"{config}: nothing to change for {DISTRIBUTION} {__version__}")
    if pinned and (local := local_note(pinned.group(0))):
        print(f"note: {local}")
    return 1 if advice else 0


def local_note(requirement: str) -> str | None:
    """What a requirement says when it installs the generator from this machine (a
    folder, a wheel file, a git repository), which CI on any other machine cannot reach;
    None when it names a place anyone can reach."""
    found = re.search(r"(git\+)?file://(?:localhost)?(/[^\s#]*)", requirement)
    if found is None:
        return None
    path = unquote(found.group(2))
    if found.group(1):
        what = f"the git repository {re.sub(r'@[0-9a-f]{40}$', '', path)}"
    elif path.endswith(".whl"):
        what = f"the wheel file {path}"
    else:
        what = f"the folder {path}"
    return (
        f"requirements.txt installs the generator from {what} on this machine, which CI "
        "(GitHub Actions, or any other machine) cannot reach: the site builds here, but "
        "the workflow will fail and nothing will be published. Before you push, name a "
        "public git repository, pinned to a commit by `make upgrade "
        "FROM=git+https://HOST/OWNER/REPOSITORY@TAG`, or a version on PyPI: "
        f"`make upgrade FROM={DISTRIBUTION}==VERSION`"
    )
