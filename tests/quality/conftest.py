"""A temporary DuckDB warehouse built from sql/ and seeds/, and helpers to load releases."""

from __future__ import annotations

import duckdb
import pytest

from offshoring import warehouse
from offshoring.settings import load_settings

CURRENT_DDL = """
create table core.current (
    indicator varchar, frequency varchar, period varchar, period_start date,
    period_end date, segment varchar, region varchar, source varchar, value double,
    unit varchar, status varchar, published_on date, valid_from date, valid_to date,
    load_id bigint, file_name varchar, file_sha256 varchar, series_break boolean
)
"""
ROW_DEFAULTS = {"segment": "ALL", "region": "MA", "unit": "", "source": "MTNRA",
                "published_on": "2025-03-14", "status": "", "series_break": "", "note": ""}
RAW_COLUMNS = ("indicator", "period", "segment", "region", "value", "unit", "source",
               "published_on", "status", "series_break", "note")


def build_warehouse(settings, con=None):
    """The whole warehouse, with a plain core.current table in place of the view."""
    con = con or duckdb.connect()
    warehouse.build(con, settings)
    con.execute("drop view core.current")
    con.execute(CURRENT_DDL)
    return con


def insert_release(con, load_id: int, rows: list[dict]) -> int:
    """Insert rows (dicts; defaults: ALL, MA, MTNRA, published 2025-03-14) as raw text."""
    records = []
    for number, row in enumerate(rows, 1):
        full = {**ROW_DEFAULTS, **row}
        records.append((load_id, number, *[None if full[c] is None else str(full[c])
                                           for c in RAW_COLUMNS]))
    con.executemany(f"insert into raw.release_rows values ({', '.join('?' * 13)})", records)
    return load_id


def add_current(con, rows: list[dict]) -> None:
    """Rows already loaded: core.current (period parsed with the project's macro)."""
    for row in rows:
        full = {**ROW_DEFAULTS, "series_break": False, "load_id": 1, **row}
        con.execute(
            """
            insert into core.current
            select $indicator, p.frequency, p.period, p.period_start, p.period_end, $segment,
                   $region, $source, $value, 'x', 'final', date '2025-01-01',
                   date '2025-01-01', null, $load_id, 'old.csv', 'abc', $series_break
            from (select parse_period($period) as p)
            """,
            {k: full[k] for k in ("indicator", "period", "segment", "region", "source",
                                  "value", "load_id", "series_break")},
        )


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    return load_settings(warehouse=tmp_path_factory.mktemp("warehouse"))


@pytest.fixture
def con(settings):
    connection = build_warehouse(settings)
    yield connection
    connection.close()


def insert_table(con, load_id: int, table) -> int:
    """A release as the reader returns it (offshoring.readers.ReleaseTable) into
    raw.release_rows, as the pipeline stages it."""
    names = ", ".join(["load_id", "row_number", *table.columns])
    marks = ", ".join("?" * (len(table.columns) + 2))
    con.executemany(f"insert into raw.release_rows ({names}) values ({marks})",
                    [(load_id, n, *row) for n, row in enumerate(table.rows, 1)])
    return len(table.rows)
