"""discover: the files a run processes."""

from __future__ import annotations

from pathlib import Path

IGNORED_PREFIXES = (".", "~$")  # hidden and office lock files in the landing folder


def landing_files(landing: Path) -> list[Path]:
    """The candidate files of a landing folder, in name order."""
    if not landing.is_dir():
        return []
    return sorted(p for p in landing.iterdir()
                  if p.is_file() and not p.name.startswith(IGNORED_PREFIXES))


def discover(session, paths: list[Path] | None = None) -> list[Path]:
    """The files given (``ingest``, ``validate``), or those of the landing folder."""
    if paths is not None:
        return [Path(p).resolve() for p in paths]
    return landing_files(session.settings.landing_dir)
