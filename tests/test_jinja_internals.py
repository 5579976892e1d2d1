"""The renderer's shortcuts through Jinja's and markupsafe's internals (render/jinja.py)
behave as Jinja itself does: a template renders the same in the generator's environment
as in a plain autoescaping one, calls that ask for the context get it, and the fallbacks
used when an internal disappears give the same text."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest
from markupsafe import Markup, escape

from generator.render import jinja

TEMPLATE = """\
{%- macro card(title, body="none") -%}<b>{{ title }}</b>:{{ body }}{%- endmacro -%}
{%- macro boxed(title) -%}[{{ title }}{{ caller() }}]{%- endmacro -%}
ctx={{ who_am_i() }}
eval={{ autoescaping() }}
env={{ env_name() }}
plain={{ shout("a<b") }}
method={{ "x&y".upper() }}
macro={{ card("t<1>", body=value) }}
caller={% call boxed("c") %}<i>{{ value }}</i>{% endcall %}
values={{ text }}|{{ markup }}|{{ number }}|{{ real }}|{{ nothing }}|{{ html }}|{{ items }}
loop={% for i in items %}{{ loop.index }}:{{ i }}{{ "," if not loop.last }}{% endfor %}
"""


@jinja2.pass_context
def who_am_i(context: Any) -> str:
    return f"{context['text']}/{context.name}"


@jinja2.pass_eval_context
def autoescaping(eval_context: Any) -> str:
    return str(eval_context.autoescape)


@jinja2.pass_environment
def env_name(environment: Any) -> str:
    return type(environment).__mro__[-2].__name__


class Html:
    def __html__(self) -> str:
        return "<em>safe</em>"


VALUES: dict[str, Any] = {
    "text": "<script>&'\"",
    "markup": Markup("<br>"),
    "number": 42,
    "real": 2.5,
    "nothing": None,
    "html": Html(),
    "items": ["<a>", 3],
    "value": "v&v",
}
GLOBALS: dict[str, Any] = {
    "who_am_i": who_am_i,
    "autoescaping": autoescaping,
    "env_name": env_name,
    "shout": lambda text: text.upper() + "!",
}


def _render(environment: jinja2.Environment) -> str:
    environment.globals.update(GLOBALS)
    return environment.from_string(TEMPLATE).render(VALUES)


def test_the_generators_environment_renders_as_jinja_does() -> None:
    expected = _render(jinja2.Environment(autoescape=True, keep_trailing_newline=True))
    assert "ctx=&lt;script&gt;" in expected and "eval=True" in expected
    assert _render(jinja.environment()) == expected


def test_calls_that_ask_for_the_context_get_it_every_time() -> None:
    """`_Context.call` remembers which functions are plain; one that needs the context
    must not be taken for plain after a plain one was called (nor the reverse)."""
    environment = jinja.environment()
    environment.globals.update(GLOBALS)
    template = environment.from_string("{{ shout('x') }} {{ who_am_i() }} {{ shout('y') }}")
    for _ in range(3):
        assert template.render(VALUES) == "X! &lt;script&gt;&amp;&#39;&#34;/None Y!"


def test_the_fast_paths_are_taken_with_the_pinned_versions() -> None:
    """With the Jinja and markupsafe this project pins, the shortcuts are in use (on a
    new version without them, this fails: see docs/upgrading.md)."""
    assert jinja.FAST_OUTPUT
    assert jinja._Environment.code_generator_class is jinja._CodeGenerator
    assert jinja._escape_text is not jinja._escape_plain


@pytest.mark.parametrize("text", ["", "plain", "<a href='x'>&\"", "é ü — 漢字", "\x00<"])
def test_the_escaping_fallback_gives_markupsafes_text(text: str) -> None:
    assert jinja._escape_text(text) == jinja._escape_plain(text) == str(escape(text))
    assert jinja.escape_output(text) == escape(text)


def test_without_the_code_generator_shortcut_the_output_is_the_same() -> None:
    """The fallback when Jinja's code generator changes: Jinja's own, and `escape`."""

    class Plain(jinja2.Environment):
        context_class = jinja._Context

    expected = _render(jinja2.Environment(autoescape=True, keep_trailing_newline=True))
    assert _render(Plain(autoescape=True, keep_trailing_newline=True)) == expected


def test_every_package_the_generator_imports_is_declared() -> None:
    """markupsafe, for one, is imported directly: it is a dependency of its own, with its
    range, not something Jinja happens to bring."""
    import ast
    import re
    import sys
    import tomllib
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    declared = {
        re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower()
        for d in tomllib.loads((repo / "pyproject.toml").read_text())["project"]["dependencies"]
    }
    # Import names that differ from their distribution's (pydantic pins its core).
    distribution = {"yaml": "pyyaml", "pydantic_core": "pydantic", "resvg_py": "resvg-py"}
    imported = set()
    for path in (repo / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in (n.split(".")[0] for n in names):
                if name not in sys.stdlib_module_names and name != "generator":
                    imported.add(distribution.get(name, name))
    assert sorted(imported - declared) == []
