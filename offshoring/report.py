"""What the CLI prints: run reports, warehouse status, quality results.

Reads through a read-only DuckDB connection; a warehouse busy with a writer is reported
as such (exit code 4) by the CLI.
"""

from __future__ import annotations

from offshoring import warehouse
from offshoring.settings import Settings

PROGRESS_COLUMNS = ("indicator", "segment", "region", "latest_period", "latest_value",
                    "target_value", "share_of_target", "cagr_required", "cagr_observed",
                    "progress_ratio", "status")


def _dicts(con, sql: str, params: list | None = None) -> list[dict]:
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def warehouse_status(settings: Settings) -> dict:
    """Files, releases, rows and latest periods held by the warehouse."""
    status = {"warehouse": str(settings.warehouse_dir), "database": str(settings.db_path),
              "marts": str(settings.marts_dir), "exists": settings.db_path.exists()}
    if not status["exists"]:
        return status
    con = warehouse.connect(settings, read_only=True)
    try:
        status["files"] = _dicts(con, "select status, count(*) as files, "
                                      "coalesce(sum(row_count), 0) as rows from meta.loads "
                                      "group by status order by status")
        status["latest"] = _dicts(con, "select indicator, frequency, max(period) as latest_period,"
                                       " count(*) as values, max(published_on) as published_on "
                                       "from core.current group by all order by all")
        status["last_run"] = (_dicts(con, "select run_id, command, started_at, finished_at, "
                                          "status from meta.runs order by started_at desc "
                                          "limit 1") or [None])[0]
    finally:
        con.close()
    return status


def format_status(status: dict) -> str:
    lines = [f"warehouse: {status['warehouse']}"]
    if not status["exists"]:
        lines.append("empty: run `offshoring run` to load the sample releases")
        return "\n".join(lines)
    for f in status["files"]:
        lines.append(f"files {f['status']}: {f['files']} ({f['rows']} rows)")
    lines.append("latest periods:")
    for r in status["latest"]:
        lines.append(f"  {r['indicator']:12} {r['frequency']}  {r['latest_period']:8} "
                     f"{r['values']:5} values, published {r['published_on']}")
    lines.append(f"marts: {status['marts']}")
    return "\n".join(lines)


def quality_rows(settings: Settings) -> list[dict]:
    """The latest results per release, failures first."""
    if not settings.db_path.exists():
        return []
    from offshoring.quality import quality_report

    con = warehouse.connect(settings, read_only=True)
    try:
        return quality_report(con)
    finally:
        con.close()


def progress_rows(con) -> list[dict]:
    """The national objectives of marts.progress_2030 (read on the run's connection)."""
    return _dicts(con, f"select {', '.join(PROGRESS_COLUMNS)} from marts.progress_2030 "
                       "where segment = 'ALL' and region = 'MA'")


def format_progress(rows: list[dict]) -> str:
    header = (f"{'indicator':12} {'seg':4} {'region':6} {'latest':>6} {'value':>16} "
              f"{'target 2030':>16} {'share':>6} {'req.CAGR':>8} {'obs.CAGR':>8} "
              f"{'ratio':>6}  status")
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r['indicator']:12} {r['segment']:4} {r['region']:6} {r['latest_period']:>6} "
            f"{_num(r['latest_value']):>16} {_num(r['target_value']):>16} "
            f"{_pct(r['share_of_target']):>6} {_pct(r['cagr_required'], 2):>8} "
            f"{_pct(r['cagr_observed'], 2):>8} {_fix(r['progress_ratio']):>6}  {r['status']}")
    return "\n".join(lines)


def print_outcomes(summary) -> None:
    """One line per file, and the lines under it (further reasons, warnings)."""
    for outcome in summary.outcomes:
        print(outcome.line)
        for line in outcome.detail_lines:
            print(f"  {line}")


def print_run_report(summary, settings: Settings, progress: list[dict]) -> None:
    """Per-file lines, where things are, and the 2030 progress table."""
    print_outcomes(summary)
    print(f"\n{summary.counts_line()}")
    print(f"warehouse: {settings.db_path}")
    print(f"marts:     {settings.marts_dir}/<mart>/**/*.parquet")
    if settings.report_index.exists():
        print(f"dashboard: {settings.report_index}")
    if (settings.data_docs_dir / "index.html").exists():
        print(f"checks:    {settings.data_docs_dir / 'index.html'} (Great Expectations Data Docs)")
    print("\nProgress toward the 2030 objectives")
    print(format_progress(progress))


def _num(value) -> str:
    return "" if value is None else f"{value:,.0f}".replace(",", " ")


def _pct(value, digits: int = 1) -> str:
    return "" if value is None else f"{100 * value:.{digits}f}%"


def _fix(value) -> str:
    return "" if value is None else f"{value:.3f}"
