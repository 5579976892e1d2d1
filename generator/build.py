"""`python -m generator build`: build the site into a temporary folder, then swap.

The engine runs in a subprocess (this module imports none of them):

- `mkdocs` (the default) and `properdocs` run the briefing plugin, in strict mode;
- `zensical` runs no MkDocs plugins, so it builds the tree `export` writes.

The previous `site/` is replaced only when the new build succeeded, so a broken
fact, a broken link or an interrupted build leaves the last good site untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ENGINES = ("mkdocs", "properdocs", "zensical")


def build(
    config: str,
    site_dir: Path,
    *,
    strict: bool = False,
    today: date | None = None,
    engine: str = "mkdocs",
    zensical: str = ".venv-zensical/bin/zensical",
) -> int:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=site_dir.parent))
    # Material's end-of-life notice is acknowledged once, in the README.
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    if strict:
        env["BRIEFING_STRICT"] = "1"
    if today:
        env["BRIEFING_TODAY"] = today.isoformat()
    try:
        if engine == "zensical":
            built = _zensical(config, staging, env, zensical)
        else:
            command = [sys.executable, "-m", engine, "build", "--strict", "--clean"]
            command += ["--config-file", config, "--site-dir", str(staging / "site")]
            built = subprocess.run(command, env=env, check=False).returncode == 0
        if not built:
            print(f"build failed; {site_dir.name}/ was left as it was", file=sys.stderr)
            return 1
        _swap(staging / "site", site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"built {site_dir.name}/ with {engine}", file=sys.stderr)
    return 0


def _zensical(config: str, staging: Path, env: dict[str, str], zensical: str) -> bool:
    tree = staging / "tree"
    exporting = [sys.executable, "-m", "generator", "export", str(tree), "--config", config]
    if env.get("BRIEFING_STRICT"):
        exporting.append("--strict")
    if env.get("BRIEFING_TODAY"):
        exporting += ["--today", env["BRIEFING_TODAY"]]
    if subprocess.run(exporting, env=env, check=False).returncode != 0:
        return False
    program = str(Path(shutil.which(zensical) or zensical).resolve())
    if not Path(program).exists():
        print(f"error: {zensical} not found; run `make build ENGINE=zensical`", file=sys.stderr)
        return False
    result = subprocess.run([program, "build", "--strict"], cwd=tree, env=env, check=False)
    if result.returncode != 0 or not (tree / "site").is_dir():
        return False
    (tree / "site").rename(staging / "site")
    return True


def _swap(new: Path, target: Path) -> None:
    """Put `new` in place of `target` with renames, so no half-written site is seen."""
    old = target.with_name(f".site-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
