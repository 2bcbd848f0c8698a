"""Idempotency: the same file again, or the same content in another file, changes nothing
and is reported as already loaded (exit code 0)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from offshoring.pipeline import run_pipeline
from tests.support import scenario
from tests.support.state import CORE_TABLES, QUALITY_TABLES, marts_state, warehouse_state
from tests.support.warehouses import build_scenario_warehouse, copy_warehouse

ROOT = Path(__file__).resolve().parents[2]
NAME = "odc_mars_2025_nouveau_perimetre.csv"
ENGLISH = {"indicateur": "indicator", "période": "period", "région": "region",
           "valeur": "value", "unité": "unit", "date_publication": "published_on",
           "statut": "status", "rupture": "series_break"}
# Everything but the run log stays the same.
STABLE = CORE_TABLES + ("meta.loads",) + QUALITY_TABLES


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return build_scenario_warehouse(tmp_path_factory.mktemp("idem-base"))


@pytest.fixture
def wh(base, tmp_path):
    return copy_warehouse(base, tmp_path)


def _twins(folder: Path) -> dict[str, Path]:
    """The same release re-saved in other ways: bytes differ, content does not."""
    rows = scenario.RELEASES[NAME]
    header = scenario.HEADER
    order = [6, 0, 1, 2, 3, 4, 5, 7, 8, 9]  # source first
    return {
        "crlf_bom": scenario.write_csv(folder / "crlf_bom.csv", rows, bom=True, newline="\r\n"),
        "comma_english": scenario.write_csv(
            folder / "comma_english.csv", rows, [ENGLISH.get(h, h) for h in header],
            delimiter=","),
        "columns_rows_reordered": scenario.write_csv(
            folder / "reordered.csv", [tuple(r[i] for i in order) for r in reversed(rows)],
            [header[i] for i in order]),
        "other_spellings": scenario.write_csv(
            folder / "spellings.csv",
            [("exports_mad", "2024-Q3", "crm", "MA", "2814", "millions de dirhams", "ODC",
              "2025-03-15", "final", ""),
             ("Recettes d'exportation de services", "2023", "ALL", "MA", "26 170", "MDH",
              "Office des Changes", "15/03/2025", "définitif", "OUI")]),
    }


def test_same_file_again_changes_nothing(wh, tmp_path):
    path = scenario.write_csv(tmp_path / NAME, scenario.RELEASES[NAME])
    before, marts = warehouse_state(wh, STABLE), marts_state(wh)
    summary = run_pipeline(wh, [path], command="ingest")
    assert summary.exit_code == 0
    assert [(o.status, o.line) for o in summary.outcomes] == [
        ("duplicate", f"ALREADY LOADED {NAME}: same checksum as load 4")]
    assert warehouse_state(wh, STABLE) == before
    assert marts_state(wh) == marts


@pytest.mark.parametrize("variant", ["crlf_bom", "comma_english", "columns_rows_reordered",
                                     "other_spellings"])
def test_same_content_in_another_file_changes_nothing(wh, tmp_path, variant):
    path = _twins(tmp_path)[variant]
    before, marts = warehouse_state(wh, STABLE), marts_state(wh)
    summary = run_pipeline(wh, [path], command="ingest")
    assert summary.exit_code == 0
    assert [(o.status, o.reasons) for o in summary.outcomes] == [
        ("duplicate", ["same content as load 4"])]
    assert warehouse_state(wh, STABLE) == before
    assert marts_state(wh) == marts


def test_a_changed_value_is_not_a_twin(wh, tmp_path):
    rows = [r[:4] + ("2 815",) + r[5:] if r[1] == "T3 2024" else r
            for r in scenario.RELEASES[NAME]]
    path = scenario.write_csv(tmp_path / "changed.csv", rows)
    summary = run_pipeline(wh, [path], command="ingest")
    # Judged, not skipped as a twin: another value of a figure published the same day.
    (outcome,) = summary.outcomes
    assert outcome.status == "rejected"
    assert outcome.reasons[0].startswith("history.same_day_conflict (error): ")
    assert f"by {NAME} (load 4)" in outcome.reasons[0]


def test_cli_reports_already_loaded_with_exit_0(wh, tmp_path, prefect_api):
    same = scenario.write_csv(tmp_path / NAME, scenario.RELEASES[NAME])
    twin = _twins(tmp_path)["crlf_bom"]
    before = warehouse_state(wh, STABLE)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_API_URL": prefect_api,
           "OFFSHORING_WAREHOUSE": str(wh.warehouse_dir)}
    done = subprocess.run([sys.executable, "-m", "offshoring.cli", "ingest", str(same),
                           str(twin)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"ALREADY LOADED {NAME}: same checksum as load 4" in done.stdout.splitlines()
    assert "ALREADY LOADED crlf_bom.csv: same content as load 4" in done.stdout.splitlines()
    assert "0 loaded, 0 rejected, 2 already loaded" in done.stdout
    assert warehouse_state(wh, STABLE) == before
