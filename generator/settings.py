"""Settings: read once, at the edges, into one frozen object that travels as arguments.

The edges are the command line (`cli.py`) and the MkDocs plugin (`plugin.py`): each
reads the documented environment variables with `from_environment` and the plugin's
options from `mkdocs.yml`, and hands the result down. Nothing below them reads the
environment. A value that cannot be used is a `SettingError` that names the setting
and what it accepts, never an internal error and never silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from generator.load import Limits

# Every environment variable the generator reads, with what it accepts.
ENVIRONMENT: dict[str, str] = {
    "BRIEFING_STRICT": "1 to treat warnings as errors (empty or 0: not)",
    "BRIEFING_TODAY": "a day written YYYY-MM-DD, that the date checks compare against",
    "BRIEFING_ARCHIVE": "the folder of the articles' copies, for verifying quotes",
    "BRIEFING_MAX_FILE_BYTES": "a whole number of bytes, the largest fact file read",
    "BRIEFING_MAX_DEPTH": "a whole number, the deepest nesting of a fact file",
    "BRIEFING_MAX_NODES": "a whole number, the most values in one fact file",
    "SITE_URL": "the site's published address, starting with https:// or http://",
    "SOURCE_DATE_EPOCH": "a whole number of seconds since 1970, the build's time",
}
_LIMITS = {
    "BRIEFING_MAX_FILE_BYTES": "max_bytes",
    "BRIEFING_MAX_DEPTH": "max_depth",
    "BRIEFING_MAX_NODES": "max_nodes",
}
_WHOLE = re.compile(r"[0-9]+")


class SettingError(ValueError):
    """A setting whose value cannot be used: names it, the value and what it accepts."""

    def __init__(self, name: str, value: str, accepts: str) -> None:
        super().__init__(f"{name}={value!r} cannot be used: {name} takes {accepts}")
        self.name = name


@dataclass(frozen=True)
class Settings:
    """What the environment sets; each field's default is the generator's own."""

    strict: bool = False
    today: date | None = None  # None: the calendar date
    archive: Path | None = None
    limits: Limits = field(default_factory=Limits)
    site_url: str = ""
    built: datetime | None = None  # None: the time of the build


def from_environment(env: Mapping[str, str]) -> Settings:
    """The settings the environment gives (`os.environ`, at an edge)."""

    def given(name: str) -> str:
        return env.get(name, "").strip()

    strict = given("BRIEFING_STRICT")
    if strict not in ("", "0", "1", "true", "false", "yes", "no"):
        raise SettingError("BRIEFING_STRICT", strict, ENVIRONMENT["BRIEFING_STRICT"])
    today = None
    if value := given("BRIEFING_TODAY"):
        try:
            today = date.fromisoformat(value)
        except ValueError:
            raise SettingError("BRIEFING_TODAY", value, ENVIRONMENT["BRIEFING_TODAY"]) from None
    limits = {}
    for name, attribute in _LIMITS.items():
        if value := given(name):
            if not (value.isascii() and _WHOLE.fullmatch(value)) or int(value) < 1:
                raise SettingError(name, value, ENVIRONMENT[name])
            limits[attribute] = int(value)
    site_url = given("SITE_URL")
    if site_url and not re.match(r"https?://[^\s/]+", site_url):
        raise SettingError("SITE_URL", site_url, ENVIRONMENT["SITE_URL"])
    built = None
    if value := given("SOURCE_DATE_EPOCH"):
        if not (value.isascii() and _WHOLE.fullmatch(value)):
            raise SettingError("SOURCE_DATE_EPOCH", value, ENVIRONMENT["SOURCE_DATE_EPOCH"])
        built = datetime.fromtimestamp(int(value), tz=UTC)
    archive = given("BRIEFING_ARCHIVE")
    return Settings(
        strict=strict in ("1", "true", "yes"),
        today=today,
        archive=Path(archive) if archive else None,
        limits=Limits(**limits),
        site_url=site_url,
        built=built,
    )


def archive_folder(settings: Settings, option: object, config: Path) -> Path | None:
    """The folder of the articles' copies: BRIEFING_ARCHIVE, else the briefing plugin's
    `archive` option in mkdocs.yml (`config`), relative to that file's folder."""
    if settings.archive is not None or not isinstance(option, str) or not option.strip():
        return settings.archive
    return config.parent / option.strip()


def archive_for(settings: Settings, facts: Path, config: Path | None = None) -> Path | None:
    """`archive_folder` for the command line: the plugin's option is read from `config`,
    by default the mkdocs.yml beside the facts folder, when there is one."""
    config = config or facts.parent / "mkdocs.yml"
    if settings.archive is not None or not config.is_file():
        return settings.archive
    from generator.project import _read_config

    read = _read_config(config)
    plugins = read.get("plugins") if isinstance(read, dict) else None
    ours = next(
        (p["briefing"] for p in plugins or [] if isinstance(p, dict) and "briefing" in p), None
    )
    return archive_folder(settings, ours.get("archive") if isinstance(ours, dict) else None, config)
