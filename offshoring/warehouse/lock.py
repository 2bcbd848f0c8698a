"""The warehouse's single-writer lock (exit code 4 when another process holds it)."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from offshoring.settings import Settings


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse for writing (exit code 4)."""


def writer_active(settings: Settings) -> bool:
    """True while a run of this project holds the writer lock (it creates nothing)."""
    try:
        fd = os.open(settings.lock_path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


@contextmanager
def writer_lock(settings: Settings, timeout_s: float | None = None) -> Iterator[None]:
    """Hold the warehouse's single-writer lock; wait up to the timeout, then WarehouseBusy.

    DuckDB allows one read-write process per file; this lock turns "the file is in use"
    into a wait with a clear message instead of a lock error.
    """
    timeout_s = settings.lock_timeout_s if timeout_s is None else timeout_s
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(settings.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as err:
                if err.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"the warehouse {settings.warehouse_dir} is busy: another run is "
                        f"writing; gave up after {timeout_s:g} s "
                        "(OFFSHORING_LOCK_TIMEOUT sets the wait)"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
