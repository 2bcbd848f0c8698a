"""Two runs at once: the second waits for the writer up to OFFSHORING_LOCK_TIMEOUT, then
exits with code 4 and one line; nothing is corrupted. `status` during a run reads the
snapshot, without a traceback."""

from __future__ import annotations

import duckdb
import pytest

from offshoring import testhooks
from tests.support import cli, scenario
from tests.support.state import marts_state, observations, warehouse_state
from tests.support.warehouses import build_scenario_warehouse, copy_warehouse

NAMES = list(scenario.RELEASES)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return build_scenario_warehouse(tmp_path_factory.mktemp("conc-base"), NAMES[:3])


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return build_scenario_warehouse(tmp_path_factory.mktemp("conc-ref"), NAMES)


def _one_line_busy(done, settings) -> None:
    assert done.returncode == 4, (done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    assert "IOException" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("offshoring: the warehouse ")
    assert "busy" in lines[0] and str(settings.warehouse_dir) in lines[0]


def test_second_run_waits_then_gives_up_or_proceeds(base, reference, tmp_path, prefect_api):
    wh = copy_warehouse(base, tmp_path)
    first, second = scenario.write_releases(tmp_path / "in", NAMES[3:])
    writer = cli.start(wh, "ingest", str(first), api=prefect_api,
                       **{testhooks.PAUSE_ENV: testhooks.AFTER_RAW_INSERT})
    marker = cli.wait_for_pause(wh, testhooks.AFTER_RAW_INSERT, writer)

    # A second run gives up after the timeout: exit 4, one line, no DuckDB traceback.
    # (How long it really waits is measured by `make bench`, not asserted here.)
    busy = cli.run(wh, "ingest", str(second), api=prefect_api, OFFSHORING_LOCK_TIMEOUT="1")
    _one_line_busy(busy, wh)
    assert "gave up after 1 s" in busy.stderr

    # Readers during the run: `status` reads the snapshot of the last publish, and says so.
    status = cli.run(wh, "status")
    assert (status.returncode, status.stderr) == (0, "")
    assert status.stdout.splitlines()[1] == (f"a run is writing: read from the snapshot "
                                             f"{wh.snapshot_path} (the warehouse as of the "
                                             "last publish)")

    # A patient second run waits for the writer, then loads its own file. Once it has the
    # lock file open while the paused writer holds the lock, it is in the wait.
    waiting = cli.start(wh, "ingest", str(second), api=prefect_api, OFFSHORING_LOCK_TIMEOUT="120")
    cli.wait_for_lock_wait(wh, waiting)
    assert waiting.poll() is None
    marker.unlink()  # let the writer go on
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert f"LOADED {first.name}: 2 rows" in out
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert f"LOADED {second.name}: 1 rows" in out

    columns = "* exclude (load_id)"
    assert observations(wh, columns) == observations(reference, columns)
    # The waiting run loaded after the writer: its load id is the later one.
    con = duckdb.connect(str(wh.db_path), read_only=True)
    loads = con.execute("select file_name from meta.loads order by load_id").fetchall()
    con.close()
    assert loads[-2:] == [(first.name,), (second.name,)]
    state = warehouse_state(wh, ("meta.runs",))
    assert state["meta.runs"][0] == warehouse_state(base, ("meta.runs",))["meta.runs"][0] + 2
    assert marts_state(wh) == marts_state(reference)


def test_status_after_the_run_reads_normally(base, tmp_path):
    wh = copy_warehouse(base, tmp_path)
    done = cli.run(wh, "status", "--json")
    assert done.returncode == 0, done.stderr
    assert '"status": "loaded"' in done.stdout


def test_a_deployment_run_without_the_servers_writer_slot_ends_busy(base, tmp_path, prefect_api):
    """The writer slot on the Prefect server is held elsewhere (another machine's worker):
    a deployment run's session gives up with one line, frees the file lock, and opens
    once the slot is free."""
    from offshoring.concurrency import ensure_writer_limit, writer_slot
    from offshoring.pipeline.session import open_session
    from offshoring.warehouse import WarehouseBusy

    wh = copy_warehouse(base, tmp_path).model_copy(
        update={"prefect_api_url": prefect_api, "lock_timeout_s": 1.0})
    ensure_writer_limit()
    with writer_slot(timeout_s=30), pytest.raises(WarehouseBusy) as busy:
        with open_session(wh, "flow", cluster_slot=True):
            pytest.fail("the session opened while another run held the writer slot")
    assert str(busy.value) == (
        f"the warehouse {wh.warehouse_dir} is busy: no writer slot from the Prefect server "
        "(another run holds it, or the server did not answer); gave up after 1 s "
        "(OFFSHORING_LOCK_TIMEOUT sets the wait)")

    with open_session(wh, "flow", cluster_slot=True) as session:
        assert session.con.execute("select count(*) from meta.loads").fetchone()[0] > 0
