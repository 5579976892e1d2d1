"""`python -m generator build`: build the site into a temporary folder, then swap.

MkDocs runs in strict mode in a subprocess (this module does not import it). The
previous `site/` is replaced only when the new build succeeded, so a broken fact,
a broken link or an interrupted build leaves the last good site untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path


def build(config: str, site_dir: Path, *, strict: bool = False, today: date | None = None) -> int:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent))
    # Material's end-of-life notice is acknowledged once, in the README.
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    if strict:
        env["BRIEFING_STRICT"] = "1"
    if today:
        env["BRIEFING_TODAY"] = today.isoformat()
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"]
    command += ["--config-file", config, "--site-dir", str(staging)]
    try:
        result = subprocess.run(command, env=env, check=False)
        if result.returncode != 0:
            print(f"build failed; {site_dir.name}/ was left as it was", file=sys.stderr)
            return 1
        _swap(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"built {site_dir.name}/", file=sys.stderr)
    return 0


def _swap(new: Path, target: Path) -> None:
    """Put `new` in place of `target` with renames, so no half-written site is seen."""
    old = target.with_name(f".site-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
