"""Backfill: re-publish the marts now, or as known on an as-of date, without Prefect."""

from __future__ import annotations

import duckdb
import pyarrow.dataset as ds
import pytest

from offshoring.backfill import republish
from offshoring.pipeline import run_pipeline
from offshoring.sample import write_sample_releases


def rows(marts, name: str) -> int:
    return ds.dataset(marts / name, format="parquet", partitioning="hive").count_rows()


@pytest.fixture
def loaded(settings):
    write_sample_releases(settings.landing_dir)
    summary = run_pipeline(settings)
    assert summary.count("loaded") == 4
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
