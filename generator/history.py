"""What changed: facts added, updated, corrected, withdrawn and removed, commit by
commit, from git.

Each commit that touched the facts folder is compared with the one before it,
fact by fact (by id). The result is plain data, down to what each change changed
(`Detail`: a field, its value before and after), which `wording.change_detail_words`
words in the reader's language when a page or the feed shows it (and in English for
the editors' `diff`); `render` turns it into a page.
Without git or history, `changes()` says why instead of failing.

A change to a fact present in the earlier version (published) is a correction when it
changes what the fact claims: its figure, bound (and what the figure counts), dates,
claimants, quote or source (`CORRECTED`), or when it adds a correction entry. A
correction must carry a new entry under `corrections:`; `Change.missing_notice` is one
that does not (review.py makes it a diagnostic). Rewording the text, or moving the fact
between topics, is an update.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from generator import git
from generator.corpus import FactRecord, read_blobs
from generator.dates import parse_date
from generator.model import Correction, Estimate
from generator.wording import value_label

MAX_COMMITS = 100  # the newest commits that touched facts/


# What a fact claims, by the words a change names it with: a change to any of these in
# a published fact is a correction. A value changed or removed is one; a value added
# where there was none (a quote, the day the claim was stated) adds to the claim and is
# an update, except for the figure and the bound, which always stand together.
CORRECTED: dict[str, tuple[str, ...]] = {
    "figure": ("value", "low", "high"),
    "bound": ("bound",),
    "status": ("status",),  # what the figure counts: planned, sent...
    "measure": ("measure",),
    "quantity": ("quantity",),
    "date": ("date",),
    "as-of date": ("as_of",),
    "stated date": ("stated",),
    "scheduled flag": ("scheduled",),
    "claimant": ("claimant", "via"),
    "quote": ("quote",),
    "source": ("source",),
    "condition": ("condition",),  # what a projection depends on
    "likelihood": ("likelihood",),  # the article's own hedge
    "whole": ("part_of",),  # the figure this one is part of
}
_ALWAYS = ("figure", "bound")


@dataclass(frozen=True)
class Detail:
    """One thing a change changed, as data: `field` (a key of wording.CHANGED_FIELDS, or
    "text" reworded, or "details" edited) and its value before and after (None when it
    had none). A figure's values are the estimates themselves (their figures in words
    are the reader's language's), dates are parsed dates, the rest as the editors wrote
    them (ids, a quote). An added estimate's figure is a detail with no old value."""

    field: str
    old: object = None
    new: object = None


@dataclass(frozen=True)
class Change:
    # "added", "updated", "corrected", "withdrawn" or "removed" (wording.CHANGE_KINDS)
    kind: str
    fact_id: str
    text: str  # the fact's text (the old one when removed)
    details: list[Detail] = field(default_factory=list)  # figure: about 1,500 -> about 2,000
    note: str | None = None
    corrected: list[str] = field(default_factory=list)  # what changed that needs a notice
    notices: list[Correction] = field(default_factory=list)  # correction entries added

    @property
    def missing_notice(self) -> bool:
        """A correction without its notice: what the fact claims changed, and no new
        entry under `corrections:` says so."""
        return bool(self.corrected) and not self.notices


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # YYYY-MM-DD, the commit date
    subject: str
    changes: list[Change]


@dataclass(frozen=True)
class History:
    commits: list[Commit]  # newest first
    unavailable: str | None = None  # why there is no history, when there is none


def _tree(repo: Path, revision: str, prefix: str) -> dict[str, str]:
    """The fact files under `prefix` at `revision`: {path: blob id}."""
    listing = git.output(repo, "ls-tree", "-r", "--full-tree", revision, "--", prefix) or ""
    files = {}
    for line in listing.splitlines():
        info, _, name = line.partition("\t")
        parts = info.split()
        if len(parts) == 3 and parts[1] == "blob" and name.endswith((".yaml", ".yml")):
            files[name] = parts[2]
    return files


def _blobs(repo: Path, ids: list[str]) -> dict[str, bytes]:
    """The contents of many blobs, from one `git cat-file --batch`."""
    if not ids:
        return {}
    found = git.run(repo, "cat-file", "--batch", stdin="".join(f"{i}\n" for i in ids).encode())
    if found is None:
        return {}
    out, blobs, at = found, {}, 0
    for blob_id in ids:  # each: "<id> blob <size>\n<content>\n"
        header_end = out.find(b"\n", at)
        if header_end < 0:
            break
        header = out[at:header_end].split()
        if len(header) != 3 or header[1] != b"blob":
            at = header_end + 1
            continue
        size = int(header[2])
        blobs[blob_id] = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
    return blobs


