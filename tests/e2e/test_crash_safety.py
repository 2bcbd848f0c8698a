"""Crash safety: `offshoring ingest` killed with SIGKILL at each stage of a release's
load leaves the warehouse as before and the file pending; the next run completes it.

The subprocess stops at a named point through the test hook OFFSHORING_TEST_PAUSE_AT
(offshoring/testhooks.py), so the kill lands there deterministically.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import duckdb
import pytest

from offshoring import testhooks
from offshoring.pipeline import run_pipeline
from tests.support import cli, scenario
from tests.support.state import marts_state, observations, warehouse_state
from tests.support.warehouses import build_scenario_warehouse, copy_warehouse

NAMES = list(scenario.RELEASES)
BASE_NAMES, NEW_NAME = NAMES[:3], NAMES[3]
LOAD_STAGES = (testhooks.AFTER_ARCHIVE, testhooks.AFTER_RAW_INSERT,
               testhooks.AFTER_VALIDATION, testhooks.BEFORE_COMMIT)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return build_scenario_warehouse(tmp_path_factory.mktemp("crash-base"), BASE_NAMES)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The same history loaded without interruption."""
    return build_scenario_warehouse(tmp_path_factory.mktemp("crash-ref"), BASE_NAMES + [NEW_NAME])


def _kill_at(settings, stage: str, path: Path, api: str) -> None:
    proc = cli.start(settings, "ingest", str(path), api=api, **{testhooks.PAUSE_ENV: stage})
    marker = cli.wait_for_pause(settings, stage, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    marker.unlink()


@pytest.mark.parametrize("stage", LOAD_STAGES)
def test_kill_during_load_leaves_warehouse_as_before(base, reference, tmp_path, prefect_api,
                                                      stage):
    wh = copy_warehouse(base, tmp_path)
    pending = scenario.write_releases(wh.landing_dir, [NEW_NAME])[0]
    data = pending.read_bytes()
    before, marts = warehouse_state(wh), marts_state(wh)

    _kill_at(wh, stage, pending, prefect_api)

    # The killed process left a write-ahead log (the layers it rebuilt at start); DuckDB
    # replays it on the next open, and nothing of the unfinished load is in it.
    assert wh.db_path.with_name(wh.db_path.name + ".wal").exists()
    assert warehouse_state(wh) == before
    assert marts_state(wh) == marts
    assert pending.read_bytes() == data  # still pending in landing
    if stage != testhooks.AFTER_ARCHIVE:
        assert list(wh.quarantine_dir.glob("*")) == []

    summary = run_pipeline(wh, command="run")  # the next run picks it up from landing
    assert [(o.file_name, o.status) for o in summary.outcomes] == [(NEW_NAME, "loaded")]
    assert not pending.exists()
    columns = "* exclude (load_id)"
    assert observations(wh, columns) == observations(reference, columns)
    assert marts_state(wh) == marts_state(reference)


def test_kill_during_publish_keeps_previous_marts(base, reference, tmp_path, prefect_api):
    wh = copy_warehouse(base, tmp_path)
    pending = scenario.write_releases(wh.landing_dir, [NEW_NAME])[0]
    link_before, marts = os.readlink(wh.marts_dir), marts_state(wh)

    _kill_at(wh, testhooks.DURING_PUBLISH, pending, prefect_api)

    # The release was committed before publishing; the marts still show the old set.
    assert os.readlink(wh.marts_dir) == link_before and marts_state(wh) == marts
    con = duckdb.connect(str(wh.db_path), read_only=True)
    assert con.execute("select file_name, status from meta.loads order by load_id desc "
                       "limit 1").fetchall() == [(NEW_NAME, "loaded")]
    con.close()
    assert not pending.exists()

    summary = run_pipeline(wh, command="run")  # nothing new: publishes again
    assert summary.outcomes == []
    assert marts_state(wh) == marts_state(reference)
    columns = "* exclude (load_id)"
    assert observations(wh, columns) == observations(reference, columns)
