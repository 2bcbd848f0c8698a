"""Atomic marts: readers (DuckDB read_parquet, pyarrow dataset) never see a partial or
mixed set, even while publishes run; a failed publish leaves the previous marts."""

from __future__ import annotations

import os
import threading

import duckdb
import pyarrow.dataset as ds
import pytest

from offshoring.publish import current_version, publish_marts
from tests.support.layers import memory_warehouse

INDICATORS = ("jobs", "net_jobs", "exports_mad", "companies")
SIZES = (1_000, 3_000)  # rows per indicator in the two alternating versions
PUBLISHES = 12


def _set_size(con, rows_per_indicator: int) -> None:
    """Mart views over synthetic data of the given size (real mart names and layout)."""
    con.execute("create or replace table main.fake as select i.indicator, r.range as n, "
                "r.range * 1.5 as value from (select unnest(?) as indicator) as i "
                "cross join range(?) as r", [list(INDICATORS), rows_per_indicator])
    for view in ("indicator_timeseries", "progress_2030", "revisions"):
        con.execute(f"create or replace view marts.{view} as select * from main.fake")


@pytest.fixture
def con(settings):
    """The real layers in memory; the marts are published into the test's warehouse folder."""
    connection = memory_warehouse(settings)
    yield connection
    connection.close()


@pytest.fixture
def publisher(con, settings):
    # Only the synthetic marts: the real ones may depend on the views replaced here.
    for (view,) in con.execute("select view_name from duckdb_views() where schema_name = "
                               "'marts' and not internal").fetchall():
        con.execute(f"drop view if exists marts.{view} cascade")
    _set_size(con, SIZES[0])
    publish_marts(con, settings)
    return con, settings


def _read_loop(root_of, stop: threading.Event, seen: list, errors: list,
               arrow_root_of=None) -> None:
    """Read both marts with DuckDB and pyarrow until stopped; record counts and errors.
    ``arrow_root_of``: where pyarrow reads, when not where DuckDB does."""
    con = duckdb.connect()
    while not stop.is_set():
        root = root_of()
        arrow_root = arrow_root_of() if arrow_root_of else root
        try:
            seen.append(con.execute(
                "select count(*), count(distinct indicator) from read_parquet(?, "
                "hive_partitioning = true)",
                [str(root / "indicator_timeseries" / "**" / "*.parquet")]).fetchall()[0])
            seen.append(con.execute(
                "select count(*), count(distinct indicator) from read_parquet(?)",
                [str(root / "progress_2030" / "**" / "*.parquet")]).fetchall()[0])
            table = ds.dataset(arrow_root / "indicator_timeseries",
                               partitioning="hive").to_table(columns=["indicator"])
            seen.append((table.num_rows, len(set(table.column("indicator").to_pylist()))))
        except Exception as err:  # recorded for the test thread
            errors.append(err)


def _publish_while_reading(con, settings, root_of, arrow_root_of=None) -> tuple[list, list]:
    stop, seen, errors = threading.Event(), [], []
    reader = threading.Thread(target=_read_loop,
                              args=(root_of, stop, seen, errors, arrow_root_of))
    reader.start()
    try:
        for i in range(PUBLISHES):
            _set_size(con, SIZES[(i + 1) % 2])
            publish_marts(con, settings)
    finally:
        stop.set()
        reader.join(timeout=60)
    return seen, errors


CONSISTENT = {(len(INDICATORS) * size, len(INDICATORS)) for size in SIZES}


def test_reader_of_the_resolved_version_sees_one_complete_set(publisher):
    """Resolve the `marts` link once per query: never an error, never a mix."""
    con, settings = publisher
    seen, errors = _publish_while_reading(con, settings, lambda: current_version(settings))
    assert errors == []
    assert set(seen) <= CONSISTENT and len(seen) >= 3


def test_reader_through_the_link_never_sees_a_mixed_set(publisher):
    """DuckDB through the stable `marts` path: every answer is one complete version; a query
    that listed files just before a swap fails with "file not found" (retry) instead of
    mixing. pyarrow reads the resolved version, as docs/vintages.md tells its users: its
    dataset listing, folder by folder, skips a file that a swap removed from under the
    link between the listing and its stat, and answers without that partition."""
    con, settings = publisher
    seen, errors = _publish_while_reading(con, settings, lambda: settings.marts_dir,
                                          lambda: current_version(settings))
    assert set(seen) <= CONSISTENT and len(seen) >= 3
    for err in errors:
        assert "No such file or directory" in str(err), err


def test_failed_publish_leaves_previous_marts(publisher):
    con, settings = publisher
    link = os.readlink(settings.marts_dir)
    files = sorted(p.relative_to(settings.marts_dir.resolve())
                   for p in settings.marts_dir.resolve().rglob("*.parquet"))
    versions = sorted(p.name for p in settings.publish_dir.iterdir())
    _set_size(con, SIZES[1])
    con.execute("create or replace view marts.zz_broken as "
                "select error('disk full while writing') as x")
    with pytest.raises(duckdb.Error, match="disk full"):
        publish_marts(con, settings)
    assert os.readlink(settings.marts_dir) == link
    assert sorted(p.relative_to(settings.marts_dir.resolve())
                  for p in settings.marts_dir.resolve().rglob("*.parquet")) == files
    assert sorted(p.name for p in settings.publish_dir.iterdir()) == versions  # no leftovers
    count = duckdb.connect().execute(
        "select count(*) from read_parquet(?)",
        [str(settings.marts_dir / "indicator_timeseries" / "**" / "*.parquet")]).fetchall()
    assert count == [(len(INDICATORS) * SIZES[0],)]
