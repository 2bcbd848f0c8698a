"""Snapshots of a warehouse's state: table row counts and content checksums, marts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

# Tables the pipeline writes (views are derived from them).
CORE_TABLES = ("raw.release_rows", "core.release_values", "core.observations")
META_TABLES = ("meta.loads", "meta.runs")
QUALITY_TABLES = ("quality.check_results", "quality.failing_rows")


def table_state(con, tables) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent checksum of every row, per table."""
    state = {}
    for table in tables:
        count, checksum = con.execute(
            f"select count(*), coalesce(sum(hash(t)::hugeint), 0) from {table} as t"
        ).fetchall()[0]
        state[table] = (count, int(checksum))
    return state


def warehouse_state(settings, tables=CORE_TABLES + META_TABLES + QUALITY_TABLES) -> dict:
    """The state of the listed tables, read through a read-only connection."""
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return table_state(con, tables)
    finally:
        con.close()


# data_quality is the quality log (run ids, timestamps): it grows with every run, rejected
# releases included, by design; every other mart must not move on a rejection.
RUN_LOG_MARTS = ("data_quality",)


def marts_state(settings, exclude=RUN_LOG_MARTS) -> dict[str, list[str]]:
    """sha256 of the Parquet files under the current marts, by folder (file names carry
    the version, so only folders and contents are compared), but the run log marts."""
    root = Path(settings.marts_dir).resolve()
    state: dict[str, list[str]] = {}
    for path in root.rglob("*.parquet"):
        folder = str(path.parent.relative_to(root))
        if folder.split("/", 1)[0] in exclude:
            continue
        state.setdefault(folder, []).append(hashlib.sha256(path.read_bytes()).hexdigest())
    return {folder: sorted(shas) for folder, shas in sorted(state.items())}


def observations(settings, columns: str) -> list[tuple]:
    """core.observations in a stable order."""
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute(f"select {columns} from core.observations order by all").fetchall()
    finally:
        con.close()
