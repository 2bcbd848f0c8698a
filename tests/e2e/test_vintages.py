"""Vintages: revision, unchanged republication, series break, as-of queries, revisions
mart and order-independent ingestion, on the scenario of tests/support/scenario.py."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from offshoring.pipeline import run_pipeline
from offshoring.settings import load_settings
from tests.support import scenario
from tests.support.state import observations

D = dt.date


def _load(settings, names=None):
    paths = scenario.write_releases(settings.warehouse_dir.parent / "in", names)
    summary = run_pipeline(settings, paths, command="ingest")
    assert [o.status for o in summary.outcomes] == ["loaded"] * len(paths)
    return summary


@pytest.fixture(scope="module")
def scenario_settings(tmp_path_factory):
    """One warehouse holding the scenario, loaded in publication order, for the module."""
    settings = load_settings(tmp_path_factory.mktemp("scenario") / "warehouse")
    _load(settings)
    return settings


@pytest.fixture
def loaded(scenario_settings):
    con = duckdb.connect(str(scenario_settings.db_path), read_only=True)
    yield con
    con.close()


def test_observations_exact(settings, loaded):
    got = loaded.execute(f"select {scenario.OBSERVATION_COLUMNS} from core.observations "
                         "order by all").fetchall()
    assert got == sorted(scenario.OBSERVATIONS)


@pytest.mark.parametrize(("as_of", "expected"), [
    (D(2024, 6, 27), []),
    (D(2024, 6, 28), [("2023", 18e9, 1)]),
    (D(2025, 1, 14), [("2023", 18e9, 1)]),
    (D(2025, 1, 15), [("2023", 18e9, 1), ("2024-Q3", 2.8e9, 1)]),
    (D(2025, 2, 14), [("2023", 18e9, 1), ("2024-Q3", 2.8e9, 1)]),
    (D(2025, 2, 15), [("2023", 18e9, 1), ("2024-Q3", 2.814e9, 2)]),
    (D(2025, 3, 14), [("2023", 18e9, 1), ("2024-Q3", 2.814e9, 2)]),
    (D(2025, 3, 15), [("2023", 26.17e9, 2), ("2024-Q3", 2.814e9, 2)]),
    (D(2026, 1, 27), [("2023", 26.17e9, 2), ("2024-Q3", 2.814e9, 2)]),
])
def test_indicators_as_of(loaded, as_of, expected):
    got = loaded.execute("select period, value, vintage_no from core.indicators_as_of(?) "
                         "order by period", [as_of]).fetchall()
    assert got == expected


def test_as_of_today_equals_current_and_marts(loaded):
    as_of = loaded.execute("select * exclude (valid_to) from core.indicators_as_of("
                           "current_date) order by all").fetchall()
    current = loaded.execute("select * exclude (valid_to, published_on) from core.current "
                             "order by all").fetchall()
    assert as_of == current
    mart = loaded.execute("select period, value, vintage_no from marts.indicator_timeseries "
                          "order by period").fetchall()
    assert mart == [("2023", 26.17e9, 2), ("2024-Q3", 2.814e9, 2)]


def test_revisions_mart(loaded):
    got = loaded.execute(
        "select period, first_value, first_published_on, latest_value, latest_published_on, "
        "vintages, break_count, revision_base_value, revision_base_published_on, "
        "revisions_since_base, revision_abs, round(revision_rel, 6) "
        "from marts.revisions order by period").fetchall()
    assert got == [
        ("2023", 18e9, D(2024, 6, 28), 26.17e9, D(2025, 3, 15), 2, 1, 26.17e9,
         D(2025, 3, 15), 0, 0.0, 0.0),
        ("2024-Q3", 2.8e9, D(2025, 1, 15), 2.814e9, D(2025, 2, 15), 2, 0, 2.8e9,
         D(2025, 1, 15), 1, 14e6, 0.005),
    ]


def test_series_breaks_view(loaded):
    got = loaded.execute("select indicator, period, published_on, previous_value, value, "
                         "file_name from core.series_breaks").fetchall()
    assert got == [("exports_mad", "2023", D(2025, 3, 15), 18e9, 26.17e9,
                    "odc_mars_2025_nouveau_perimetre.csv")]


def test_revisions_mart_is_published_as_parquet(scenario_settings):
    rows = duckdb.connect().execute(
        "select period, vintages from read_parquet(?) order by period",
        [str(scenario_settings.marts_dir / "revisions" / "**" / "*.parquet")]).fetchall()
    assert rows == [("2023", 2), ("2024-Q3", 2)]


SHUFFLED = ["odc_mars_2025_nouveau_perimetre.csv", "odc_T3_2024_provisoire.csv",
            "odc_avril_2025_republication.csv", "odc_annuel_2023_ancien_perimetre.csv",
            "odc_T3_2024_revise.csv"]


def test_out_of_order_ingestion_gives_same_vintages(tmp_path, scenario_settings):
    """Shuffled in one run: same core.observations; only load ids (ingestion order) differ."""
    shuffled = load_settings(tmp_path / "shuffled")
    _load(shuffled, SHUFFLED)
    columns = "* exclude (load_id)"
    assert observations(shuffled, columns) == observations(scenario_settings, columns)


def test_files_one_at_a_time_latest_first(tmp_path, scenario_settings):
    """One run per file, latest publication first: same vintages again."""
    settings = load_settings(tmp_path / "reverse")
    for name in reversed(scenario.RELEASES):
        _load(settings, [name])
    columns = "* exclude (load_id)"
    assert observations(settings, columns) == observations(scenario_settings, columns)
    assert observations(settings, scenario.OBSERVATION_COLUMNS) == sorted(scenario.OBSERVATIONS)
