"""End to end: the Prefect flow and the CLI on the sample releases, in a temp warehouse."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pytest

from offshoring.sample import write_sample_releases


@pytest.fixture
def loaded(settings, prefect_api):
    """A warehouse loaded by one flow run over the sample releases."""
    from flows.pipeline import offshoring_pipeline

    write_sample_releases(settings.landing_dir)
    result = offshoring_pipeline(warehouse=str(settings.warehouse_dir))
    return settings, result


def _cli(settings, *args, api=None):
    env = {**os.environ, "OFFSHORING_WAREHOUSE": str(settings.warehouse_dir)}
    if api:
        env["PREFECT_API_URL"] = api
    return subprocess.run([sys.executable, "-m", "offshoring.cli", *args], env=env,
                          capture_output=True, text=True, timeout=300)


def test_flow_loads_every_sample_release(loaded):
    settings, result = loaded
    assert [(o.file_name, o.status, o.rows) for o in result.outcomes] == [
        ("sample_annuel_national_2015_2024.csv", "loaded", 29),
        ("sample_exports_ancien_perimetre_2015_2023.csv", "loaded", 9),
        ("sample_exports_mensuel_2024.csv", "loaded", 12),
        ("sample_exports_nouveau_perimetre_2023_2024.csv", "loaded", 7),
        ("sample_regional_2023_2024.json", "loaded", 52),
        ("sample_trimestriel_segments_2023_2024.xlsx", "loaded", 144),
    ]
    assert result.exit_code == 0
    assert settings.report_index.is_file()  # the report task ran after publish
    # Landing emptied; every file archived under its checksum, byte for byte.
    assert list(settings.landing_dir.iterdir()) == []
    assert sorted(p.name for p in settings.archive_dir.iterdir()) == sorted(
        o.sha256 + "." + o.file_name.rsplit(".", 1)[1] for o in result.outcomes)


def test_marts_read_back_with_duckdb_pyarrow_polars(loaded):
    settings, _ = loaded
    glob = str(settings.marts_dir / "indicator_timeseries" / "**" / "*.parquet")
    con = duckdb.connect()
    jobs_2024 = con.execute(
        "select value, unit, source, file_name from read_parquet(?, hive_partitioning = true) "
        "where indicator = 'jobs' and period = '2024' and segment = 'ALL' and region = 'MA'",
        [glob]).fetchall()
    assert jobs_2024 == [(148500.0, "jobs", "MTNRA", "sample_annuel_national_2015_2024.csv")]
    # pyarrow and pandas as the README has them: under the version the link resolves to.
    version = os.path.realpath(settings.marts_dir)
    assert os.path.dirname(version) == str(settings.publish_dir.resolve())
    table = ds.dataset(f"{version}/indicator_timeseries", partitioning="hive").to_table()
    assert table.num_rows == 248
    assert len(pd.read_parquet(f"{version}/indicator_timeseries")) == 248
    frame = pl.read_parquet(settings.marts_dir / "indicator_timeseries", hive_partitioning=True)
    exports = frame.filter((pl.col("indicator") == "exports_mad") & (pl.col("frequency") == "M"))
    # The months add up to the published segments (26.219 bn; the published total 26.22).
    assert exports["value"].sum() == pytest.approx(26_219_000_000.0, abs=1e-3)


def test_progress_2030_figures(loaded):
    settings, _ = loaded
    rows = duckdb.connect().execute(
        "select indicator, latest_period, latest_value, target_value, round(cagr_required, 5), "
        "round(cagr_observed, 5), observed_from, status from read_parquet(?) "
        "where segment = 'ALL' and region = 'MA' order by indicator",
        [str(settings.marts_dir / "progress_2030" / "**" / "*.parquet")]).fetchall()
    assert rows == [
        ("exports_mad", "2024", 26_220_000_000.0, 40_000_000_000.0, 0.07293, 0.10393, "2019",
         "on_track"),
        ("jobs", "2024", 148_500.0, 270_000.0, 0.10477, 0.04354, "2019", "limited_progress"),
    ]


def test_second_run_duplicates_nothing(loaded, prefect_api):
    from flows.pipeline import offshoring_pipeline

    settings, _ = loaded
    db = duckdb.connect(str(settings.db_path), read_only=True)
    before = db.execute("select (select count(*) from core.release_values), "
                        "(select count(*) from core.observations), "
                        "(select count(*) from meta.loads)").fetchall()
    db.close()
    again = offshoring_pipeline(warehouse=str(settings.warehouse_dir))
    assert again.outcomes == [] and again.exit_code == 0
    write_sample_releases(settings.landing_dir)
    third = offshoring_pipeline(warehouse=str(settings.warehouse_dir))
    assert [o.status for o in third.outcomes] == ["duplicate"] * 6
    db = duckdb.connect(str(settings.db_path), read_only=True)
    after = db.execute("select (select count(*) from core.release_values), "
                       "(select count(*) from core.observations), "
                       "(select count(*) from meta.loads)").fetchall()
    assert before == after == [(253, 249, 6)]


def test_cli_rejects_a_bad_file_with_one_line(settings, prefect_api, tmp_path):
    bad = tmp_path / "bad release.csv"
    bad.write_text("indicator,period,segment,region,value,source,published_on\n"
                   "jobs,2024,ALL,MA,12,3,4,MTNRA,2025-03-14\n", encoding="utf-8")
    done = _cli(settings, "ingest", str(bad), api=prefect_api)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert ("REJECTED bad release.csv: format.file_readable (error): line 2 has 9 fields, "
            "the header has 7 (truncated or ragged CSV)") in done.stdout.splitlines()
    kept = list(settings.quarantine_dir.iterdir())
    assert [p.read_bytes() for p in kept] == [bad.read_bytes()]


def test_cli_run_from_empty_warehouse_prints_progress(settings, prefect_api):
    done = _cli(settings, "run", api=prefect_api)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "6 loaded, 0 rejected, 0 already loaded" in out
    assert f"warehouse: {settings.db_path}" in out
    progress = [line.split() for line in out.splitlines() if line.startswith("jobs ")]
    assert progress == [["jobs", "ALL", "MA", "2024", "148", "500", "270", "000", "55.0%",
                         "10.48%", "4.35%", "2019-2024", "direct", "0.416",
                         "limited_progress"]]
    status = _cli(settings, "status", "--json")
    assert status.returncode == 0
    assert '"status": "loaded"' in status.stdout
