"""The three publisher-shaped tables load through `offshoring ingest` with no flag, with
the exact values; the marts' SDMX-CSV file reads back with pysdmx."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest
from pysdmx.io import get_datasets

from offshoring import sdmx
from tests.support import cli
from tests.support.layout_tables import FIXTURES


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A warehouse where the three tables were ingested by the CLI, and what it printed."""
    from offshoring.settings import load_settings

    folder = tmp_path_factory.mktemp("layouts")
    settings = load_settings(folder / "warehouse")
    files = [shutil.copy(path, folder / path.name) for path in FIXTURES]
    done = cli.run(settings, "ingest", *map(str, files))
    return settings, done


def _current(settings, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_ingest_with_no_flag(loaded):
    settings, done = loaded
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line.split(" in ")[0] for line in done.stdout.splitlines()
             if line.startswith("LOADED")]
    assert lines == [
        "LOADED odc_recettes_offshoring_segments_2019_2024.xlsx: 16 rows as load 1",
        "LOADED odc_indicateurs_mensuels_2025-06.csv: 28 rows as load 2",
        "LOADED mtnra_emplois_regions_2022_2024.xlsx: 45 rows as load 3"]
    assert _current(settings, "select kind, file_name from meta.loads order by load_id") == [
        ("layout", path.name) for path in FIXTURES]
    for path in FIXTURES:  # the original kept byte for byte
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        kept = settings.archive_dir / f"{sha}{path.suffix}"
        assert kept.read_bytes() == path.read_bytes()


def test_differenced_months_and_provisional_cells(loaded):
    settings, _ = loaded
    rows = _current(settings, "select period, value, status from core.current where "
                    "indicator = 'exports_mad' and frequency = 'M' and period >= '2025' "
                    "order by period")
    assert rows == [("2025-01", 2180e6, "final"), ("2025-02", 2140e6, "final"),
                    ("2025-03", 2300e6, "final"), ("2025-04", 2230e6, "final"),
                    ("2025-05", 2260e6, "provisional"), ("2025-06", 2290e6, "provisional")]
    halves = _current(settings, "select period, value, status from core.current where "
                      "indicator = 'exports_mad' and frequency = 'S' order by period")
    assert halves == [("2024-S1", 12_900_000_000, "final"),
                      ("2024-S2", 13_320_000_000, "final"),
                      ("2025-S1", 13_400_000_000, "provisional")]


def test_annual_segments_with_the_2023_break(loaded):
    settings, _ = loaded
    rows = _current(settings, "select period, value, status, series_break from core.current "
                    "where indicator = 'exports_mad' and frequency = 'A' and segment = 'ALL' "
                    "and source = 'ODC' order by period")
    assert rows == [("2019", 10_900_000_000, "final", False),
                    ("2020", 11_400_000_000, "final", False),
                    ("2021", 14_100_000_000, "final", False),
                    ("2022", 16_600_000_000, "final", False),
                    ("2023", 26_170_000_000, "final", True),  # the new scope: a break
                    # provisional in the annual table; the monthly table's cumulation to
                    # December (published later, no "(p)") restates it final: a status
                    # change opens a vintage (docs/vintages.md)
                    ("2024", 26_220_000_000, "final", False)]
    segments = _current(settings, "select segment, value from core.current where indicator = "
                        "'exports_mad' and period = '2024' and segment <> 'ALL' order by segment")
    assert segments == [("BPO", 2_334_000_000), ("CRM", 9_797_000_000),
                        ("ESO", 3_462_000_000), ("ITO", 10_578_000_000), ("KPO", 48_000_000)]


def test_jobs_by_region(loaded):
    settings, _ = loaded
    rows = _current(settings, "select indicator, region, period, value, status from "
                    "core.current where region in ('MA-02', 'MA-06', 'MA-08') "
                    "order by all")
    assert rows == [
        ("jobs", "MA-02", "2022", 5600.0, "final"), ("jobs", "MA-02", "2023", 6200.0, "final"),
        ("jobs", "MA-02", "2024", 5000.0, "provisional"),
        ("jobs", "MA-06", "2022", 68000.0, "final"), ("jobs", "MA-06", "2023", 72000.0, "final"),
        ("jobs", "MA-06", "2024", 78800.0, "provisional"),
        ("net_jobs", "MA-02", "2023", 600.0, "final"),
        ("net_jobs", "MA-02", "2024", -1200.0, "provisional"),
        ("net_jobs", "MA-06", "2023", 4000.0, "final"),
        ("net_jobs", "MA-06", "2024", 6800.0, "provisional")]  # MA-08: "-", never 0


def test_sdmx_published_next_to_the_marts(loaded):
    settings, _ = loaded
    version = settings.marts_dir.resolve()
    data, structure = version / sdmx.DATA_FILE, version / sdmx.STRUCTURE_FILE
    dataset, = get_datasets(str(data), str(structure))
    frame = dataset.data
    halves = frame[(frame["FREQ"] == "S") & (frame["INDICATOR"] == "exports_mad")]
    assert sorted(zip(halves["TIME_PERIOD"], halves["OBS_VALUE"].astype(float),
                      halves["OBS_STATUS"], strict=True)) == [
        ("2024-S1", 12_900_000_000, "A"), ("2024-S2", 13_320_000_000, "A"),
        ("2025-S1", 13_400_000_000, "P")]
    assert len(frame) == _current(settings, "select count(*) from marts.indicator_timeseries")[
        0][0]
