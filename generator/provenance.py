"""Where a build came from: the commit, a hash of the facts, the time, the version.

Written to `build.json` and shown in the colophon of a hand-written page (the line
COLOPHON in it, usually on the about page), so a reader (or an auditor) can tie any
published page to the exact facts it was built from; not in every page's footer. The build time
honours SOURCE_DATE_EPOCH, so two builds of one commit can be byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator import __version__, git
from generator.corpus import display_path, fact_files
from generator.load import Limits, LoadError, open_fact_file

CHUNK = 1 << 20  # bytes hashed at a time
# A line of its own in a hand-written page, where the build writes the colophon.
COLOPHON = re.compile(r"^[ \t]*<!--[ \t]*colophon[ \t]*-->[ \t]*$", re.M)


@dataclass(frozen=True)
class Provenance:
    commit: str | None
    facts_sha256: str
    built: str
    generator: str

    def colophon(self, build_json: str = "build.json") -> str:
        """The about page's colophon, as Markdown: a heading and a paragraph (see
        COLOPHON); `build_json` is the address of build.json from that page."""
        commit = f"commit `{self.commit}`" if self.commit else "files with no commit recorded"
        return (
            "## Colophon { #colophon }\n\n"
            f"This site was built on {self.built} from {commit}, with facts whose SHA-256 "
            f"hash is `{self.facts_sha256}`, by the briefing generator {self.generator}. "
            f"The same stamp is in [build.json]({build_json}).\n"
        )

    def json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"


def facts_hash(root: Path, limits: Limits | None = None) -> str:
    """SHA-256 over every fact file's path (relative to `root`) and bytes.

    Only the files the checker reads are hashed (links out of the folder, named pipes
    and the like are not), in chunks, once they are known to be within the size
    limit; a file that is not (the build then fails on it) counts by its error code.
    """
    limits = limits or Limits()
    digest = hashlib.sha256()
    for path in fact_files(root):
        relative = path.relative_to(root).as_posix() if root.is_dir() else path.name
        digest.update(relative.encode() + b"\0")
        try:
            with open_fact_file(path, display_path(path), limits) as file:
                left = limits.max_bytes
                while left > 0 and (chunk := file.read(min(CHUNK, left))):
                    digest.update(chunk)
                    left -= len(chunk)
        except LoadError as exc:
            digest.update(b"\0" + exc.diagnostic.code.encode())
        except OSError as exc:
            digest.update(b"\0" + type(exc).__name__.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def git_commit(folder: Path) -> str | None:
    return (git.output(folder, "rev-parse", "HEAD", timeout=10) or "").strip() or None


def provenance(
    facts: Path, built: datetime | None = None, limits: Limits | None = None
) -> Provenance:
    """The build's stamp; `built` is the build's time (SOURCE_DATE_EPOCH, read at the
    edge), else now."""
    when = built or datetime.now(tz=UTC).replace(microsecond=0)
    return Provenance(
        commit=git_commit(facts if facts.is_dir() else facts.parent),
        facts_sha256=facts_hash(facts, limits),
        built=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        generator=__version__,
    )


def fill_colophon(markdown: str, stamp: Provenance, depth: int) -> str:
    """A hand-written page with its COLOPHON line replaced by the colophon; `depth`:
    the folders the page is in below the docs folder (for the link to build.json)."""
    if "colophon" not in markdown:
        return markdown
    text = stamp.colophon("../" * depth + "build.json")
    return COLOPHON.sub(lambda _: text, markdown)
