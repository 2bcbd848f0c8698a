"""The read-only snapshot: a copy of the whole warehouse that readers can always open.

DuckDB lets one process write a database file and nobody else open it meanwhile, not
even read-only. So every run that publishes ends by copying the checkpointed database
to ``<warehouse>/snapshot.duckdb`` (every schema: ref, raw, meta, quality, staging,
core, marts, stats) and renaming the copy over the previous one. A reader opens it
read-only at any time, during a run too; one that has it open keeps reading the
version it opened (the rename never changes an open file).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from offshoring.files import fsync_dir
from offshoring.settings import Settings


def write_snapshot(con: duckdb.DuckDBPyConnection, settings: Settings) -> Path:
    """Checkpoint the warehouse and replace the snapshot with a copy, atomically."""
    con.execute("checkpoint")  # every committed change into the main file, WAL empty
    target = settings.snapshot_path
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        shutil.copyfile(settings.db_path, tmp)
        with open(tmp, "rb") as copied:
            os.fsync(copied.fileno())
        os.chmod(tmp, 0o444)  # a reader's file, not one to open for writing
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(target.parent)
    return target


def snapshot_time(settings: Settings) -> datetime | None:
    """When the snapshot was last replaced (local time), None without one."""
    try:
        return datetime.fromtimestamp(settings.snapshot_path.stat().st_mtime)
    except OSError:
        return None


@contextmanager
def reader(settings: Settings) -> Iterator[tuple[duckdb.DuckDBPyConnection, bool]]:
    """A read-only connection to the warehouse, or to its snapshot while a writer holds
    the warehouse file; (connection, True when it is the snapshot)."""
    from offshoring import warehouse

    try:
        con, from_snapshot = warehouse.connect(settings, read_only=True), False
    except duckdb.IOException as err:
        if "lock" not in str(err).lower() or not settings.snapshot_path.exists():
            raise
        con, from_snapshot = duckdb.connect(str(settings.snapshot_path), read_only=True), True
    try:
        yield con, from_snapshot
    finally:
        con.close()
