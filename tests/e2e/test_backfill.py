"""Backfill: re-publish the marts now, or as known on an as-of date: `republish` without
Prefect on the sample releases, and the `publish-marts` flow between two vintages."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from offshoring.backfill import republish
from offshoring.pipeline import run_pipeline
from offshoring.sample import write_sample_releases
from tests.support.state import CORE_TABLES, marts_state, warehouse_state
from tests.support.warehouses import build_scenario_warehouse, copy_warehouse


def rows(marts, name: str) -> int:
    return ds.dataset(marts / name, format="parquet", partitioning="hive").count_rows()


@pytest.fixture
def loaded(settings):
    write_sample_releases(settings.landing_dir)
    summary = run_pipeline(settings)
    assert summary.count("loaded") == 6
    return settings


def current_count(settings) -> int:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute("select count(*) from core.current").fetchone()[0]
    finally:
        con.close()


def test_republish_now_and_as_of(loaded):
    settings = loaded
    before = current_count(settings)
    now = republish(None, str(settings.warehouse_dir))
    assert now == settings.marts_dir
    total = rows(now, "indicator_timeseries")
    assert total > 0

    # Everything sample was published on or before this day: same rows as now.
    later = republish("2030-01-01", str(settings.warehouse_dir))
    assert later == settings.warehouse_dir / "as_of" / "2030-01-01" / "marts"
    assert rows(later, "indicator_timeseries") == total

    # Before any publication nothing was known.
    early = republish("2000-01-01", str(settings.warehouse_dir))
    assert rows(early, "indicator_timeseries") == 0

    assert current_count(settings) == before  # the as-of view was rolled back
    assert rows(settings.marts_dir, "indicator_timeseries") == total


# --- the backfill flow between two vintages (tests/support/scenario.py) ------------------
SCENARIO_ROWS = ("select period, frequency, segment, value, vintage_no, status, "
                 "published_on::varchar, series_break, file_name from read_parquet(?, "
                 "hive_partitioning = true) order by period")
TODAY = [
    ("2023", "A", "ALL", 26.17e9, 2, "final", "2025-03-15", True,
     "odc_mars_2025_nouveau_perimetre.csv"),
    ("2024-Q3", "Q", "CRM", 2.814e9, 2, "final", "2025-02-15", False, "odc_T3_2024_revise.csv"),
]
OLD_SCOPE_2023 = ("2023", "A", "ALL", 18e9, 1, "final", "2024-06-28", False,
                  "odc_annuel_2023_ancien_perimetre.csv")


@pytest.fixture(scope="module")
def scenario_wh(tmp_path_factory):
    """Every release of the scenario: a revised quarter and a series break of 2023."""
    return build_scenario_warehouse(tmp_path_factory.mktemp("backfill-scenario"))


def _mart(folder, name: str, sql: str) -> list[tuple]:
    con = duckdb.connect()
    try:
        return con.execute(sql, [str(folder / name / "**" / "*.parquet")]).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(("as_of", "expected"), [
    # Provisional quarter published, not yet revised; 2023 under the old scope.
    ("2025-02-01", [OLD_SCOPE_2023, ("2024-Q3", "Q", "CRM", 2.8e9, 1, "provisional",
                                     "2025-01-15", False, "odc_T3_2024_provisoire.csv")]),
    # The revision is out (2025-02-15), the series break not yet (2025-03-15).
    ("2025-03-14", [OLD_SCOPE_2023, TODAY[1]]),
    # The day of the break: what is known equals today's marts.
    ("2025-03-15", TODAY),
])
def test_backfill_flow_publishes_what_was_known_on_the_day(scenario_wh, tmp_path, prefect_api,
                                                            as_of, expected):
    from flows.backfill import publish_marts_flow

    wh = copy_warehouse(scenario_wh, tmp_path)
    before = marts_state(wh), warehouse_state(wh, CORE_TABLES)

    out = publish_marts_flow(as_of=as_of, warehouse=str(wh.warehouse_dir))

    assert out == str(wh.warehouse_dir / "as_of" / as_of / "marts")
    assert _mart(Path(out), "indicator_timeseries", SCENARIO_ROWS) == expected
    assert _mart(wh.marts_dir, "indicator_timeseries", SCENARIO_ROWS) == TODAY
    progress = ("select latest_period, latest_value, target_value, latest_published_on::varchar,"
                " latest_file_name from read_parquet(?) where indicator = 'exports_mad' and "
                "segment = 'ALL' and region = 'MA'")
    (year_2023,) = [row for row in expected if row[0] == "2023"]
    assert _mart(Path(out), "progress_2030", progress) == [
        ("2023", year_2023[3], 40e9, year_2023[6], year_2023[8])]
    assert _mart(wh.marts_dir, "progress_2030", progress) == [
        ("2023", 26.17e9, 40e9, "2025-03-15", "odc_mars_2025_nouveau_perimetre.csv")]
    # The warehouse and its published marts are as they were.
    assert (marts_state(wh), warehouse_state(wh, CORE_TABLES)) == before
