"""Run a site engine into a staging folder, then swap the result into `site/`
(`python -m generator build`).

The engine runs in a subprocess (this module imports none of them):

- `mkdocs` (the default) and `properdocs` run the briefing plugin, in strict mode;
- `zensical` runs no MkDocs plugins, so it builds the tree `export` writes.

How the site is replaced, so that a reader or a web server never finds it missing or
half written:

- The previous `site/` is replaced only when the new build succeeded, so a broken
  fact, a broken link or an interrupted build leaves the last good site untouched.
- The new site is built next to it (`.site-build-*`), then exchanged with it in one
  step (Linux `renameat2` with `RENAME_EXCHANGE`): there is never a moment without
  `site/`. Where that call does not exist (another system, an old kernel, a file
  system without it), two renames follow each other, with a moment between them.
- One build at a time: a build holds an exclusive lock (`flock`) on the folder that
  holds `site/`, and its engine inherits the lock. A second build waits for it to
  finish, saying so, then builds in turn.
- Holding the lock, a build first removes what a killed build left behind (its
  `.site-build-*` staging folder, or a `.site-old-*` folder it had not yet removed).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path

ENGINES = ("mkdocs", "properdocs", "zensical")


def build_site(
    config: str,
    site_dir: Path,
    *,
    strict: bool = False,
    today: date | None = None,
    engine: str = "mkdocs",
    zensical: str = ".venv-zensical/bin/zensical",
    environment: Mapping[str, str] | None = None,
) -> int:
    """Build the site with `engine` into `site_dir`; the engine runs with `environment`
    (the command line's, passed on: the plugin reads its settings from it)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # Material's end-of-life notice is acknowledged once, in the README.
    env = {"NO_MKDOCS_2_WARNING": "1", **(environment or {})}
    if strict:
        env["BRIEFING_STRICT"] = "1"
    if today:
        env["BRIEFING_TODAY"] = today.isoformat()
    with _one_build_at_a_time(site_dir) as lock:
        _remove_leftovers(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=_prefix(site_dir, "build"), dir=site_dir.parent))
        try:
            if engine == "zensical":
                built = _zensical(config, staging, env, zensical, lock)
            else:
                command = [sys.executable, "-m", engine, "build", "--strict", "--clean"]
                command += ["--config-file", config, "--site-dir", str(staging / "site")]
                built = _run(command, env, lock)
            if not built:
                print(f"build failed; {site_dir.name}/ was left as it was", file=sys.stderr)
                return 1
            _swap(staging / "site", site_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    print(f"built {site_dir.name}/ with {engine}", file=sys.stderr)
    return 0


def _run(command: list[str], env: dict[str, str], lock: int, cwd: Path | None = None) -> bool:
    """Run a step of the build; it holds the lock too, so that a step left running
    after its build was killed keeps the next build waiting, not racing it."""
    return subprocess.run(command, cwd=cwd, env=env, pass_fds=(lock,), check=False).returncode == 0


def _zensical(config: str, staging: Path, env: dict[str, str], zensical: str, lock: int) -> bool:
    tree = staging / "tree"
    exporting = [sys.executable, "-m", "generator", "export", str(tree), "--config", config]
    if env.get("BRIEFING_STRICT"):
        exporting.append("--strict")
    if env.get("BRIEFING_TODAY"):
        exporting += ["--today", env["BRIEFING_TODAY"]]
    if not _run(exporting, env, lock):
        return False
    program = str(Path(shutil.which(zensical) or zensical).resolve())
    if not Path(program).exists():
        print(f"error: {zensical} not found; run `make build ENGINE=zensical`", file=sys.stderr)
        return False
    if not _run([program, "build", "--strict"], env, lock, cwd=tree):
        return False
    if not (tree / "site").is_dir():
        return False
    (tree / "site").rename(staging / "site")
    return True


def _prefix(site_dir: Path, what: str) -> str:
    """`.site-build-`, `.site-old-`: hidden, next to `site/`, ignored by git (`.site-*/`)."""
    return f".{site_dir.name}-{what}-"


@contextlib.contextmanager
def _one_build_at_a_time(site_dir: Path) -> Iterator[int]:
    """An exclusive lock on the folder that holds `site_dir`, for the whole build.

    The lock is on the folder itself, so no lock file is left behind; the kernel
    releases it when the build (and every step that inherited it) has ended, even
    when killed.
    """
    fd = os.open(site_dir.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"another build of {site_dir.name}/ is running in {site_dir.parent}; "
                "waiting for it to finish",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)  # releases the lock


def _remove_leftovers(site_dir: Path) -> None:
    """Staging and old folders of builds that were killed (none is running: the lock)."""
    for what in ("build", "old"):
        for stale in site_dir.parent.glob(_prefix(site_dir, what) + "*"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    """Put `new` in place of `target`, in one step where the system allows it."""
    if not target.exists() and not target.is_symlink():
        new.rename(target)
        return
    if _exchange(new, target):  # `new` now holds the previous site
        shutil.rmtree(new, ignore_errors=True)
        return
    old = target.with_name(_prefix(target, "old") + str(os.getpid()))
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/fs.h


def _renameat2() -> Callable[..., int] | None:
    """glibc's `renameat2` (2.28 and later), or None."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is None:
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when this system cannot (nothing was changed)."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel, or a file system that cannot exchange
    raise OSError(code, os.strerror(code), str(second))
