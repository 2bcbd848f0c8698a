"""The landing folder, watched: batches of new files once they have settled.

watchfiles (inotify on Linux, through its Rust core) wakes the service when something
changes in the folder; a tick every second re-checks files still settling. A file is
taken once per version (path, size, modification time): one the pipeline left in
landing (it changed while it was read) is taken again only after it changes again.
The settle rule itself is ``offshoring.pipeline.discover.settled``, the one ``run``
uses.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from offshoring.pipeline.discover import settled_landing_files

TICK_MS = 1000  # re-check of files still settling, without a change event
STEP_MS = 50  # wait this long after a change for more before looking


def _version(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class LandingWatcher:
    """Settled files of ``landing``, each version yielded once."""

    def __init__(self, landing: Path, settle_s: float, stop: threading.Event):
        self.landing = landing
        self.settle_s = settle_s
        self.stop = stop
        self._taken: dict[Path, tuple[int, int] | None] = {}

    def new_settled(self, now: float | None = None) -> list[Path]:
        """Settled files not taken yet in their current version (marks them taken)."""
        ready, _settling = settled_landing_files(self.landing, self.settle_s, now)
        fresh = []
        for path in ready:
            version = _version(path)
            if version is not None and self._taken.get(path) != version:
                self._taken[path] = version
                fresh.append(path)
        present = set(ready) | set(_settling)
        for gone in [p for p in self._taken if p not in present]:
            del self._taken[gone]
        return fresh

    def forget(self, paths: list[Path]) -> None:
        """Take these files again at the next look (their run could not start)."""
        for path in paths:
            self._taken.pop(path, None)

    def batches(self) -> Iterator[list[Path]]:
        """Batches of new settled files, until ``stop`` is set (files already there first)."""
        import watchfiles

        self.landing.mkdir(parents=True, exist_ok=True)
        first = self.new_settled()
        if first:
            yield first
        for _changes in watchfiles.watch(self.landing, watch_filter=None, step=STEP_MS,
                                         stop_event=self.stop,
                                         rust_timeout=TICK_MS, yield_on_timeout=True,
                                         recursive=False, raise_interrupt=False,
                                         ignore_permission_denied=True):
            batch = self.new_settled()
            if batch:
                yield batch