def changes(facts: Path) -> History:
    """The history of the facts folder, newest commit first.

    Each version of a fact file is read once (files are cached by blob id), so a
    commit that edits one file costs one file, and facts read from the same blob
    are the same objects, which `compare` skips at once.
    """
    facts = facts.resolve()
    folder = facts if facts.is_dir() else facts.parent
    top = git.output(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return History([], "this site was built outside a git checkout")
    repo = Path(top.strip())
    prefix = facts.relative_to(repo).as_posix()
    head = (git.output(repo, "rev-parse", "--verify", "--quiet", "HEAD") or "").strip()
    return _history(repo, prefix, head)


@functools.lru_cache(maxsize=4)
def _history(repo: Path, prefix: str, head: str) -> History:
    """The history up to `head`, read once per commit: a live preview rebuilds many
    times between two commits, and the history changes only with a new one."""
    log = git.output(repo, "log", f"-{MAX_COMMITS}", "--format=%H%x09%cs%x09%s", "--", prefix)
    if not log:
        return History([], "git has no commits of the facts folder here (a shallow clone?)")
    entries = [line.split("\t", 2) for line in log.splitlines() if line.count("\t") >= 2]
    shallow = (git.output(repo, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    parsed: dict[str, dict[str, FactRecord]] = {}  # facts by blob id

    def facts_at(revision: str) -> dict[str, FactRecord]:
        tree = _tree(repo, revision, prefix)
        missing = [blob for blob in dict.fromkeys(tree.values()) if blob not in parsed]
        contents = _blobs(repo, missing)
        for name, blob in tree.items():
            if blob not in parsed:
                parsed[blob] = {f.id: f for f in read_blobs({name: contents.get(blob, b"")}).facts}
        found: dict[str, FactRecord] = {}
        for name in sorted(tree):
            found.update(parsed[tree[name]])
        return found

    commits = []
    for sha, day, subject in entries:
        found = compare(facts_at(f"{sha}^"), facts_at(sha))
        if found:
            commits.append(Commit(sha, day, subject, found))
    note = "the history is shallow: older changes are not shown" if shallow else None
    return History(commits, note)


def compare(before: dict[str, FactRecord], after: dict[str, FactRecord]) -> list[Change]:
    """Fact by fact: what one version of the corpus changed in the other (`before` is
    what was published), each change of its kind: added, updated, corrected, withdrawn
    or removed."""
    result = []
    for fact_id in sorted(after.keys() - before.keys()):
        fact = after[fact_id]
        result.append(Change("added", fact_id, fact.text, _describe(fact), fact.note))
    for fact_id in sorted(before.keys() & after.keys()):
        old, new = before[fact_id], after[fact_id]
        if old is new or old.model_dump(mode="json") == new.model_dump(mode="json"):
            continue  # the same fact, perhaps moved in its file
        details = _details(old, new)
        corrected = corrections_needed(old, new)
        published = {(c.date, c.text) for c in old.corrections}
        notices = [c for c in new.corrections if (c.date, c.text) not in published]
        if new.withdrawn is not None and old.withdrawn is None:
            kind = "withdrawn"
        elif corrected or notices:
            kind = "corrected"
        else:
            kind = "updated"
        result.append(
            Change(
                kind,
                fact_id,
                new.text,
                details or [Detail("details")],
                new.note,
                corrected,
                notices,
            )
        )
    for fact_id in sorted(before.keys() - after.keys()):
        result.append(Change("removed", fact_id, before[fact_id].text))
    return result


def corrections_needed(old: FactRecord, new: FactRecord) -> list[str]:
    """What a change to a published fact changed of what it claims (`CORRECTED`), by
    name ("figure", "as-of date"): each needs a correction entry."""
    found = []
    for name, keys in CORRECTED.items():
        for key in keys:
            was, now = getattr(old, key, None), getattr(new, key, None)
            if was != now and (was is not None or name in _ALWAYS):
                found.append(name)
                break
    if old.withdrawn is not None and new.withdrawn is None:
        found.append("withdrawal")  # a withdrawn fact restored says why in a correction
    return found


def _details(old: FactRecord, new: FactRecord) -> list[Detail]:
    """Each change of a fact, as data: the figure (up to 1,500 → up to 1,600), the
    status, dates, ids and quote, and whether the text was reworded."""
    details = []
    if isinstance(old, Estimate) and isinstance(new, Estimate):
        if value_label(old) != value_label(new):
            details.append(Detail("figure", old, new))
        if old.status != new.status:
            details.append(Detail("status", old.status, new.status))
        if old.as_of != new.as_of:
            details.append(Detail("as of", old.as_of_date, new.as_of_date))
    for key in ("date", "stated"):
        was, now = getattr(old, key), getattr(new, key)
        if was != now:
            details.append(
                Detail(key, parse_date(was) if was else None, parse_date(now) if now else None)
            )
    for key in ("source", "claimant", "via", "quote", "topics", "denies", "disputes"):
        if getattr(old, key) != getattr(new, key):
            details.append(Detail(key, getattr(old, key), getattr(new, key)))
    if old.text != new.text:
        details.append(Detail("text"))
    return details


def _describe(fact: FactRecord) -> list[Detail]:
    return [Detail("figure", None, fact)] if isinstance(fact, Estimate) else []
