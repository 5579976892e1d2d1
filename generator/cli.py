"""The command line: `python -m generator check|schema|export|build|new|diff`, and for a
project of its own `init|upgrade|override|doctor|pin`. Installed (the distribution
`sourced-briefing`), it is also the command `sourced-briefing`.

Exit codes: 0 success (warnings allowed), 1 problems in the facts or a failed
build, 2 a usage or internal error. No input, however broken, shows a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from datetime import date
from pathlib import Path

from generator import __version__, diagnostics, examples, model
from generator.corpus import read_corpus
from generator.diagnostics import count, ordered
from generator.pipeline import check_facts
from generator.settings import SettingError, Settings, archive_for, from_environment
from generator.vocabulary import BUILT_IN

COMMAND = "sourced-briefing"  # the installed command, named as the distribution
FORMATS = {
    "text": diagnostics.format_text,
    "github": diagnostics.format_github,
    "json": diagnostics.format_json,
}


def _parser() -> argparse.ArgumentParser:
    program = Path(sys.argv[0]).name
    parser = argparse.ArgumentParser(
        prog=program if program == COMMAND else "python -m generator",
        description="Check curated facts and build the briefing site from them.",
    )
    parser.add_argument("--version", action="version", version=f"{COMMAND} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check the facts and report every problem")
    check.add_argument("path", nargs="?", default="facts", help="folder or file (default: facts)")
    _check_options(check)
    check.add_argument(
        "--format", choices=sorted(FORMATS), default="text", help="how to print problems"
    )
    check.add_argument(
        "--briefing",
        metavar="NAME",
        help="in a site of several briefings: show only the problems of the briefing in "
        "the folder NAME and of the shared files (the whole site is read and checked)",
    )
    check.add_argument(
        "--publishable",
        action="store_true",
        help="also refuse the examples `init` wrote (facts and pages marked EXAMPLE): "
        "ready to publish only when none remains",
    )
    check.add_argument(
        "--base",
        metavar="REF",
        help="a git ref (the branch a pull request targets): warn (with --strict, fail) "
        "where a fact published at REF changed its figure, bound, status, dates, claimant, "
        "quote or source without a new entry under `corrections:`",
    )

    schema = commands.add_parser("schema", help="print the JSON Schema of fact files")
    schema.add_argument("-o", "--output", type=Path, help="write to this file instead")
    schema.add_argument(
        "--facts",
        type=Path,
        default=Path("facts"),
        help="the facts folder whose briefing.yaml may declare claimant kinds and statuses "
        "(default: facts; the built-in ones alone when it does not exist)",
    )

    export = commands.add_parser(
        "export", help="write the whole site as plain files (DIR/docs, DIR/mkdocs.yml)"
    )
    export.add_argument("directory", type=Path)
    export.add_argument(
        "--facts",
        type=Path,
        help="the facts folder (default: the briefing plugin's `facts` in mkdocs.yml, else facts)",
    )
    export.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    _check_options(export)

    new = commands.add_parser("new", help="append a skeleton record to the right fact file")
    new.add_argument("kind", choices=["fact", "estimate", "source", "claimant"])
    new.add_argument("--topic", help="the topic of a new fact (default: the first topic)")
    new.add_argument("--facts", type=Path, default=Path("facts"))

    diff = commands.add_parser(
        "diff",
        help="what a change does to the facts, in words: facts added, changed and removed, "
        "new and resolved problems",
        description="Compare the facts at BASE with HEAD. HEAD defaults to the working tree "
        "(uncommitted edits included). BASE defaults, on the repository's default branch, to "
        "the commit before HEAD, and on any other branch, to where it left the default "
        "branch; with no such commit (a first commit, or no git repository) there is nothing "
        "to compare, which is said, and the exit code is 0.",
    )
    diff.add_argument(
        "base",
        nargs="?",
        help="a git ref (default: the previous commit on the default branch, else where "
        "the branch left it)",
    )
    diff.add_argument("head", nargs="?", help="a git ref (default: the working tree)")
    diff.add_argument("--facts", type=Path, default=Path("facts"))
    diff.add_argument("--format", choices=["text", "markdown"], default="text")
    diff.add_argument(
        "--today",
        type=date.fromisoformat,
        help="the date to check against (YYYY-MM-DD; default: today)",
    )

    build = commands.add_parser("build", help="check the facts and build the site into site/")
    build.add_argument("--config", default="mkdocs.yml", help="MkDocs configuration file")
    build.add_argument("--site-dir", type=Path, default=Path("site"))
    build.add_argument("--engine", choices=["mkdocs", "properdocs", "zensical"], default="mkdocs")
    build.add_argument(
        "--zensical", default=".venv-zensical/bin/zensical", help="the zensical program"
    )
    _check_options(build)

    init = commands.add_parser(
        "init",
        help="start a new briefing project in DIR",
        description="Write a new briefing project into DIR (a new or empty folder): "
        "mkdocs.yml, the about, methodology and editors' pages, worked example facts, a "
        "Makefile, CI, editor settings and a pinned requirements.txt that installs this "
        "generator as a package.",
    )
    init.add_argument("directory", type=Path)
    init.add_argument("--title", required=True, help="the briefing's title")
    init.add_argument("--from", dest="spec", metavar="SPEC", help=SPEC_HELP)
    init.add_argument("--no-git", action="store_true", help="do not run `git init` in DIR")

    upgrade = commands.add_parser(
        "upgrade",
        help="install a newer generator in this project and re-pin requirements.txt",
    )
    upgrade.add_argument(
        "--from",
        dest="spec",
        metavar="SPEC",
        help=SPEC_HELP.replace(
            "the generator that runs",
            "the newest commit of the same git repository, or the same wheel or folder",
        ),
    )
    upgrade.add_argument("--project", type=Path, default=Path("."), help=argparse.SUPPRESS)

    override = commands.add_parser(
        "override", help="copy one of the generator's theme templates into the project"
    )
    override.add_argument("name", help="main.html, partials/search.html, sitemap.xml, robots.txt")
    override.add_argument("--dir", type=Path, default=Path("overrides"), help="default: overrides")
    override.add_argument("--config", type=Path, default=Path("mkdocs.yml"))

    doctor = commands.add_parser(
        "doctor", help="say what mkdocs.yml or the project's overrides need for this generator"
    )
    doctor.add_argument("--config", type=Path, default=Path("mkdocs.yml"))

    pin = commands.add_parser("pin", help="print the pinned requirements of a project")
    pin.add_argument("requirement", help="the generator's requirement line")
    pin.add_argument("-o", "--output", type=Path, help="write to this file instead")
    return parser


SPEC_HELP = (
    "where to install the generator from: a wheel file, a source checkout (a folder), a "
    "git reference (git+URL@ref, pinned to its commit) or sourced-briefing==VERSION "
    "(default: the generator that runs)"
)


def _check_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        help="the date to check against (YYYY-MM-DD; default: today)",
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:  # the environment, read once, here at the edge
        settings = from_environment(os.environ)
    except SettingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "check":
            return _check(args, settings)
        if args.command == "schema":
            return _schema(args)
        if args.command == "export":
            from generator.export import export

            return export(
                args.facts,
                args.directory,
                strict=args.strict,
                today=args.today,
                config=args.config,
                environment=settings,
            )
        if args.command == "new":
            from generator.scaffold import new

            return new(args.kind, args.facts, args.topic)
        if args.command == "diff":
            return _diff(args, settings)
        if args.command == "build":
            from generator.engine import build_site

            return build_site(
                args.config,
                args.site_dir,
                strict=args.strict,
                today=args.today,
                engine=args.engine,
                zensical=args.zensical,
                environment=os.environ,
            )
        if args.command in ("init", "upgrade", "override", "doctor", "pin"):
            return _project(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of the output left early, as `| head` does
        # Python flushes stdout again at exit: point it at nothing, so that it is quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # an internal error: say so plainly, without a traceback
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("please report this with the fact file that caused it", file=sys.stderr)
        return 2
    return 2


def _docs_pages(facts: Path) -> tuple[dict[str, str], str]:
    """The hand-written pages of the project whose facts are `facts` (its docs_dir, from
    the mkdocs.yml beside them), and that folder as the messages name it."""
    from generator import project

    config = project._read_config(facts.parent / "mkdocs.yml")
    folder = str(config.get("docs_dir") or "docs") if isinstance(config, dict) else "docs"
    return examples.read_pages(facts.parent / folder), folder


def _check(args: argparse.Namespace, settings: Settings) -> int:
    path, part = Path(args.path), args.briefing or ""
    checked = check_facts(
        path,
        strict=args.strict,
        today=args.today or settings.today,
        archive=archive_for(settings, path),
        limits=settings.limits,
    )
    diagnostics, marked = checked.diagnostics, []
    if args.base:  # a change to a published fact without its correction entry
        from generator.review import ReviewError, missing_corrections

        try:
            missing = missing_corrections(path, args.base, checked.corpus)
        except ReviewError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if args.strict:
            missing = [d.escalated() for d in missing]
        diagnostics = ordered([*diagnostics, *missing])
        checked = dataclasses.replace(checked, diagnostics=diagnostics)
    if args.publishable:  # the examples `init` wrote, as errors (see generator/examples.py)
        marked = examples.in_facts(path, settings.limits) + examples.in_pages(*_docs_pages(path))
        diagnostics = ordered([*diagnostics, *(d.escalated() for d in marked)])
    if part and part not in checked.corpus.parts:
        known = ", ".join(checked.corpus.parts) or "none: it is a folder of one briefing"
        print(f"error: {path} has no briefing `{part}`; its briefings: {known}", file=sys.stderr)
        return 2
    if part:  # one briefing of a site: its problems and the shared files'
        of = checked.corpus.part_of_file
        diagnostics = [d for d in diagnostics if of.get(d.loc.path, "") in (part, "")]
    output = FORMATS[args.format](diagnostics)
    if output:
        print(output)
    if args.format != "json":
        stream = sys.stderr if args.format == "github" else sys.stdout
        if part:
            errors, warnings = count(diagnostics)
            print(
                f"check {'ok' if errors == 0 else 'failed'}: {errors} error{'s' * (errors != 1)}, "
                f"{warnings} warning{'s' * (warnings != 1)} in the briefing `{part}` and the "
                f"shared files (the whole site in {path} was read)\n" + checked.by_briefing(),
                file=stream,
            )
        else:
            print(checked.summary(), file=stream)
        if args.publishable:
            print(examples.verdict(marked), file=stream)
    return 0 if count(diagnostics)[0] == 0 else 1


def _project(args: argparse.Namespace) -> int:
    from generator import project

    if args.command == "init":
        return project.init(args.directory, args.title, args.spec, git=not args.no_git)
    if args.command == "upgrade":
        return project.upgrade(args.project, args.spec)
    if args.command == "override":
        return project.override(args.name, args.dir, args.config)
    if args.command == "doctor":
        return project.doctor(args.config)
    return project.pin(args.requirement, args.output)


def _diff(args: argparse.Namespace, settings: Settings) -> int:
    from generator.review import FORMATS as REVIEW_FORMATS
    from generator.review import NothingToCompare, ReviewError, review

    try:
        result = review(
            args.facts,
            args.base,
            args.head,
            today=args.today or settings.today,
            archive=archive_for(settings, args.facts),
        )
    except NothingToCompare as exc:
        print(f"nothing to compare: {exc}")
        return 0
    except ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(REVIEW_FORMATS[args.format](result))
    return 0


def _schema(args: argparse.Namespace) -> int:
    vocabulary = BUILT_IN
    if args.facts.is_dir():
        vocabulary = read_corpus(args.facts)[0].vocabulary
    text = json.dumps(model.json_schema(vocabulary), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
