"""One briefing, three engines: MkDocs, ProperDocs and Zensical build the same site.

`make test` installs the extra engines first (`make engines`); run alone without
them, these tests skip, except under CI, where a missing engine fails.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.pipeline import check_facts
from generator.render import render_site

REPO = Path(__file__).resolve().parent.parent
ZENSICAL = REPO / ".venv-zensical" / "bin" / "zensical"
SEARCH_INDEX = {"mkdocs": "search/search_index.json", "properdocs": "search/search_index.json"}
SEARCH_INDEX["zensical"] = "search.json"


def _available(engine: str) -> bool:
    if engine == "zensical":
        return ZENSICAL.exists()
    return importlib.util.find_spec(engine) is not None


@pytest.fixture(scope="module", params=["mkdocs", "properdocs", "zensical"])
def engine_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    engine = str(request.param)
    if not _available(engine):
        message = f"{engine} is not installed; run `make engines`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    site = tmp_path_factory.mktemp(engine) / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--engine", engine, "--site-dir", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return engine, site


@pytest.fixture(scope="module")
def generated_pages() -> list[str]:
    checked = check_facts(REPO / "facts")
    return [p for p in render_site(checked.corpus) if p.endswith(".md")]


def _html_path(page: str) -> str:
    if page == "index.md":
        return "index.html"
    stem = page.removesuffix(".md").removesuffix("/index")
    return f"{stem}/index.html"


def test_every_generated_page_exists(engine_site: tuple[str, Path], generated_pages: list[str]):
    _, site = engine_site
    missing = [p for p in generated_pages if not (site / _html_path(p)).is_file()]
    assert missing == []
    for download in ("data/facts.json", "data/facts.csv", "feed.xml", "build.json"):
        assert (site / download).is_file(), download


def test_known_estimate_shows_claimant_and_article_date(engine_site: tuple[str, Path]):
    _, site = engine_site
    page = (site / "estimates/north-korean-troops-for-russia/index.html").read_text()
    body = page[page.index("<tbody>") :]
    row = next(r for r in body.split("<tr>") if "about 1,500" in r)
    assert "National Intelligence Service" in row
    assert "Bloomberg, 22 October 2024" in row


def test_search_index_holds_fact_text(engine_site: tuple[str, Path]):
    engine, site = engine_site
    index = (site / SEARCH_INDEX[engine]).read_text()
    assert "Ponomarenko" in index
    assert "adaptation" in index  # words from a fact's text, not only titles


def test_no_page_loads_anything_from_another_host(engine_site: tuple[str, Path]):
    _, site = engine_site
    loads = re.compile(
        r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="(https?:)?//', re.I
    )
    offenders = [p for p in site.rglob("*.html") if loads.search(p.read_text())]
    assert offenders == []


def test_the_head_carries_the_packages_overrides(engine_site: tuple[str, Path]):
    """The theme overrides the package ships (main.html: link cards, the Dataset's
    JSON-LD on the home page) reach every engine, the exported tree included."""
    _, site = engine_site
    home = (site / "index.html").read_text()
    assert '<meta property="og:title"' in home
    assert re.search(r'<script type="application/ld\+json">[^<]*"Dataset"', home)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_export_is_deterministic_and_machine_neutral(tmp_path: Path) -> None:
    trees = []
    for name in ("one", "two"):
        target = tmp_path / name
        result = subprocess.run(
            [sys.executable, "-m", "generator", "export", str(target)],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1900000000"},
            check=False,
        )
        assert result.returncode == 0, result.stderr
        trees.append(target)
    assert _digest(trees[0]) == _digest(trees[1])
    for path in trees[0].rglob("*"):
        if path.is_file():
            text = path.read_bytes()
            for root in {str(REPO), str(tmp_path), os.path.expanduser("~")}:
                assert root.encode() not in text, (path, root)
    config = yaml.safe_load((trees[0] / "mkdocs.yml").read_text())
    assert config["plugins"] == ["search"] and config["docs_dir"] == "docs"
    assert json.loads((trees[0] / "docs/build.json").read_text())["built"] == "2030-03-17T17:46:40Z"


_META = re.compile(
    r"<title>(?P<title>[^<]*)</title>"
    r'|<meta property="og:description" content="(?P<description>[^"]*)"'
    r'|<meta property="(?:og:updated_time|article:modified_time)" content="(?P<lastmod>[^"]*)"'
    r'|<meta property="og:image" content="(?P<image>[^"]*)"'
    r'|<meta property="og:image:alt" content="(?P<image_alt>[^"]*)"'
)


def _metadata(site: Path, pages: list[str]) -> dict[str, dict[str, str]]:
    """Each generated page's title, description, last-modified day and share image,
    from its head."""
    found = {}
    for page in pages:
        head = (site / _html_path(page)).read_text()
        head = head[: head.index("</head>")]
        fields: dict[str, str] = {}
        for match in _META.finditer(head):
            fields.update({k: html.unescape(v) for k, v in match.groupdict().items() if v})
        found[page] = fields
    return found


@pytest.fixture(scope="module")
def reference_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("reference") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def test_every_engine_gives_each_page_the_same_metadata(
    engine_site: tuple[str, Path], reference_site: Path, generated_pages: list[str]
) -> None:
    """Title, description, last-modified day and share image of every generated page
    are those the MkDocs plugin gives: both paths take them from one adapter
    (generator/adapter.py)."""
    _, site = engine_site
    expected = _metadata(reference_site, generated_pages)
    assert sum("lastmod" in m for m in expected.values()) > len(expected) // 2
    assert all(m["image"].endswith(".png") and m["image_alt"] for m in expected.values())
    assert _metadata(site, generated_pages) == expected


def test_export_reads_the_facts_folder_the_plugin_names(tmp_path: Path) -> None:
    """`facts:` in the plugin's options is the facts folder for every engine: export
    (which Zensical builds) reads it as the plugin does."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "site_src", project / "site_src")
    shutil.copytree(REPO / "tests" / "fixtures" / "corpus", project / "notes")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    ours = next(p for p in config["plugins"] if isinstance(p, dict) and "briefing" in p)
    ours["briefing"] = {**(ours["briefing"] or {}), "facts": "notes"}
    config["nav"] = None
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "export", str(tmp_path / "tree")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "BRIEFING_TODAY": "2031-04-01"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "tree" / "docs" / "estimates" / "ships-calling.md").is_file()


