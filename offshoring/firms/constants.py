"""Constants of the firm-declarations capability: columns, types, codes, rule catalogue."""

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

# rule_id -> (ESS validation level, severity, expected, description)
RULES = MappingProxyType({
    "firm.unique_key": (
        0, "error", "one row per (firm_id, period)",
        "Each firm declares each month at most once.",
    ),
    "firm.known_codes": (
        1, "error", "known segment, region, YYYY-MM period, firm_id and published_on",
        "Segment and region are codes of ref.segments / ref.regions (not the totals), the "
        "period is YYYY-MM, firm_id and published_on are present.",
    ),
    "firm.non_negative": (
        1, "error", "employees, hires, separations, exports_mad present and >= 0",
        "Counts and export revenue are present and not negative.",
    ),
    "firm.stock_flow": (
        1, "error", "employees[t] = employees[t-1] + hires[t] - separations[t]",
        "Firm-level stock-flow identity between consecutive months of a firm.",
    ),
    "firm.stable_attributes": (
        1, "warning", "same segment and region as the firm's previous month",
        "A firm keeps its segment and region from one month to the next.",
    ),
})
