"""A temporary DuckDB warehouse built from sql/ and seeds/, and helpers to load releases."""

from __future__ import annotations

import duckdb
import pytest

from offshoring import warehouse
from offshoring.settings import load_settings

ROW_DEFAULTS = {"segment": "ALL", "region": "MA", "unit": "", "source": "MTNRA",
                "published_on": "2025-03-14", "status": "", "series_break": "", "note": ""}
RAW_COLUMNS = ("indicator", "period", "segment", "region", "value", "unit", "source",
               "published_on", "status", "series_break", "note")


def build_warehouse(settings, con=None):
    """The whole warehouse, every layer built (in memory unless ``con`` is given)."""
    con = con or duckdb.connect()
    warehouse.build(con, settings)
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
    """Values already loaded (base units), published on 2025-01-01 by the file old.csv:
    appended to core.release_values and recorded in meta.loads, as the pipeline does, so
    core.current (a view) holds them."""
    for row in rows:
        full = {**ROW_DEFAULTS, "series_break": False, "load_id": 1, **row}
        con.execute(
            """
            insert into core.release_values
            select $load_id, $indicator, p.frequency, p.period, p.period_start, p.period_end,
                   $segment, $region, $source, $value,
                   (select base_unit from ref.indicators where code = $indicator), 'final',
                   date '2025-01-01', $series_break
            from (select parse_period($period) as p)
            """,
            {k: full[k] for k in ("indicator", "period", "segment", "region", "source",
                                  "value", "load_id", "series_break")},
        )
        con.execute(
            """
            insert into meta.loads (load_id, run_id, kind, file_name, file_sha256, size_bytes,
                                    stored_path, received_at, status)
            select $load_id, 'earlier', 'release', 'old.csv', 'abc', 0, 'archive/abc.csv',
                   timestamp '2025-01-01', 'loaded'
            where not exists (select 1 from meta.loads where load_id = $load_id)
            """,
            {"load_id": full["load_id"]},
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


def fail_query_of(monkeypatch, rule_id: str, error: Exception) -> None:
    """Make the frame query of ``rule_id`` raise ``error`` (the others run as usual)."""
    from offshoring.quality import checks

    real = checks.query_frame

    def failing(connection, rule, parameters):
        if rule.id == rule_id:
            raise error
        return real(connection, rule, parameters)

    monkeypatch.setattr(checks, "query_frame", failing)