_OEMBED = re.compile(r'<link rel="alternate" type="application/json\+oembed" href="([^"]*)"')


def _embeds_of(site: Path) -> dict[str, str]:
    """Each quantity page's oEmbed link (its address, unescaped), and the embeds' files
    and `_headers` by their content's hash."""
    found = {}
    for page in sorted((site / "estimates").glob("*/index.html")):
        links = _OEMBED.findall(page.read_text(encoding="utf-8"))
        found[page.relative_to(site).as_posix()] = html.unescape(links[0]) if links else ""
    for file in [*sorted((site / "embed").rglob("*")), site / "_headers"]:
        if file.is_file():
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            found[file.relative_to(site).as_posix()] = digest
    return found


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_every_engine_offers_the_same_oembed_links_and_embeds(engine: str, tmp_path: Path) -> None:
    """With the site's address, each quantity page with a chart names its oEmbed
    description in its head (from the adapter's page metadata), and the embeds and
    `_headers` are the same files, whichever engine builds the site."""
    if not _available(engine):
        if os.environ.get("CI"):
            pytest.fail(f"{engine} is not installed; run `make engines`")
        pytest.skip(f"{engine} is not installed; run `make engines`")
    built = {}
    for name in ("mkdocs", engine):
        site = tmp_path / name
        result = subprocess.run(
            [sys.executable, "-m", "generator", "build", "--engine", name, "--site-dir", str(site)],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={**os.environ, "SITE_URL": "https://briefing.example.org/nk/"},
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        built[name] = _embeds_of(site)
    linked = [v for k, v in built["mkdocs"].items() if k.startswith("estimates/") and v]
    assert len(linked) >= 5 and all(v.endswith("/oembed.json") for v in linked)
    assert built[engine] == built["mkdocs"]
