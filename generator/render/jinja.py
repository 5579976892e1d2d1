"""Every use of Jinja's and markupsafe's internals, fenced in one module.

The renderer needs three things Jinja does not offer as public API, each for speed
(a site's templates write over half a million values and make hundreds of thousands
of calls):

- `_Context.call`: Jinja's `Context.call`, with a short way for callables that take no
  context (Jinja looks for `pass_context` and its kin on every call);
- `_CodeGenerator._output_child_pre`: `{{ ... }}` escaped by `escape_output` instead of
  `escape`;
- `markupsafe._escape_inner`: markupsafe's own text escaping, without `Markup`'s
  constructor.

`as_markup` also leaves out `Markup`'s constructor, through `str.__new__` (public
Python, no fallback needed), for HTML the renderer has already made safe.

Each has a fallback: when a new Jinja or markupsafe no longer has the internal, the
environment is built from Jinja's own classes and `escape`, slower and the same
output. `tests/test_jinja_internals.py` holds both paths to Jinja's behaviour
(`pass_context` included); docs/upgrading.md lists what to check on an upgrade.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import types
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.nodes
import jinja2.runtime
from markupsafe import Markup, escape

from generator.i18n import ENGLISH, Language, format_number


def _escape_plain(value: str) -> str:
    return str(escape(value))


try:  # markupsafe's own text escaping (in C when built), for `escape_output`
    from markupsafe import _escape_inner as _escape_text  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on markupsafe's version
    _escape_text = _escape_plain


TEMPLATES = Path(__file__).parent / "templates"
JINJA_VERSION = metadata.version("jinja2")
# Whether Jinja's code generator still writes an output's escaping where we expect it.
FAST_OUTPUT = hasattr(jinja2.compiler.CodeGenerator, "_output_child_pre")

_new_str = str.__new__


# Text that is already HTML, as `Markup`, without `Markup`'s constructor (a partial of
# a builtin: no Python frame per call; links and fact items make hundreds of thousands).
as_markup: Callable[[str], Markup] = functools.partial(_new_str, Markup)


# Callables that take no context: what templates call (globals, methods, macros).
_PLAIN: dict[Any, bool] = {jinja2.runtime.Macro: True, types.BuiltinMethodType: True}


class _Context(jinja2.runtime.Context):
    """Calls from templates, as Jinja makes them, with a short way for plain callables.

    Jinja's `call` looks for `pass_context` and its kin on every call; a site makes
    hundreds of thousands of calls, none of which need it. Whether a function needs
    it is looked up once per function.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind in (types.FunctionType, types.MethodType):
            function = __obj.__func__ if kind is types.MethodType else __obj
            plain = _PLAIN.get(function)
            if plain is None:
                plain = _PLAIN[function] = not hasattr(function, "jinja_pass_arg")
        else:
            plain = _PLAIN.get(kind, False)
        if not plain:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        return __obj(*args, **kwargs)


def escape_output(value: Any) -> Markup:
    """What `{{ value }}` writes: markupsafe's `escape`, with its common cases
    made short. Text is escaped by markupsafe's own escaping function and wrapped
    without `Markup`'s Python-level constructor; markup is written as it is (it is
    immutable; `escape` would copy it), and so are numbers (as text, they hold nothing to
    escape). Anything else goes to `escape`."""
    kind = type(value)
    if kind is str:
        return _new_str(Markup, _escape_text(value))
    if kind is Markup:
        return value  # type: ignore[no-any-return]
    if kind is int or kind is float:  # digits, signs, ".", "e", "inf", "nan"
        return _new_str(Markup, str(value))
    return escape(value)


class _CodeGenerator(jinja2.compiler.CodeGenerator):  # used when FAST_OUTPUT
    """Jinja's code generator, with `{{ ... }}` escaped by `escape_output` (a site's
    templates write over half a million values, each through `escape`)."""

    def _output_child_pre(
        self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any
    ) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None:
            self.write("environment.escape_output(")
        else:
            super()._output_child_pre(node, frame, finalize)


class _Environment(jinja2.Environment):
    context_class = _Context
    if FAST_OUTPUT:
        code_generator_class = _CodeGenerator
    escape_output = staticmethod(escape_output)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the life of the process (the rebuilds of
    a live preview do not compile them again) and, given a `folder`, on disk for the
    builds after it (which then compile only the templates that changed).

    Jinja checks each entry against its template's source and its own format, and
    compiles again when either differs; the folder's name says what else shaped the
    code (see `compiled_templates`). A file that cannot be read or written there is
    compiled again or kept in memory only: the folder saves time and nothing else.
    Its files are loaded as code, like Python's __pycache__: keep it out of version
    control, and never restore it from anywhere you would not take code from.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.code: dict[str, bytes] = {}
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is None and self.folder is not None:
            try:
                code = (self.folder / f"{bucket.key}.bin").read_bytes()
            except OSError:
                return
        if code is not None:
            try:
                bucket.bytecode_from_string(code)
            except Exception:  # a damaged file: compile the template again
                bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            _write_whole(self.folder / f"{bucket.key}.bin", code)


def _write_whole(path: Path, data: bytes) -> None:
    """Write a file through a temporary one, so that no reader finds it half written;
    if that fails, leave nothing behind."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-")
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def compiled_templates(cache_dir: Path) -> CompiledTemplates:
    """The generator's compiled templates, kept under `cache_dir` in a folder named for
    what shapes their code besides their sources: Jinja's version and this module
    (its code generator, `_CodeGenerator`)."""
    shaped_by = JINJA_VERSION.encode() + Path(__file__).read_bytes()
    return CompiledTemplates(cache_dir / f"templates-{hashlib.sha256(shaped_by).hexdigest()[:16]}")


_COMPILED = CompiledTemplates()


def environment(compiled: CompiledTemplates | None = None) -> jinja2.Environment:
    """The one Jinja environment: HTML, SVG and XML templates, all autoescaped; their
    compiled code is kept in `compiled` (by default, in memory for the process)."""
    return _Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build
        bytecode_cache=compiled or _COMPILED,
    )


def template_words(
    language: Language,
) -> tuple[Callable[..., Markup], Callable[..., Markup]]:
    """What templates write the generator's words with, in `language`:
    `_("Headline: {figure}", figure=...)` and `ngettext(singular, plural, n, ...)`
    (`{count}` is n, in the language's digits). A message is HTML as the catalogs give
    it (as Jinja's i18n extension takes it); the values put in it are escaped, unless
    already markup (`escape_output`, as `{{ value }}` is). Messages hold plain
    `{name}` placeholders only, so `str.format` fills them (markupsafe's own `format`
    is several times slower). In English, a message is looked up in no catalog."""
    gettext, ngettext = language.gettext, language.ngettext
    english = language is ENGLISH

    def words(message: str, **values: Any) -> Markup:
        text = message if english else gettext(message)
        if values:
            text = text.format_map({k: escape_output(v) for k, v in values.items()})
        return as_markup(text)

    def plural(singular: str, plural: str, n: int, **values: Any) -> Markup:
        values = {k: escape_output(v) for k, v in values.items()}
        values["count"] = escape_output(format_number(n, language))
        return as_markup(ngettext(singular, plural, n).format_map(values))

    return words, plural
