"""Git, as the generator asks it things: one way to run it, quietly, with a time limit.

Every question the generator asks git (the build's commit, the facts' history, the files
at a ref, a project's remote) goes through `run` or `output`. No git, a folder outside a
repository, a command that fails or runs too long: each answers None, and the caller
says what it does without it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def run(folder: Path, *args: str, stdin: bytes | None = None, timeout: float = 60) -> bytes | None:
    """`git ARGS` in `folder`: its standard output, or None when it could not answer."""
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=folder,
            input=stdin,
            capture_output=True,
            check=False,
            timeout=timeout,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def output(folder: Path, *args: str, timeout: float = 60) -> str | None:
    """`run`'s output as text (UTF-8; a byte that is not is replaced)."""
    found = run(folder, *args, timeout=timeout)
    return found.decode("utf-8", "replace") if found is not None else None
