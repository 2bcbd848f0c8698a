"""Constants of the firm-declarations capability: columns, types, codes, rule ids."""

from __future__ import annotations

from types import MappingProxyType

KIND = "firm_declarations"
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

SEGMENTS: tuple[str, ...] = ("ITO", "CRM", "BPO", "KPO", "ESO")
REGIONS: tuple[str, ...] = tuple(f"MA-{i:02d}" for i in range(1, 13))

CSV_SUFFIXES = frozenset({".csv", ".txt"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})

# Failing rows brought back to Python per rule; the full count always comes back.
FAILING_ROWS_CAP = 100
# Stock-flow residual tolerance, in jobs (the data are integers: any residual fails).
STOCK_FLOW_TOLERANCE = 0.5

# SQL files executed by the module, relative to the project's sql/ folder.
SQL_CHECKS = "firms/checks.sql"
SQL_AGGREGATE = "firms/aggregate.sql"
# Layer files the pipeline runs at start-up (raw before staging).
SQL_LAYER_FILES: tuple[str, ...] = (
    "raw/20_firm_declarations.sql",
    "staging/stg_firm_declarations.sql",
)

# Rules checked by sql/firms/checks.sql, in catalogue order. Their level, severity and
# descriptions are in the rule catalogue, expectations/rules.json (dataset
# firm_declarations); their expectations in expectations/firm_declarations.json.
RULE_IDS: tuple[str, ...] = (
    "firm.unique_key",
    "firm.known_codes",
    "firm.non_negative",
    "firm.stock_flow",
    "firm.stable_attributes",
)
