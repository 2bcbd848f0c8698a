"""discover: the files a run processes, and when a landing file has settled."""

from __future__ import annotations

import stat
import time
from pathlib import Path

IGNORED_PREFIXES = (".", "~$")  # hidden and office lock files in the landing folder
# Names that downloads and copies in progress carry: never taken, whatever their age.
PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload")


def landing_files(landing: Path) -> list[Path]:
    """The candidate files of a landing folder, in name order."""
    if not landing.is_dir():
        return []
    return sorted(p for p in landing.iterdir()
                  if p.is_file() and not p.name.startswith(IGNORED_PREFIXES))


def is_partial(path: Path) -> bool:
    """True for a name that a download or copy in progress carries (``x.csv.part``)."""
    return path.name.lower().endswith(PARTIAL_SUFFIXES)


def settled(path: Path, settle_s: float, now: float | None = None) -> bool:
    """True when ``path`` is a regular file (not a link) unchanged for ``settle_s`` seconds.

    Its last change is the later of its modification time (every write moves it) and its
    status change time (a rename into landing, a copy setting an old modification time at
    its end): a file whose last change is ``settle_s`` old has kept its size and times
    that long. ``settle_s`` 0 takes a file at once.
    """
    if is_partial(path):
        return False
    try:
        info = path.lstat()
    except OSError:  # gone meanwhile
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if settle_s <= 0:  # at once (a clock ahead of this one cannot delay it)
        return True
    now = time.time() if now is None else now
    return now - max(info.st_mtime, info.st_ctime) >= settle_s


def settled_landing_files(landing: Path, settle_s: float,
                          now: float | None = None) -> tuple[list[Path], list[Path]]:
    """The landing files split into (settled, still settling), each in name order."""
    ready, waiting = [], []
    for path in landing_files(landing):
        if is_partial(path):
            continue
        (ready if settled(path, settle_s, now) else waiting).append(path)
    return ready, waiting


def discover(session, paths: list[Path] | None = None) -> list[Path]:
    """The files given (``ingest``, ``validate``), or those of the landing folder."""
    if paths is not None:
        return [Path(p).resolve() for p in paths]
    return landing_files(session.settings.landing_dir)
