"""`python -m generator diff BASE [HEAD]`: what a change does to the facts, in words.

For a reviewer of a pull request: the facts added, updated, corrected, withdrawn and
removed between two versions of the facts folder (which estimate, by whom, in which
article, from what figure to what figure), and the checker's warnings and errors that
the change brings or resolves. Both versions are read and checked in full.

A fact present at BASE is published: a change to what it claims (its figure, bound,
dates, claimants, quote or source; history.CORRECTED) is a correction, and one without
a new entry under `corrections:` is named as such. `check --base REF` turns those into
`correction-missing` diagnostics at each fact's id (`missing_corrections`), which
`--strict` refuses.

HEAD defaults to the working tree, so an editor sees uncommitted edits too. BASE
defaults, on the repository's default branch (origin's, else `main`, else `master`), to
the commit before HEAD: what the last commit did; on any other branch, to where that
branch left the default branch. With nothing to compare (no commit before, no git
repository) `NothingToCompare` says so, and the command exits 0. A version at
a git ref is read from git's objects (as What changed does, see history.py) into a
temporary folder and checked there; paths in the report are the repository's.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import git
from generator.corpus import Corpus, FactRecord, read_blobs
from generator.diagnostics import Diagnostic, Location, warning
from generator.history import Change, _blobs, _tree, compare
from generator.model import Estimate
from generator.pipeline import check_facts
from generator.wording import (
    CHANGE_HEADINGS,
    CHANGE_KINDS,
    as_of_words,
    change_counts_words,
    change_detail_words,
    change_sentence_words,
    correction_words,
    missing_notice_words,
    published,
    review_headline_words,
    value_label,
    withdrawal_words,
)

WORKING_TREE = "the working tree"


class ReviewError(Exception):
    """A ref that is not a commit, or no git repository: said plainly, exit 2."""


class NothingToCompare(Exception):
    """No earlier version to compare with by default (a new repository, a first commit,
    no git at all): not an error, said plainly, exit 0."""


@dataclass(frozen=True)
class Version:
    label: str  # "main (abc1234)" or "the working tree"
    corpus: Corpus
    diagnostics: list[Diagnostic]  # with repository-relative paths


@dataclass(frozen=True)
class Review:
    base: Version
    head: Version
    changes: list[Change]
    new: list[Diagnostic]  # in head, not in base (by file, code and message)
    resolved: list[Diagnostic]  # in base, not in head

    def described(self, change: Change) -> str:
        """A change in words: the fact (from the version that has it) and what changed."""
        corpus = self.base.corpus if change.kind == "removed" else self.head.corpus
        fact = next(f for f in corpus.facts if f.id == change.fact_id)
        return describe(fact, corpus)


def review(
    facts: Path,
    base: str | None = None,
    head: str | None = None,
    *,
    today: date | None = None,
    archive: Path | None = None,
) -> Review:
    """Compare the facts folder at `base` with `head` (None: the working tree)."""
    facts = facts.resolve()
    top = git.output(facts if facts.is_dir() else facts.parent, "rev-parse", "--show-toplevel")
    if top is None:
        if base is None:
            raise NothingToCompare(
                f"{facts} is not in a git repository, so there is no earlier version of the "
                "facts; once they are committed (`git init`, `git add`, `git commit`), this "
                "shows what each change does"
            )
        raise ReviewError(f"{facts} is not inside a git repository")
    repo = Path(top.strip())
    prefix = facts.relative_to(repo).as_posix()
    label = None
    if base is None:
        base, label = default_base(repo, prefix, working_tree=head is None)
    before = _at_ref(repo, prefix, base, today, archive, label)
    if head is None:
        checked = check_facts(facts, today=today, archive=archive)
        after = Version(WORKING_TREE, checked.corpus, _relative(checked.diagnostics, repo))
    else:
        after = _at_ref(repo, prefix, head, today, archive)
    changes = compare(_by_id(before.corpus), _by_id(after.corpus))
    old = {_key(d): d for d in before.diagnostics}
    new = {_key(d): d for d in after.diagnostics}
    return Review(
        before,
        after,
        changes,
        [d for k, d in new.items() if k not in old],
        [d for k, d in old.items() if k not in new],
    )


def missing_corrections(facts: Path, base: str, corpus: Corpus) -> list[Diagnostic]:
    """`correction-missing` warnings, at each fact's id in `corpus` (the facts as they
    are now), for the facts published at `base` whose claim changed without a new
    correction entry. Only the version at `base` is read (not checked)."""
    facts = facts.resolve()
    top = git.output(facts if facts.is_dir() else facts.parent, "rev-parse", "--show-toplevel")
    if top is None:
        raise ReviewError(f"{facts} is not inside a git repository, so there is no `{base}`")
    repo = Path(top.strip())
    sha = git.output(repo, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    if not sha:
        raise ReviewError(f"`{base}` is not a commit in {repo}")
    tree = _tree(repo, sha.strip(), facts.relative_to(repo).as_posix())
    contents = _blobs(repo, list(dict.fromkeys(tree.values())))
    before = read_blobs({name: contents.get(blob, b"") for name, blob in tree.items()})
    found = []
    for change in compare(_by_id(before), _by_id(corpus)):
        if change.missing_notice:
            fact = corpus.fact_by_id[change.fact_id]
            found.append(
                warning(
                    fact.where("id"),
                    "correction-missing",
                    f"`{fact.id}` is published at {base}, and "
                    + missing_notice_words(change.corrected),
                )
            )
    return found


def default_branch(repo: Path) -> tuple[str, str] | None:
    """The repository's default branch, by name, and the ref to compare with (the local
    branch, else the remote's): the one `origin` names, else `main`, else `master`."""
    names = ["main", "master"]
    origin = _ref(repo, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if origin and origin.startswith("origin/"):
        names.insert(0, origin.removeprefix("origin/"))
    for name in names:
        for ref in (f"refs/heads/{name}", f"refs/remotes/origin/{name}"):
            if _ref(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"):
                return name, ref
    return None


def default_base(repo: Path, prefix: str, *, working_tree: bool) -> tuple[str, str]:
    """The commit to compare with when none is given, and its words in the report."""
    if not _ref(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"):
        raise NothingToCompare(
            "the repository has no commit yet, so there is no earlier version of the facts; "
            "once they are committed, this shows what each change does"
        )
    current = _ref(repo, "symbolic-ref", "--quiet", "--short", "HEAD")  # None: detached
    found = default_branch(repo)
    if found is None or current == found[0]:
        branch = current or "HEAD"
        previous = _ref(repo, "rev-parse", "--verify", "--quiet", "HEAD~1^{commit}")
        if previous:
            return previous, f"the previous commit on {branch} ({previous[:12]})"
        edited = git.output(repo, "status", "--porcelain", "--", prefix or ".")
        if working_tree and edited and edited.strip():
            first = _ref(repo, "rev-parse", "HEAD") or "HEAD"
            return first, f"the first commit on {branch} ({first[:12]})"
        raise NothingToCompare(
            f"`{branch}` has a single commit, so there is no earlier version of the facts; "
            "after the next commit (or with uncommitted edits), this shows what changed"
        )
    name, ref = found
    fork = _ref(repo, "merge-base", "HEAD", ref)
    if not fork:
        raise ReviewError(
            f"HEAD shares no history with the default branch `{name}`; give BASE (a branch, "
            "a tag or a commit to compare with)"
        )
    return fork, f"where {current or 'HEAD'} left {name} ({fork[:12]})"


def _ref(repo: Path, *args: str) -> str | None:
    """One line of git's answer, or None when git says no."""
    found = git.output(repo, *args)
    return found.strip() or None if found else None


def _at_ref(
    repo: Path,
    prefix: str,
    ref: str,
    today: date | None,
    archive: Path | None,
    label: str | None = None,
) -> Version:
    sha = git.output(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if not sha:
        raise ReviewError(f"`{ref}` is not a commit in {repo}")
    sha = sha.strip()
    tree = _tree(repo, sha, prefix)
    contents = _blobs(repo, list(dict.fromkeys(tree.values())))
    with tempfile.TemporaryDirectory(prefix="briefing-diff-") as folder:
        root = Path(folder)
        for name, blob in tree.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(contents.get(blob, b""))
        (root / prefix).mkdir(parents=True, exist_ok=True)
        checked = check_facts(root / prefix, today=today, archive=archive)
        diagnostics = _relative(checked.diagnostics, root)
    if label is None:
        label = sha[:12] if sha.startswith(ref) else f"{ref} ({sha[:12]})"
    return Version(label, checked.corpus, diagnostics)


def _relative(diagnostics: list[Diagnostic], root: Path) -> list[Diagnostic]:
    """Diagnostics whose paths are relative to `root` (the repository's, in effect)."""
    result = []
    for d in diagnostics:
        path = (Path.cwd() / d.loc.path).resolve()
        try:
            shown = path.relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = d.loc.path
        result.append(
            Diagnostic(Location(shown, d.loc.line, d.loc.col), d.code, d.message, d.severity)
        )
    return result


def _key(d: Diagnostic) -> tuple[str, str, str, str]:
    """The same problem, wherever its line moved to."""
    return (d.loc.path, d.severity, d.code, d.message)


def _by_id(corpus: Corpus) -> dict[str, FactRecord]:
    return {f.id: f for f in corpus.facts}


def describe(fact: FactRecord, corpus: Corpus) -> str:
    """Which fact, in the words of the site: the estimate (quantity, figure, status,
    as-of date) or the claim's text, then who said it and in which article."""
    claimants = " and ".join(
        corpus.claimant_by_id[c].name if c in corpus.claimant_by_id else c for c in fact.claimant
    )
    source = corpus.source_by_id.get(fact.source)
    article = (
        f"{source.publisher}, “{source.title}” ({published(source)})" if source else fact.source
    )
    if isinstance(fact, Estimate):
        quantity = corpus.quantity_by_id.get(fact.quantity)
        label = quantity.label if quantity else fact.quantity
        status = f" {corpus.vocabulary.status_words(fact.status)}" if fact.status else ""
        what = f"estimate of {label}: {value_label(fact)}{status}, {as_of_words(fact.as_of_date)}"
    else:
        what = f"{fact.kind} “{fact.text}”"
    return f"{what}; by {claimants}; in {article}"


# --- formats


def format_text(result: Review) -> str:
    lines = [_headline(result), ""]
    for kind in CHANGE_KINDS:
        changes = [c for c in result.changes if c.kind == kind]
        if changes:
            lines.append(f"{CHANGE_HEADINGS[kind]} ({len(changes)}):")
            for change in changes:
                lines.append(f"  - {_sentence(result, change)} [{change.fact_id}]")
    for title, found in (("New problems", result.new), ("Resolved problems", result.resolved)):
        if found:
            lines.append(f"{title} ({len(found)}):")
            lines += [f"  - {d}" for d in found]
    return "\n".join(lines).rstrip() + "\n"


def format_markdown(result: Review) -> str:
    lines = ["## What this change does to the facts", "", _md(_headline(result)), ""]
    for kind in CHANGE_KINDS:
        changes = [c for c in result.changes if c.kind == kind]
        if changes:
            lines += [f"### {CHANGE_HEADINGS[kind]} ({len(changes)})", ""]
            for change in changes:
                lines.append(f"- {_md(_sentence(result, change))} (`{change.fact_id}`)")
            lines.append("")
    for title, found in (("New problems", result.new), ("Resolved problems", result.resolved)):
        if found:
            lines += [f"### {title} ({len(found)})", ""]
            for d in found:
                lines.append(f"- `{d.loc}` {d.severity}\\[{d.code}\\]: {_md(d.message)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


FORMATS = {"text": format_text, "markdown": format_markdown}


def _headline(result: Review) -> str:
    counts = {k: sum(c.kind == k for c in result.changes) for k in CHANGE_KINDS}
    facts = change_counts_words(counts, sum(c.missing_notice for c in result.changes))
    warnings = sum(d.severity == "warning" for d in result.head.diagnostics)
    errors = len(result.head.diagnostics) - warnings
    return review_headline_words(
        result.base.label,
        result.head.label,
        facts,
        len(result.new),
        len(result.resolved),
        errors,
        warnings,
    )


def _sentence(result: Review, change: Change) -> str:
    text = result.described(change)
    if change.kind in ("added", "removed"):
        return text
    notices = []
    fact = result.head.corpus.fact_by_id.get(change.fact_id)
    if change.kind == "withdrawn" and fact is not None and fact.withdrawn is not None:
        notices.append(withdrawal_words(fact.withdrawn.date, fact.withdrawn.reason))
    notices += [correction_words(n.date, n.text) for n in change.notices]
    missing = change.corrected if change.missing_notice else []
    details = [change_detail_words(detail) for detail in change.details]
    return change_sentence_words(text, details, notices, missing)


def _md(text: str) -> str:
    """Plain text in Markdown: characters that would format or link are escaped."""
    return re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", " ".join(text.split()))
