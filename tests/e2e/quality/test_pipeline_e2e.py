"""End to end through the pipeline's API (no Prefect): a rejected release changes nothing
but the quality log."""

from __future__ import annotations

import duckdb
import pytest

from offshoring.pipeline import run_pipeline
from offshoring.sample import write_sample_releases
from offshoring.settings import load_settings
from tests.support.state import marts_state

pytestmark = pytest.mark.e2e

BAD_RELEASE = (
    "indicator;period;segment;region;value;unit;source;published_on\n"
    "jobs;2025;ALL;MA;160 000;emplois;MTNRA;14/03/2026\n"
    "net_jobs;2025;ALL;MA;10 000;emplois;MTNRA;14/03/2026\n"
)
CORE_TABLES = ("core.release_values", "core.observations")


# data_quality logs every run; every other mart must stay byte for byte (publish runs on
# one thread, so floating-point aggregation order cannot change a last bit).
BYTES_SKIP = ("data_quality",)


def _rounded(value):
    return float(f"{value:.10g}") if isinstance(value, float) else value


def _marts_rows(settings) -> dict[str, list]:
    root = settings.marts_dir.resolve()
    con = duckdb.connect()
    try:
        return {d.name: [tuple(_rounded(v) for v in row) for row in con.execute(
            f"select * from read_parquet('{d}/**/*.parquet', hive_partitioning = true) "
            "order by all").fetchall()]
            for d in sorted(root.iterdir()) if d.is_dir() and d.name != "data_quality"}
    finally:
        con.close()


def _marts_digest(settings) -> dict[str, list[str]]:
    return {k: v for k, v in marts_state(settings).items()
            if k.split("/", 1)[0] not in BYTES_SKIP}


def _core(settings) -> list:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return [con.execute(f"select * from {t} order by all").fetchall() for t in CORE_TABLES]
    finally:
        con.close()


@pytest.fixture
def warehouse_settings(tmp_path):
    return load_settings(tmp_path / "warehouse")


def test_stock_flow_break_is_rejected_and_changes_nothing_but_the_log(warehouse_settings,
                                                                      tmp_path):
    settings = warehouse_settings
    write_sample_releases(settings.landing_dir)
    first = run_pipeline(settings)
    assert [o.status for o in first.outcomes] == ["loaded"] * 6, [o.line for o in first.outcomes]
    core_before, marts_before = _core(settings), _marts_digest(settings)
    rows_before = _marts_rows(settings)

    bad = tmp_path / "jobs_2025.csv"
    bad.write_text(BAD_RELEASE, encoding="utf-8")
    second = run_pipeline(settings, [bad], command="ingest")
    (outcome,) = second.outcomes
    assert second.exit_code == 3
    assert outcome.status == "rejected"
    assert outcome.reasons == [
        "identity.stock_flow (error): Jobs stock change equals net creations: 1 row, "
        "e.g. jobs 2025 ALL MA expected 158500 got 160000 (jobs 2024 + net_jobs 2025)"
    ]
    assert _core(settings) == core_before
    assert _marts_digest(settings) == marts_before
    assert _marts_rows(settings) == rows_before
    [kept] = settings.quarantine_dir.iterdir()
    assert kept.read_bytes() == bad.read_bytes()

    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        failing = con.execute(
            "select rule_id, indicator, period, segment, region, expected, actual "
            "from quality.failing_rows where load_id = ?", [outcome.load_id]).fetchall()
        mart = con.execute(
            "select file_name, load_status, status, failing_keys from marts.data_quality "
            "where load_id = ? and rule_id = 'identity.stock_flow'", [outcome.load_id]
        ).fetchall()
    finally:
        con.close()
    assert failing == [("identity.stock_flow", "jobs", "2025", "ALL", "MA", 158500.0,
                        160000.0)]
    assert mart == [("jobs_2025.csv", "rejected", "failed", "jobs 2025 ALL MA")]
    published = settings.marts_dir.resolve() / "data_quality"
    assert published.exists()
