"""Constants of the firm-declarations capability: columns, types, file kinds, SQL files.

The firm rules live in the rule catalogue (``expectations/firm.*/``), like every rule.
"""

from __future__ import annotations

from types import MappingProxyType

SOURCE = "firm_declarations"

# Column -> DuckDB type, in the canonical order of the raw table.
COLUMN_TYPES = MappingProxyType({
    "firm_id": "VARCHAR",
    "period": "VARCHAR",
    "segment": "VARCHAR",
    "region": "VARCHAR",
    "employees": "BIGINT",
    "hires": "BIGINT",
    "separations": "BIGINT",
    "exports_mad": "DOUBLE",
    "published_on": "DATE",
})
COLUMNS: tuple[str, ...] = tuple(COLUMN_TYPES)

CSV_SUFFIXES = frozenset({".csv", ".txt"})
# DuckDB's reason for a CSV its strict parser cannot follow (it names no line).
CSV_STATE_MACHINE = "The CSV Parser state machine reached an invalid state"
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})

# SQL files executed by the module, relative to the project's sql/ folder: the temp
# table of the load's periods (one pass over its rows), then what it appends.
SQL_PERIODS = "firms/firm_periods.sql"
SQL_AGGREGATE = "firms/aggregate.sql"
SQL_DYNAMICS = "firms/dynamics.sql"
PERIODS_TABLE = "firm_periods"
