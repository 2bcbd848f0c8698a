"""How a publish reads the core layer, and how the dashboard and the printed progress read
what was published (offshoring.publish: core_computed_once, reading_published)."""

from __future__ import annotations

from datetime import date

import pytest

from offshoring import publish
from offshoring.dashboard import write_report
from offshoring.report import progress_rows
from tests.support.layers import load_release

JOBS = [{"indicator": "jobs", "period": str(year), "value": value}
        for year, value in ((2019, "120 000"), (2022, "130 000"), (2024, "148 500"))]


def _kind(con, view: str) -> str:
    schema, name = view.split(".")
    return con.execute("select table_type from information_schema.tables "
                       "where table_schema = ? and table_name = ?", [schema, name]).fetchone()[0]


def _rows(con, view: str) -> tuple[list[str], list[tuple]]:
    result = con.execute(f"select * from {view} order by all")
    return [d[0] for d in result.description], result.fetchall()


def test_core_is_a_table_while_publishing_and_a_view_after(con, settings):
    load_release(con, settings, JOBS)
    as_view = {v: _rows(con, v) for v in publish.COMPUTED_ONCE}
    with publish.core_computed_once(con):
        for view, rows in as_view.items():
            assert _kind(con, view) == "BASE TABLE"
            assert _rows(con, view) == rows  # the same columns, in order, and rows
    for view in publish.COMPUTED_ONCE:
        assert _kind(con, view) == "VIEW"
    assert con.execute("select count(*) from duckdb_tables() where table_name like '%_once'"
                       ).fetchone()[0] == 0


def test_core_views_come_back_when_a_mart_fails(con, settings):
    load_release(con, settings, JOBS)
    with pytest.raises(RuntimeError, match="mart failed"), publish.core_computed_once(con):
        raise RuntimeError("mart failed")
    assert [_kind(con, v) for v in publish.COMPUTED_ONCE] == ["VIEW"] * 6
    # The views read new data again: nothing was frozen for good.
    load_release(con, settings, [{"indicator": "jobs", "period": "2025", "value": "160 000"}])
    assert con.execute("select count(*) from core.current where indicator = 'jobs'"
                       ).fetchone()[0] == 4


def test_publish_as_of_a_date_reads_the_vintages_of_that_day(con, settings):
    load_release(con, settings, JOBS)  # published 2025-03-14
    load_release(con, settings, [{"indicator": "jobs", "period": "2024", "value": "150 000",
                                  "published_on": "2025-06-30"}], file_name="revised.csv")
    as_of = publish.publish_marts(con, settings, as_of=date(2025, 4, 1))
    latest = publish.publish_marts(con, settings)
    values = {}
    for name, marts in (("as_of", as_of), ("latest", latest)):
        files = str(marts / "indicator_timeseries" / "**" / "*.parquet")
        values[name] = con.execute(
            "select value from read_parquet(?, hive_partitioning = true) "
            "where indicator = 'jobs' and period = '2024' and region = 'MA'", [files]
        ).fetchall()
    assert values == {"as_of": [(148500.0,)], "latest": [(150000.0,)]}


def test_dashboard_and_progress_show_the_published_figures(con, settings):
    load_release(con, settings, JOBS)
    publish.publish_marts(con, settings)
    # Loaded but not published: the dashboard and the progress table do not show it.
    load_release(con, settings, [{"indicator": "jobs", "period": "2025", "value": "160 000",
                                  "published_on": "2026-01-27"}], file_name="later.csv")
    [jobs] = [r for r in progress_rows(con, settings) if r["indicator"] == "jobs"]
    assert (jobs["latest_period"], jobs["latest_value"]) == ("2024", 148500.0)
    page = write_report(con, settings).read_text(encoding="utf-8")
    assert 'data-key="jobs.latest_value" data-value="148500.0"' in page
    publish.publish_marts(con, settings)
    [jobs] = [r for r in progress_rows(con, settings) if r["indicator"] == "jobs"]
    assert (jobs["latest_period"], jobs["latest_value"]) == ("2025", 160000.0)
    # The views of the published marts live only while they are read.
    assert con.execute("select count(*) from duckdb_databases() where database_name = ?",
                       [publish.PUBLISHED]).fetchone()[0] == 0


def test_nothing_published_yet(con, settings):
    load_release(con, settings, JOBS)
    assert progress_rows(con, settings) == []
    with pytest.raises(FileNotFoundError):
        write_report(con, settings)


def test_a_publish_with_no_values_leaves_every_mart_readable_and_empty(con, settings):
    # Partitioned marts (one folder per indicator) have no folder without rows: an empty
    # file keeps <mart>/**/*.parquet matching, with the mart's columns.
    marts = publish.publish_marts(con, settings)
    for name in ("indicator_timeseries", "trajectory"):
        glob = str(marts / name / "**" / "*.parquet")
        result = con.execute("select * from read_parquet(?, hive_partitioning = true)", [glob])
        columns = [d[0] for d in result.description]
        assert result.fetchall() == []
        assert columns == [d[0] for d in con.execute(f"select * from marts.{name}").description]
    assert write_report(con, settings).is_file()  # the dashboard reads them too
    assert progress_rows(con, settings) == []
