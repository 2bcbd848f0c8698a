"""Warehouse access: the writer lock, connections, and building the SQL layers."""

from __future__ import annotations

import errno
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import duckdb

from offshoring.settings import ConfigError, Settings

SQL_LAYERS = ("macros", "raw", "staging", "core", "marts")
SEED_TABLES = ("indicators", "segments", "regions", "units", "sources", "objectives")


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse for writing (exit code 4)."""


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


def connect(settings: Settings, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse database; read-only connections never create it."""
    if read_only:
        if not settings.db_path.exists():
            raise FileNotFoundError(f"no warehouse at {settings.db_path}: run `offshoring run`")
        return duckdb.connect(str(settings.db_path), read_only=True)
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(settings.db_path),
                             config={"memory_limit": settings.memory_limit})
    except duckdb.InvalidInputException as err:
        raise ConfigError(f"OFFSHORING_MEMORY_LIMIT={settings.memory_limit!r}: "
                          f"{str(err).splitlines()[0]}") from None
    # DuckDB's progress bar helps on a terminal; in logs it is noise.
    con.execute(f"set enable_progress_bar = {str(sys.stderr.isatty()).lower()}")
    return con


def sql_files(settings: Settings, layer: str) -> list[Path]:
    """The SQL files of one layer, in execution order."""
    folder = settings.sql_dir / layer
    return sorted(folder.glob("*.sql")) if folder.is_dir() else []


@lru_cache(maxsize=128)
def _read_sql(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def sql_text(settings: Settings, relative: str) -> str:
    """A statement the pipeline runs: ``sql/<relative>`` (cached)."""
    return _read_sql(settings.sql_dir / relative)


def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute(path.read_text(encoding="utf-8"))


def load_seeds(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Replace the ref.* tables from seeds/*.csv."""
    for name in SEED_TABLES:
        path = settings.seeds_dir / f"{name}.csv"
        con.execute(
            f"create or replace table ref.{name} as "
            "select * from read_csv(?, header = true, auto_detect = true)",
            [str(path)],
        )
    parameters = {
        "cagr_window_years": settings.cagr_window_years,
        "status_on_track": settings.status_on_track,
        "status_acceleration": settings.status_acceleration,
        "projection_on_track": settings.projection_on_track,
        "projection_acceleration": settings.projection_acceleration,
    }
    con.execute("create or replace table ref.parameters (name varchar, value double)")
    con.executemany("insert into ref.parameters values (?, ?)", list(parameters.items()))


def build(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Create or refresh every layer: macros, tables, seeds, staging, core and mart views."""
    for layer in SQL_LAYERS:
        for path in sql_files(settings, layer):
            run_sql_file(con, path)
        if layer == "raw":
            load_seeds(con, settings)


def first_row(result: duckdb.DuckDBPyConnection) -> tuple | None:
    """The first row of a result, fetched to the end.

    DuckDB 2.0 refuses register() while a result is only partly fetched (fetchone), so
    the pipeline always drains results.
    """
    rows = result.fetchall()
    return rows[0] if rows else None
