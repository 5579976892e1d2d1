"""What a new project (`init`) shows and publishes: its title written once, its
examples marked until they are replaced, its branding in mkdocs.yml, the build stamp
in the about page's colophon rather than the footer, and plain words on whether its
quotes were verified."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import project
from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
TITLE = "Harbour watch"


def _init(target: Path, title: str = TITLE) -> Path:
    assert main(["init", str(target), "--title", title, "--from", str(REPO), "--no-git"]) == 0
    return target


def _run(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "BRIEFING_ARCHIVE": "", "BRIEFING_TODAY": "2026-01-01", **env},
        check=False,
    )


def _build(folder: Path, site: str = "site") -> str:
    built = _run(folder, "build", "--site-dir", str(folder / site))
    assert built.returncode == 0, built.stdout + built.stderr
    return built.stderr


def _page(folder: Path, path: str, site: str = "site") -> str:
    return (folder / site / path).read_text(encoding="utf-8")


def _header(html: str) -> str:
    """The site's name in the header (Material's first `md-header__topic`)."""
    found = re.search(r'md-header__topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', html)
    assert found, "no header title"
    return found.group(1)


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html)
    assert found
    return found.group(1)


def _drop_examples(folder: Path) -> None:
    """What an editor does once every example is replaced: the EXAMPLE lines go."""
    for path in [*folder.glob("facts/*.yaml"), *folder.glob("site_src/*.md")]:
        text = path.read_text(encoding="utf-8")
        kept = [line for line in text.splitlines(True) if "EXAMPLE" not in line]
        path.write_text("".join(kept), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A new project, built once as `init` wrote it; and what the build printed."""
    folder = _init(tmp_path_factory.mktemp("dayone") / "harbour")
    return folder, _build(folder)


# --- 1. The title in one place


def test_init_writes_the_title_in_the_briefing_only(tmp_path: Path) -> None:
    """Not in mkdocs.yml, nor in a hand-written page: the briefing names the site."""
    folder = _init(tmp_path / "p", "Quayside ledger")
    assert project._read_config(folder / "mkdocs.yml")["site_name"] == ""
    briefing = yaml.safe_load((folder / "facts" / "briefing.yaml").read_text())
    assert briefing["briefing"]["title"] == "Quayside ledger"
    holding = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "Quayside ledger" in p.read_text(encoding="utf-8")
    }
    # README.md names the repository and CITATION.cff the dataset it holds, for those
    # who cite it (neither is published on the site).
    assert holding == {"facts/briefing.yaml", "README.md", "CITATION.cff"}


def test_changing_the_title_in_the_briefing_renames_the_built_site(
    built: tuple[Path, str],
) -> None:
    folder, _ = built
    home, about = _page(folder, "index.html"), _page(folder, "about/index.html")
    assert _header(home) == TITLE and _header(about) == TITLE
    assert _title(about) == f"About this briefing - {TITLE}"
    assert f">{TITLE}<a" in home  # the home page's heading
    briefing = folder / "facts" / "briefing.yaml"
    briefing.write_text(
        briefing.read_text().replace(f'"{TITLE}"', '"Quayside ledger"'), encoding="utf-8"
    )
    try:
        _build(folder, "renamed")
    finally:
        briefing.write_text(
            briefing.read_text().replace('"Quayside ledger"', f'"{TITLE}"'), encoding="utf-8"
        )
    pages = list((folder / "renamed").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert TITLE not in html, page
        if page.name != "404.html" and "embed" not in page.relative_to(folder).parts:
            assert _header(html) == "Quayside ledger", page
            assert _title(html).endswith("Quayside ledger"), page
    home = _page(folder, "index.html", "renamed")
    assert '<h1 id="quayside-ledger">Quayside ledger<a' in home
    assert (
        _title(_page(folder, "about/index.html", "renamed"))
        == "About this briefing - Quayside ledger"
    )


def test_a_site_name_in_mkdocs_yml_still_names_the_site(tmp_path: Path) -> None:
    folder = _init(tmp_path / "p")
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace('site_name: ""', "site_name: The Desk"))
    _build(folder)
    assert _header(_page(folder, "about/index.html")) == "The Desk"


