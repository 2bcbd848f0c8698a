"""Connections to the warehouse database, and draining a result."""

from __future__ import annotations

import sys

import duckdb

from offshoring.settings import ConfigError, Settings


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


def sql_literal(value) -> str:
    """``value`` as a SQL string literal, quotes doubled: for the places DuckDB takes no
    parameter (a COPY's or ATTACH's path, a read_parquet glob in a view)."""
    return "'" + str(value).replace("'", "''") + "'"


def first_row(result: duckdb.DuckDBPyConnection) -> tuple | None:
    """The first row of a result, fetched to the end.

    DuckDB 2.0 refuses register() while a result is only partly fetched (fetchone), so
    the pipeline always drains results.
    """
    rows = result.fetchall()
    return rows[0] if rows else None
