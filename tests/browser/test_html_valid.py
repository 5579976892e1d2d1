"""The built pages are valid HTML, by the Nu HTML checker (vnu-jar from npm)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sitechecks import PAGE_TYPES, VNU_THEME_ERRORS, html_files, page_file, run_vnu, vnu_problems

pytestmark = pytest.mark.browser


def _break(html: str) -> str:
    """Two elements with one id, and a table cell outside any row."""
    html = html.replace("<article", '<p id="dup">a</p><p id="dup">b</p><article', 1)
    return html.replace("<tbody>", "<tbody><td>stray</td>", 1)


@pytest.fixture(scope="session")
def vnu_report(
    built_site: Path, vnu_jar: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """One run of the checker (its JVM takes seconds to start) over every built page and a
    deliberately broken copy of the quantity page."""
    broken = tmp_path_factory.mktemp("vnu") / "broken.html"
    quantity = page_file(built_site, PAGE_TYPES["quantity"])
    broken.write_text(_break(quantity.read_text(encoding="utf-8")), encoding="utf-8")
    files = html_files(built_site)
    messages = run_vnu([*files, broken])
    return {
        "files": files,
        "site": [m for m in messages if not m.get("url", "").endswith("/broken.html")],
        "broken": [m for m in messages if m.get("url", "").endswith("/broken.html")],
    }


def test_every_page_is_valid_html(built_site: Path, vnu_report: dict[str, Any]) -> None:
    """Every built page (a superset of one per page type) has no error but the theme's."""
    assert {page_file(built_site, p) for p in PAGE_TYPES.values()} <= set(vnu_report["files"])
    assert vnu_problems(vnu_report["site"]) == []


def test_every_allowed_theme_error_still_occurs(vnu_report: dict[str, Any]) -> None:
    """An allow-list entry that no longer matches anything (Material fixed it) must go."""
    for allowed in VNU_THEME_ERRORS:
        assert allowed.extract and len(allowed.reason) > 40
        hits = [
            m
            for m in vnu_report["site"]
            if allowed.message in m["message"] and allowed.extract in m.get("extract", "")
        ]
        assert hits, f"no page has this allowed error any more; remove it: {allowed.message}"


def test_checker_finds_invalid_markup(vnu_report: dict[str, Any]) -> None:
    problems = vnu_problems(vnu_report["broken"])
    assert any("Duplicate ID “dup”" in p for p in problems), problems
    assert any("“td”" in p for p in problems), problems