# --- 2. Examples marked


EXAMPLES = {
    "facts/briefing.yaml",
    "facts/claimants.yaml",
    "facts/harbour.yaml",
    "facts/quantities.yaml",
    "facts/sources.yaml",
    "facts/topics.yaml",
    "site_src/about.md",
}


def _marked(folder: Path) -> list[str]:
    """Every EXAMPLE marker line `init` wrote, as file:line."""
    return [
        f"{p.relative_to(folder).as_posix()}:{n}"
        for p in sorted([*folder.glob("facts/*.yaml"), *folder.glob("site_src/*.md")])
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.match(r"\s*(#|<!--)\s*EXAMPLE:", line)
    ]


def test_every_example_is_marked_and_every_build_names_each(built: tuple[Path, str]) -> None:
    folder, log = built
    marked = _marked(folder)
    assert {m.split(":")[0] for m in marked} == EXAMPLES
    assert len([m for m in marked if m.startswith("facts/harbour.yaml")]) == 3  # each fact
    warned = re.findall(r"^(\S+?:\d+):\d+: warning\[example\]: ", log, re.M)
    assert warned == marked
    assert f"warning: {len(marked)} examples from `init` still marked" in log


def test_the_strict_check_passes_and_the_publish_check_refuses_the_examples(
    tmp_path: Path,
) -> None:
    folder = _init(tmp_path / "p")
    strict = _run(folder, "check", "--strict")
    assert strict.returncode == 0, strict.stdout + strict.stderr
    assert "example" not in strict.stdout
    refused = _run(folder, "check", "--strict", "--publishable")
    assert refused.returncode == 1
    errors = re.findall(r"^(\S+?:\d+):\d+: error\[example\]: ", refused.stdout, re.M)
    assert errors == _marked(folder)
    assert "not publishable: 9 examples from `init` still marked" in refused.stdout
    # One example left: still refused, and named.
    _drop_examples(folder)
    about = folder / "site_src" / "about.md"
    about.write_text("<!-- EXAMPLE: a paragraph to replace -->\n" + about.read_text())
    refused = _run(folder, "check", "--publishable")
    assert refused.returncode == 1
    assert re.findall(r"^\S+: error\[example\]", refused.stdout, re.M) == [
        "site_src/about.md:1:1: error[example]"
    ]
    about.write_text(about.read_text().split("\n", 1)[1])
    ready = _run(folder, "check", "--publishable")
    assert ready.returncode == 0, ready.stdout
    assert "publishable: no example from `init` is left" in ready.stdout
    assert "warning[example]" not in _build(folder)


def test_the_workflow_checks_for_examples_before_it_publishes(built: tuple[Path, str]) -> None:
    folder, _ = built
    workflow = yaml.safe_load((folder / ".github" / "workflows" / "briefing.yml").read_text())
    steps = workflow["jobs"]["deploy"]["steps"]
    runs = [str(step.get("run", "")) for step in steps]
    publishable = next(i for i, run in enumerate(runs) if "check --publishable" in run)
    build = next(i for i, run in enumerate(runs) if "make build" in run)
    deploy = next(i for i, step in enumerate(steps) if "deploy-pages" in str(step.get("uses")))
    assert publishable < build < deploy
    # The tests' job does not refuse them: a new project's pull requests pass.
    assert not any("--publishable" in str(s.get("run")) for s in workflow["jobs"]["test"]["steps"])


# --- 3. Branding


