"""The quality log in DuckDB: quality.check_results and quality.failing_rows."""

from __future__ import annotations

from datetime import UTC, datetime

REPORT_SQL = """
with latest_run as (
    select load_id, arg_max(run_id, checked_at) as run_id
    from quality.check_results
    group by load_id
)
select
    r.load_id, r.file_name, r.file_sha256, l.status as load_status, r.run_id, r.rule_id,
    r.level, r.severity, r.status, r.observed, r.expected, r.failing_rows, r.description,
    r.checked_at
from quality.check_results as r
inner join latest_run as lr on r.load_id = lr.load_id and r.run_id = lr.run_id
left join meta.loads as l on r.load_id = l.load_id
order by
    r.status = 'passed', r.severity <> 'error', r.checked_at desc, r.load_id desc,
    r.level, r.rule_id
"""


def record_results(con, run_id: str, load_id: int, file_name: str, file_sha256: str,
                   outcome) -> None:
    """Write one row per rule (passed ones too) and the failing rows of each rule."""
    checked_at = datetime.now(UTC).replace(tzinfo=None)
    results = [
        (run_id, load_id, file_name, file_sha256, r.rule_id, r.level, r.severity, r.status,
         r.observed, r.expected, r.failing_rows, r.description, checked_at)
        for r in outcome.results
    ]
    failing = [
        (run_id, load_id, r.rule_id, f.indicator, f.period, f.segment, f.region, f.expected,
         f.actual, f.detail)
        for r in outcome.results
        for f in r.failing
    ]
    if results:
        con.executemany(
            "insert into quality.check_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            results,
        )
    if failing:
        con.executemany(
            "insert into quality.failing_rows values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", failing
        )


def quality_report(con) -> list[dict]:
    """The latest run's results for every release, failures first (errors, then warnings)."""
    cursor = con.execute(REPORT_SQL)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
