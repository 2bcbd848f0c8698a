"""The CLI without a service: its own Prefect server lives exactly as long as the run
(even a run killed with kill -9), new warehouses share one Prefect home, and `validate`
needs no Prefect at all. (How fast: bench/service.py, never here.)"""

from __future__ import annotations

import signal
import sqlite3

import duckdb
import pytest

from offshoring import testhooks
from offshoring.settings import load_settings
from tests.support import cli, processes

HEADER = "indicator;period;segment;region;value;unit;source;published_on\n"
SERVER = "offshoring.service.api_server"


def release(folder, name: str, year: int, value: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(HEADER + f"jobs;{year};ALL;MA;{value};emplois;MTNRA;2026-03-14\n",
                    encoding="utf-8")
    return path


def test_a_run_killed_with_kill_9_takes_its_prefect_server_with_it(tmp_path, own_server_env):
    warehouse = tmp_path / "warehouse"
    good = release(tmp_path / "in", "jobs_2025.csv", 2025, "160 000")
    env = {**own_server_env, testhooks.PAUSE_ENV: testhooks.AFTER_ARCHIVE}
    run = cli.spawn("ingest", "--warehouse", str(warehouse), str(good), env=env)
    try:
        cli.wait_for_pause(load_settings(warehouse), testhooks.AFTER_ARCHIVE, run)
        server = processes.wait_for_child(run.pid, SERVER)
        assert processes.alive(server)
    finally:
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=60)
    assert run.returncode == -signal.SIGKILL
    processes.wait_gone(server, "the Prefect server of a run killed with kill -9")


def test_a_finished_run_leaves_no_prefect_server_behind(tmp_path, own_server_env):
    warehouse = tmp_path / "warehouse"
    good = release(tmp_path / "in", "jobs_2025.csv", 2025, "160 000")
    run = cli.spawn("ingest", "--warehouse", str(warehouse), str(good), env=own_server_env)
    server = processes.wait_for_child(run.pid, SERVER)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert out.splitlines()[0].startswith("LOADED jobs_2025.csv: 1 rows as load 1 in ")
    processes.wait_gone(server, "the Prefect server of a finished run", timeout_s=10)


def test_new_warehouses_share_one_prefect_home(tmp_path, own_server_env):
    """Two new warehouses: no Prefect database of their own; both runs are flow runs in
    the one home, whose database was migrated once (its stamp and file unchanged)."""
    home = tmp_path / "prefect-home"
    env = {**own_server_env, "PREFECT_HOME": str(home)}
    stamps = []
    for n, value in ((1, "150 000"), (2, "155 000")):
        good = release(tmp_path / f"in{n}", f"jobs_{n}.csv", 2025, value)
        done = cli.offshoring("ingest", "--warehouse", str(tmp_path / f"w{n}"), str(good),
                              env=env)
        assert done.returncode == 0, done.stderr
        stamp = home / "prefect.db.offshoring-migrated"
        stamps.append((stamp.read_text(), (home / "prefect.db").stat().st_ino))
    assert stamps[0] == stamps[1]
    flow_runs = []
    for n in (1, 2):
        assert not (tmp_path / f"w{n}" / ".prefect").exists()
        con = duckdb.connect(str(tmp_path / f"w{n}" / "offshoring.duckdb"), read_only=True)
        flow_runs += [row[0].replace("-", "") for row in
                      con.execute("select flow_run_id from meta.runs").fetchall()]
        con.close()
    db = sqlite3.connect(home / "prefect.db")
    states = dict(db.execute("select replace(id, '-', ''), state_type from flow_run"))
    db.close()
    assert {run: states.get(run) for run in flow_runs} == dict.fromkeys(flow_runs, "COMPLETED")


def test_validate_never_talks_to_prefect(tmp_path, own_server_env):
    """A dry run with PREFECT_API_URL on a port where nothing listens: it checks the file
    and starts no server."""
    good = release(tmp_path / "in", "jobs_2025.csv", 2025, "160 000")
    env = {**own_server_env, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    warehouse = tmp_path / "warehouse"
    check = cli.spawn("validate", "--warehouse", str(warehouse), str(good), env=env)
    out, err = check.communicate(timeout=300)
    assert (check.returncode, err) == (0, "")
    assert out == "VALID jobs_2025.csv: 1 rows\n"


def test_a_runs_own_server_runs_without_automations_and_records_the_run(tmp_path,
                                                                         own_server_env):
    """The server of one run has Prefect's ephemeral services but triggers and actions
    (killed when the run ends, an action could not act), and registers no block types at
    its start; the long-lived server of `offshoring serve` does both. The run is
    recorded all the same."""
    from offshoring.service.local_server import LocalServer

    home = tmp_path / "prefect-home"
    env = {**own_server_env, "PREFECT_HOME": str(home)}
    good = release(tmp_path / "in", "jobs_2025.csv", 2025, "160 000")
    run = cli.spawn("ingest", "--warehouse", str(tmp_path / "w"), str(good), env=env)
    server_env = processes.environment(processes.wait_for_child(run.pid, SERVER))
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert server_env["PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED"] == "false"
    assert server_env["PREFECT_API_BLOCKS_REGISTER_ON_START"] == "false"
    assert server_env["PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION"] == "false"
    assert server_env["PREFECT__SERVER_EPHEMERAL"] == "1"
    db = sqlite3.connect(home / "prefect.db")
    assert db.execute("select state_type from flow_run").fetchall() == [("COMPLETED",)]
    db.close()

    with LocalServer(home, ui=True) as service_server:  # not waited for: its environment
        service_env = processes.environment(service_server.process.pid)
    assert not {"PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", "PREFECT_API_BLOCKS_REGISTER_ON_START",
                "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION"} & set(service_env)
    assert service_env["PREFECT_UI_ENABLED"] == "true"


def test_the_servers_watch_is_set_once_it_answers_and_once_it_has_ended(tmp_path):
    """The run's warm-up stops when this event is set (offshoring.quality.warm): set when
    the server answers, and when it ended without answering, where ``wait_ready`` still
    says why."""
    from offshoring.service.local_server import LocalServer, ServerDidNotStart, healthy

    home = tmp_path / "prefect-home"
    with LocalServer(home) as server:
        assert server.answered().wait(300) and healthy(server.api_url)

    with LocalServer(home) as ending:
        ending.process.kill()
        assert ending.answered().wait(60)
        with pytest.raises(ServerDidNotStart, match="the local Prefect server exited"):
            ending.wait_ready()