def test_branding_is_set_in_mkdocs_yml_and_the_material_credit_can_go(tmp_path: Path) -> None:
    folder = _init(tmp_path / "p")
    config_path = folder / "mkdocs.yml"
    text = config_path.read_text()
    branding = text[text.index("# --- Branding") : text.index("# --- end of branding")]
    for setting in ("# logo:", "# favicon:", "palette:", "primary:", "accent:", "# copyright:"):
        assert setting in branding, setting
    config = project._read_config(config_path)
    assert config["extra"]["generator"] is True
    _build(folder)
    assert "Made with" in _page(folder, "index.html")
    text = text.replace("  generator: true", "  generator: false")
    text = text.replace("# copyright: ", "copyright: ")
    text = text.replace("primary: indigo", "primary: teal")
    config_path.write_text(text)
    _build(folder)
    for page in ("index.html", "about/index.html", "topics/index.html"):
        html = _page(folder, page)
        footer = html[html.index("<footer") :]
        assert "Made with" not in footer and "Material for MkDocs" not in footer
        assert "© 2025 The Example Desk · text under CC BY 4.0" in footer
        assert 'data-md-color-primary="teal"' in html


# --- 4. The build stamp: in the colophon, not the footer


def test_the_build_stamp_is_in_the_colophon_and_no_footer(built: tuple[Path, str]) -> None:
    folder, _ = built
    stamp = yaml.safe_load(_page(folder, "build.json"))
    about = _page(folder, "about/index.html")
    colophon = about[about.index('<h2 id="colophon">') : about.index("<footer")]
    assert stamp["facts_sha256"] in colophon
    assert stamp["generator"] in colophon and stamp["built"] in colophon
    assert 'href="../build.json"' in colophon
    for page in (folder / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        footer = html[html.index("<footer") :] if "<footer" in html else ""  # embeds: none
        assert stamp["facts_sha256"][:12] not in footer, page


# --- 6. Quotes: verified or not, said plainly


QUOTE = """
  - id: example-quote
    kind: statement
    topics: [harbour]
    text: The harbour master said the quay was ready.
    quote: the quay is ready
    source: example-gazette-2025-03-14
    claimant: example-harbour-master
    stated: 2025-03-10
"""


def test_the_check_says_whether_quotes_were_verified(tmp_path: Path) -> None:
    folder = _init(tmp_path / "p")
    with (folder / "facts" / "harbour.yaml").open("a") as facts:
        facts.write(QUOTE)
    sources = folder / "facts" / "sources.yaml"
    sources.write_text(sources.read_text() + "    archive: gazette-quay.txt\n")
    unset = _run(folder, "check", "--strict")
    assert unset.returncode == 0, unset.stdout
    assert (
        "quotes NOT verified: no archive folder (set BRIEFING_ARCHIVE or the plugin's archive "
        "option)" in unset.stdout
    )
    # Kept outside the repository: a folder named by BRIEFING_ARCHIVE.
    archive = tmp_path / "articles"
    archive.mkdir()
    (archive / "gazette-quay.txt").write_text("The master said: the quay is ready, at last.")
    verified = _run(folder, "check", "--strict", BRIEFING_ARCHIVE=str(archive))
    assert verified.returncode == 0, verified.stdout
    assert "1 quote verified against 1 archived article" in verified.stdout
    # The folder lacks the source's copy: an error in the strict check.
    (archive / "gazette-quay.txt").unlink()
    missing = _run(folder, "check", "--strict", BRIEFING_ARCHIVE=str(archive))
    assert missing.returncode == 1
    assert re.search(r"facts/sources.yaml:\d+:\d+: error\[archive-missing\]", missing.stdout)
    assert "0 quotes verified against 0 archived articles (1 NOT verified" in missing.stdout
    # The folder itself is missing (a copy not fetched): the same, not a silent pass.
    gone = _run(folder, "check", "--strict", BRIEFING_ARCHIVE=str(tmp_path / "nowhere"))
    assert gone.returncode == 1
    assert "error[archive-missing]" in gone.stdout and "does not exist" in gone.stdout
    assert "quotes NOT verified: the archive folder" in gone.stdout
    # Or named once in mkdocs.yml, relative to it: the check and the build read it.
    (archive / "gazette-quay.txt").write_text("The master said: the quay is ready, at last.")
    config = folder / "mkdocs.yml"
    settings = config.read_text()
    assert "      # archive: ../articles\n" in settings
    config.write_text(
        settings.replace("      # archive: ../articles\n", "      archive: ../articles\n")
    )
    verified = _run(folder, "check", "--strict")
    assert "1 quote verified against 1 archived article" in verified.stdout, verified.stdout
    assert "1 quote verified against 1 archived article" in _build(folder)
    exported = _run(folder, "export", str(tmp_path / "tree"))
    assert "1 quote verified against 1 archived article" in exported.stderr
    config.write_text(settings)
    # The build says it too.
    log = _build(folder)
    assert (
        "quotes NOT verified: no archive folder (set BRIEFING_ARCHIVE or the plugin's archive "
        "option)" in log
    )


def test_an_export_for_other_engines_is_named_by_the_briefing_with_its_colophon(
    built: tuple[Path, str], tmp_path: Path
) -> None:
    """ProperDocs and Zensical build the exported tree: its mkdocs.yml names the site
    by the briefing's title, and the about page holds the colophon in place of its line."""
    folder, _ = built
    exported = _run(folder, "export", str(tmp_path / "tree"))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    settings = yaml.safe_load((tmp_path / "tree" / "mkdocs.yml").read_text())
    assert settings["site_name"] == TITLE
    assert "copyright" not in settings
    about = (tmp_path / "tree" / "docs" / "about.md").read_text()
    stamp = yaml.safe_load((tmp_path / "tree" / "docs" / "build.json").read_text())
    assert "<!-- colophon -->" not in about
    assert "## Colophon" in about and stamp["facts_sha256"] in about
    assert "facts/harbour.yaml:6:3: warning[example]" in exported.stderr


def test_a_new_title_reaches_every_page_of_a_dirty_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `mkdocs serve --dirty`, a page whose own content did not change is still
    written again when the briefing's title (the site's name in its header) changes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder = _init(tmp_path / "p")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("BRIEFING_TODAY", "2026-01-01")
    site = tmp_path / "site"
    plugins = None

    def rebuild() -> None:
        nonlocal plugins
        config = load_config("mkdocs.yml", site_dir=str(site))
        if plugins is None:
            config.plugins.on_startup(command="serve", dirty=True)
            plugins = config.plugins
        config.plugins = plugins
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    rebuild()
    source = site / "claimants" / "index.html"  # a page that does not show the title
    assert _header(source.read_text()) == TITLE
    briefing = folder / "facts" / "briefing.yaml"
    briefing.write_text(briefing.read_text().replace(f'"{TITLE}"', '"Quayside ledger"'))
    rebuild()
    assert _header(source.read_text()) == "Quayside ledger"


def test_a_title_with_markup_is_shown_as_text(tmp_path: Path) -> None:
    """The title comes from the facts: the theme, which prints the site's name as HTML,
    gets it escaped, in a build and in an export for other engines."""
    title = """<img src=x onerror="alert(1)"> Ships & 'boats'"""
    folder = _init(tmp_path / "p", title)
    _build(folder)
    escaped = "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; Ships &amp; &#39;boats&#39;"
    for page in (folder / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html, page
        assert "&amp;lt;" not in html and "&amp;amp;" not in html, page  # not twice
    about = _page(folder, "about/index.html")
    assert re.sub(r"&#x27;|&#39;", "&#39;", re.sub(r"&quot;|&#34;", "&#34;", _header(about))) == (
        escaped
    )
    exported = _run(folder, "export", str(tmp_path / "tree"))
    assert exported.returncode == 0, exported.stderr
    name = yaml.safe_load((tmp_path / "tree" / "mkdocs.yml").read_text())["site_name"]
    assert "<img" not in name and "&lt;img" in name
