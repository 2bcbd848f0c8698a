"""The quality log in DuckDB: quality.check_results and quality.failing_rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa

from offshoring.warehouse import query, sql_text


def record_results(con, settings, run_id: str, load_id: int, file_name: str,
                   file_sha256: str, outcome) -> None:
    """Write one row per rule (passed ones too) and the failing rows of each rule."""
    checked_at = datetime.now(UTC).replace(tzinfo=None)
    results = [
        {"run_id": run_id, "load_id": load_id, "file_name": file_name,
         "file_sha256": file_sha256, "rule_id": r.rule_id, "level": r.level,
         "severity": r.severity, "status": r.status, "observed": r.observed,
         "expected": r.expected, "failing_rows": r.failing_rows,
         "description": r.description, "checked_at": checked_at}
        for r in outcome.results
    ]
    failing = [
        {"run_id": run_id, "load_id": load_id, "rule_id": r.rule_id,
         "indicator": f.indicator, "period": f.period, "segment": f.segment,
         "region": f.region, "expected": f.expected, "actual": f.actual, "detail": f.detail}
        for r in outcome.results
        for f in r.failing
    ]
    _insert(con, settings, "check_results", results)
    _insert(con, settings, "failing_rows", failing)


def _insert(con, settings, table: str, rows: list[dict]) -> None:
    """Append rows through sql/pipeline/record_<table>.sql (an Arrow table by name)."""
    if not rows:
        return
    view = f"incoming_{table}"
    con.register(view, pa.Table.from_pylist(rows))
    try:
        con.execute(sql_text(settings, f"pipeline/record_{table}.sql"))
    finally:
        con.unregister(view)


def quality_report(con, settings) -> list[dict]:
    """The latest run's results for every file, failures first (errors, then warnings)."""
    return query(con, settings, "reports/quality_report.sql")
