"""The real warehouse layers in memory, and releases loaded through them.

A release given as raw text rows (as a file holds them) goes where the pipeline puts it:
`raw.release_rows`, typed by `staging.stg_release_rows`, appended to `core.release_values`
and recorded in `meta.loads`; then every layer is rebuilt (`offshoring.warehouse.build`), so
`core.*` and `marts.*` are the project's own views of it, never hand-made stand-ins.
"""

from __future__ import annotations

import hashlib

import duckdb

from offshoring import warehouse

# Text columns of raw.release_rows, in the order of a release file.
RAW_COLUMNS = ("indicator", "period", "segment", "region", "value", "unit", "source",
               "published_on", "status", "series_break", "note")
ROW_DEFAULTS = {"segment": "ALL", "region": "MA", "unit": None, "source": "MTNRA",
                "published_on": "2025-03-14", "status": None, "series_break": None,
                "note": None}


def memory_warehouse(settings) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with every layer built and the seeds loaded."""
    con = duckdb.connect()
    warehouse.build(con, settings)
    return con


def load_release(con, settings, rows: list[dict], *, file_name: str = "release.csv",
                 run_id: str = "test-run") -> int:
    """Load release rows (dicts of text; defaults ALL, MA, MTNRA, published 2025-03-14)
    through raw, staging and core, record the file in meta.loads, rebuild the layers.
    Every row must stage cleanly (the pipeline's quality rules are not run here)."""
    load_id = stage_release(con, rows)
    append_release(con, settings, load_id, file_name=file_name, run_id=run_id)
    return load_id


def stage_release(con, rows: list[dict]) -> int:
    """The rows into raw.release_rows under a new load id (typed by staging), as the
    pipeline stages a file before its rules run; the load id."""
    load_id = con.execute("select coalesce(max(load_id), 0) + 1 from "
                          "(select load_id from meta.loads union all "
                          "select load_id from raw.release_rows)").fetchall()[0][0]
    records = [(load_id, number, *(None if (v := {**ROW_DEFAULTS, **row}[c]) is None else str(v)
                                   for c in RAW_COLUMNS))
               for number, row in enumerate(rows, 1)]
    con.executemany(f"insert into raw.release_rows (load_id, row_number, {', '.join(RAW_COLUMNS)})"
                    f" values ({', '.join('?' * (2 + len(RAW_COLUMNS)))})", records)
    return load_id


def append_release(con, settings, load_id: int, *, file_name: str = "release.csv",
                   run_id: str = "test-run") -> None:
    """A staged release accepted: its values appended to core.release_values, the file
    recorded in meta.loads, the layers rebuilt."""
    untyped = con.execute(
        "select row_number from staging.stg_release_rows where load_id = ? and (value is null "
        "or frequency is null or published_on is null or indicator is null) "
        "order by row_number", [load_id]).fetchall()
    assert not untyped, f"rows that do not stage: {untyped} (fix the test's release)"
    con.execute(
        "insert into core.release_values select load_id, indicator, frequency, period, "
        "period_start, period_end, segment, region, source, value, unit, status, "
        "published_on, series_break from staging.stg_release_rows where load_id = ?",
        [load_id])
    sha = hashlib.sha256(f"{load_id}:{file_name}".encode()).hexdigest()
    con.execute(
        "insert into meta.loads (load_id, run_id, kind, file_name, file_sha256, "
        "content_sha256, size_bytes, stored_path, received_at, status, reason, row_count, "
        "published_on, sources) select ?, ?, 'release', ?, ?, ?, 0, ?, current_timestamp, "
        "'loaded', null, count(*), max(published_on), string_agg(distinct source, ',') "
        "from core.release_values where load_id = ?",
        [load_id, run_id, file_name, sha, sha, f"archive/{sha}.csv", load_id])
    warehouse.build(con, settings)
