"""What the CLI prints: run reports, warehouse status, quality results.

Reads through a read-only DuckDB connection; while a writer holds the warehouse file,
from the read-only snapshot of the last publish (``offshoring.snapshot``), and says so.
A warehouse busy with a writer and without a snapshot is reported as such (exit code 4)
by the CLI.
"""

from __future__ import annotations

from offshoring import snapshot, warehouse
from offshoring.settings import Settings


def warehouse_status(settings: Settings) -> dict:
    """Files, releases, rows and latest periods held by the warehouse."""
    status = {"warehouse": str(settings.warehouse_dir), "database": str(settings.db_path),
              "marts": str(settings.marts_dir), "exists": settings.db_path.exists()}
    if not status["exists"]:
        return status
    with snapshot.reader(settings) as (con, from_snapshot):
        status["files"] = warehouse.query(con, settings, "reports/warehouse_files.sql")
        status["latest"] = warehouse.query(con, settings, "reports/latest_periods.sql")
        status["last_run"] = (warehouse.query(con, settings, "reports/last_run.sql")
                              or [None])[0]
    if from_snapshot:
        status["read_from"] = str(settings.snapshot_path)
    return status


def format_status(status: dict) -> str:
    lines = [f"warehouse: {status['warehouse']}"]
    if not status["exists"]:
        lines.append("empty: run `offshoring run` to load the sample releases")
        return "\n".join(lines)
    if status.get("read_from"):
        lines.append(f"a run is writing: read from the snapshot {status['read_from']} "
                     "(the warehouse as of the last publish)")
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

    with snapshot.reader(settings) as (con, _from_snapshot):
        return quality_report(con, settings)


def progress_rows(con, settings: Settings) -> list[dict]:
    """The national objectives of progress_2030 as last published (read on the run's
    connection); none when nothing was ever published."""
    from offshoring.publish import reading_published

    try:
        with reading_published(con, settings, ("progress_2030",)):
            return warehouse.query(con, settings, "reports/national_progress.sql")
    except FileNotFoundError:
        return []


def format_progress(rows: list[dict]) -> str:
    header = (f"{'indicator':12} {'seg':4} {'region':6} {'latest':>6} {'value':>16} "
              f"{'target 2030':>16} {'share':>6} {'req.CAGR':>8} {'obs.CAGR':>8} "
              f"{'observed over':21} {'ratio':>6}  status")
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r['indicator']:12} {r['segment']:4} {r['region']:6} {r['latest_period']:>6} "
            f"{_num(r['latest_value']):>16} {_num(r['target_value']):>16} "
            f"{_pct(r['share_of_target']):>6} {_pct(r['cagr_required'], 2):>8} "
            f"{_pct(r['cagr_observed'], 2):>8} {_window(r):21} "
            f"{_fix(r['progress_ratio']):>6}  {r['status']}")
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
    for warning in summary.after_commit_warnings:
        print(f"WARNING: {warning}")
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


def _window(row) -> str:
    """'2019-2024 linked': the observation window and how a series break was handled."""
    return f"{row['observed_from']}-{row['latest_period']} {row['observed_basis']}"


def _fix(value) -> str:
    return "" if value is None else f"{value:.3f}"
