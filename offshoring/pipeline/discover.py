"""discover: the files a run processes.

From landing/, a run takes only regular files (checked without following links) that
have settled: unchanged size, modification and change times for
``OFFSHORING_LANDING_SETTLE`` seconds. Names ending ``.part``, ``.tmp`` or ``.crdownload``
are downloads in progress and never taken; hidden files and office lock files are
ignored. Every other entry gets one line (a ``FileOutcome``) and stays in landing/.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from offshoring.pipeline.outcome import FileOutcome
from offshoring.pipeline.receive import LEFT, entry_kind, identity, refused, skipped
from offshoring.text import file_label

IGNORED_PREFIXES = (".", "~$")  # hidden and office lock files in the landing folder
PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload")  # downloads and copies in progress


def _entries(landing: Path) -> list[tuple[Path, os.stat_result]]:
    """The landing folder's entries (not followed), in name order, hidden ones aside."""
    if not landing.is_dir():
        return []
    found = []
    with os.scandir(landing) as listing:
        for entry in listing:
            if entry.name.startswith(IGNORED_PREFIXES):
                continue
            try:
                found.append((Path(entry.path), entry.stat(follow_symlinks=False)))
            except FileNotFoundError:
                continue
    return sorted(found, key=lambda item: os.fsencode(item[0].name))


def _classify(landing: Path) -> tuple[dict[Path, os.stat_result], list[FileOutcome]]:
    """Regular files that may be taken, and one outcome for every other entry."""
    candidates, others = {}, []
    for path, info in _entries(landing):
        name, kind = file_label(path), entry_kind(info)
        if kind == "a folder":
            others.append(skipped(name, f"a folder: only files directly in landing/ are "
                                        f"read; {LEFT}"))
        elif kind:
            others.append(refused(name, kind))
        elif is_partial(path):
            others.append(skipped(name, f"a download or copy in progress "
                                        f"({'/'.join(PARTIAL_SUFFIXES)}); {LEFT}"))
        else:
            candidates[path] = info
    return candidates, others


def landing_files(landing: Path) -> list[Path]:
    """The regular files of a landing folder that a run may take, in name order (no
    settling wait: for prechecks, which read and never move a file)."""
    return list(_classify(landing)[0])


def _last_change(info: os.stat_result) -> float:
    return max(info.st_mtime, info.st_ctime)


def _settle(candidates: dict[Path, os.stat_result], settle_s: float
            ) -> tuple[list[Path], list[FileOutcome]]:
    """Wait (at most ``settle_s``) until every young file has been quiet for ``settle_s``;
    the files that changed meanwhile stay in landing/."""
    now = time.time()
    ages = {path: max(0.0, now - _last_change(info)) for path, info in candidates.items()}
    young = [path for path, age in ages.items() if age < settle_s]
    if young:
        time.sleep(max(0.0, settle_s - min(ages[p] for p in young)))
    ready, waiting = [], []
    for path, info in candidates.items():
        if path not in young:
            ready.append(path)
            continue
        try:
            now_info = os.lstat(path)
        except FileNotFoundError:
            continue
        if identity(now_info) == identity(info):
            ready.append(path)
        else:
            waiting.append(skipped(file_label(path), (
                f"still being written (changed within the last {settle_s:g} s, "
                f"OFFSHORING_LANDING_SETTLE); {LEFT}")))
    return ready, waiting


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
    return _quiet_for(info, settle_s, time.time() if now is None else now)


def _quiet_for(info: os.stat_result, settle_s: float, now: float) -> bool:
    # settle_s 0: at once (a clock ahead of this one cannot delay it)
    return settle_s <= 0 or now - _last_change(info) >= settle_s


def settled_landing_files(landing: Path, settle_s: float,
                          now: float | None = None) -> tuple[list[Path], list[Path]]:
    """The landing files (regular, not partial) split into (settled, still settling),
    each in name order; judged on the one listing's status of each file."""
    now = time.time() if now is None else now
    ready, waiting = [], []
    for path, info in _classify(landing)[0].items():
        (ready if _quiet_for(info, settle_s, now) else waiting).append(path)
    return ready, waiting


def discover(session, paths: list[Path] | None = None) -> list[Path]:
    """The files given (``ingest``, ``validate``), or the settled files of the landing
    folder; an outcome is recorded for every landing entry that is not taken."""
    if paths is not None:
        return [Path(p).resolve() for p in paths]
    candidates, others = _classify(session.settings.landing_dir)
    ready, waiting = _settle(candidates, session.settings.landing_settle_s)
    session.outcomes.extend([*others, *waiting])
    return ready
