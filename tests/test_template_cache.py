"""Compiled templates kept on disk (`render.CompiledTemplates` with a folder): a build
takes what the one before it compiled, and a stale, damaged or unwritable cache costs
time only, never a wrong page."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import bc_magic

from generator.render import jinja
from generator.render.jinja import (
    CompiledTemplates,
    _Environment,
    compiled_templates,
    environment,
)


def _env(templates: Path, compiled: CompiledTemplates) -> jinja2.Environment:
    return _Environment(
        loader=jinja2.FileSystemLoader(templates), autoescape=True, bytecode_cache=compiled
    )


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html.j2").write_text("<p>{{ who }} said {{ what }}</p>", encoding="utf-8")
    return folder


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)


def test_a_later_process_takes_the_compiled_code_from_the_folder(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    page = _env(templates, CompiledTemplates(cache)).get_template("page.html.j2")
    assert page.render(who="A & B", what="<yes>") == "<p>A &amp; B said &lt;yes&gt;</p>"
    assert len(list(cache.glob("*.bin"))) == 1
    assert not list(cache.glob(".writing-*"))  # written whole, nothing left behind

    _no_compiling(monkeypatch)  # a new process: an empty memory, the same folder
    again = _env(templates, CompiledTemplates(cache)).get_template("page.html.j2")
    assert again.render(who="A & B", what="<yes>") == "<p>A &amp; B said &lt;yes&gt;</p>"


def test_a_changed_template_is_compiled_again(templates: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _env(templates, CompiledTemplates(cache)).get_template("page.html.j2")
    (templates / "page.html.j2").write_text("<p>{{ who }} denied it</p>", encoding="utf-8")
    page = _env(templates, CompiledTemplates(cache)).get_template("page.html.j2")
    assert page.render(who="C") == "<p>C denied it</p>"


def test_a_damaged_cache_file_is_compiled_again(templates: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _env(templates, CompiledTemplates(cache)).get_template("page.html.j2")
    (entry,) = cache.glob("*.bin")
    whole = entry.read_bytes()
    # Empty, another format, Jinja's header then no valid checksum, cut in the code.
    for damaged in (b"", b"\x00" * 64, bc_magic + b"garbage", whole[: len(whole) // 2]):
        entry.write_bytes(damaged)
        page = _env(templates, CompiledTemplates(cache)).get_template("page.html.j2")
        assert page.render(who="D", what="so") == "<p>D said so</p>"
        assert entry.read_bytes() != damaged  # written again


def test_an_unwritable_cache_keeps_the_code_in_memory(templates: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    compiled = CompiledTemplates(blocked / "cache")
    page = _env(templates, compiled).get_template("page.html.j2")
    assert page.render(who="E", what="it") == "<p>E said it</p>"
    assert len(compiled.code) == 1


def test_the_generators_templates_are_kept_by_what_compiled_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their folder is named for Jinja's version and the module that compiles them, so
    that code made by another version is never taken."""
    compiled = compiled_templates(tmp_path)
    assert compiled.folder is not None and compiled.folder.parent == tmp_path
    assert compiled.folder.name.startswith("templates-")
    assert compiled_templates(tmp_path).folder == compiled.folder  # stable within a version
    with monkeypatch.context() as patched:
        patched.setattr(jinja, "JINJA_VERSION", jinja.JINJA_VERSION + ".post1")
        assert compiled_templates(tmp_path).folder != compiled.folder
    environment(compiled).get_template("_page.html.j2")
    assert list(compiled.folder.glob("*.bin"))
