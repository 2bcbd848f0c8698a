"""The production stack on real parts: a Prefect server backed by PostgreSQL, two process
workers, the deployments of prefect.yaml, two deployment runs at once.

The two runs load two landing folders into one warehouse. Each worker runs one of them
and both are running at the same time (checked in PostgreSQL while the first writer is
held at a pause point), yet the warehouse sees one writer at a time (the runs' writer
sessions in ``meta.runs`` do not overlap) and nothing is lost (every file loaded, every
row in ``core.release_values``). Skipped, with the reason, only where PostgreSQL cannot
be installed (``tests/integration/postgres.py``).
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from offshoring.settings import PROJECT_ROOT
from offshoring.testhooks import AFTER_ARCHIVE, marker_path
from tests.integration.postgres import PostgresUnavailable, cluster, ensure_postgres
from tests.integration.stack import (
    RUN_TIMEOUT_S,
    deploy,
    deployment_run_args,
    free_port,
    stack_env,
    start_server,
    start_worker,
    stop,
)

WORKERS = ("worker-a", "worker-b")
HEADER = "indicator;period;segment;region;value;unit;source;published_on\n"
# Landing B: three monthly releases of a publisher the samples do not have.
MONTHLY = {f"amdie_2025_{m:02d}.csv": f"exports_mad;2025-{m:02d};ALL;MA;2 30{m},0;MDH;AMDIE;"
           f"2025-{m + 1:02d}-28\n" for m in (1, 2, 3)}
FLOW_RUN_ID = re.compile(r"UUID:\s*([0-9a-f-]{36})")


@pytest.fixture(scope="module")
def postgres():
    """A throwaway PostgreSQL cluster (skipped with the reason where it cannot run)."""
    try:
        bin_dir = ensure_postgres()
        with cluster(bin_dir, free_port()) as running:
            yield running
    except PostgresUnavailable as err:
        pytest.skip(f"PostgreSQL unavailable: {err}")


@pytest.fixture(scope="module")
def stack(postgres, tmp_path_factory):
    """Server on PostgreSQL, pool without limit, deployments, two workers of one run each;
    every file of a run pauses after its archive copy until the test lets it go on."""
    tmp = tmp_path_factory.mktemp("postgres_stack")
    port = free_port()
    env = stack_env(tmp, f"http://127.0.0.1:{port}/api",
                    PREFECT_SERVER_DATABASE_CONNECTION_URL=postgres.url,
                    OFFSHORING_TEST_PAUSE_AT=AFTER_ARCHIVE)
    procs = []
    try:
        procs.append(start_server(env, port, tmp / "server.log"))
        deploy(env, pool_limit=None)
        procs += [start_worker(env, tmp / f"{name}.log", name=name, limit=1)
                  for name in WORKERS]
        yield env, tmp
    finally:
        for proc in reversed(procs):
            stop(proc)


def _landings(tmp: Path) -> tuple[Path, Path, set[str]]:
    """Landing A: the sample releases; landing B: MONTHLY; and every file name."""
    from offshoring.sample import write_sample_releases

    first, second = tmp / "landing-a", tmp / "landing-b"
    samples = write_sample_releases(first)
    second.mkdir()
    for name, line in MONTHLY.items():
        (second / name).write_text(HEADER + line, encoding="utf-8")
    return first, second, {p.name for p in samples} | set(MONTHLY)


def _states(postgres, ids: list[str]) -> dict[str, str]:
    quoted = ", ".join(f"'{i}'" for i in ids)
    return dict(postgres.psql(f"select id, state_type from flow_run where id in ({quoted})"))


def _parent_runs(postgres, subflow_ids: list[str]) -> list[str]:
    """The flow runs whose subflows these are (the pipeline runs inside release_flow)."""
    quoted = ", ".join(f"'{i}'" for i in subflow_ids)
    return sorted(row[0] for row in postgres.psql(
        "select t.flow_run_id from flow_run f join task_run t on f.parent_task_run_id = t.id "
        f"where f.id in ({quoted})"))


def _release_paused_files(warehouse: Path, runs: list[subprocess.Popen]) -> int:
    """Let every paused file go on until both runs end; how many pauses there were."""
    marker = marker_path(warehouse, AFTER_ARCHIVE)
    released, deadline = 0, time.monotonic() + RUN_TIMEOUT_S * 2
    while any(run.poll() is None for run in runs) and time.monotonic() < deadline:
        if marker.exists():
            marker.unlink()
            released += 1
        time.sleep(0.1)
    return released


def test_two_workers_run_at_once_one_writer_at_a_time_nothing_lost(stack, postgres):
    env, tmp = stack
    warehouse = tmp / "warehouse"
    landing_a, landing_b, names = _landings(tmp)
    runs = [subprocess.Popen(deployment_run_args(name, f"landing={landing}"), cwd=PROJECT_ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
            for name, landing in (("monthly", landing_a), ("quarterly", landing_b))]
    try:
        marker = marker_path(warehouse, AFTER_ARCHIVE)
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert marker.exists(), "no run reached its first file"
        # One run holds the writer at its first file; the other run is started too.
        ids = [row[0] for row in postgres.psql(
            "select id from flow_run where deployment_id is not null and not auto_scheduled "
            "order by created")]
        assert len(ids) == 2
        deadline = time.monotonic() + 60
        while set(_states(postgres, ids).values()) != {"RUNNING"} and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _states(postgres, ids) == dict.fromkeys(ids, "RUNNING")
        assert _release_paused_files(warehouse, runs) >= len(names)
        outputs = [run.communicate(timeout=RUN_TIMEOUT_S)[0] for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
    for output in outputs:
        assert "Completed" in output, output
    assert sorted(FLOW_RUN_ID.findall("".join(outputs))) == sorted(ids)

    # Each worker ran one of the two flow runs: the run's own log line ("View at
    # .../runs/flow-run/<id>") is in that worker's output. A worker that tried to submit a
    # run the other had claimed logs "Aborted submission of flow run '<id>'" (Prefect's
    # workers race for a pending run; the server lets one take it): that is not running it.
    ran = {name: [i for i in ids if f"/runs/flow-run/{i}" in (tmp / f"{name}.log").read_text()]
           for name in WORKERS}
    assert sorted(len(v) for v in ran.values()) == [1, 1], ran

    con = duckdb.connect(str(warehouse / "offshoring.duckdb"), read_only=True)
    try:
        sessions = con.execute("select flow_run_id, started_at, finished_at, files_loaded "
                               "from meta.runs order by started_at").fetchall()
        loads = con.execute("select file_name, status, row_count from meta.loads").fetchall()
        kept = dict(con.execute("select load_id, count(*) from core.release_values "
                                "group by load_id").fetchall())
        counted = dict(con.execute("select load_id, row_count from meta.loads").fetchall())
    finally:
        con.close()
    # One writer session per deployment run (recorded by its pipeline subflow), and the
    # second began after the first had ended: one writer at a time.
    assert _parent_runs(postgres, [s[0] for s in sessions]) == sorted(ids)
    assert sessions[0][2] <= sessions[1][1]
    assert sorted(s[3] for s in sessions) == sorted([len(MONTHLY), len(names - set(MONTHLY))])
    # Nothing lost: every file of both landings loaded, every row kept.
    assert {name for name, status, _ in loads if status == "loaded"} == names
    assert len(loads) == len(names)
    assert kept == counted
    assert postgres.psql("select count(*) from deployment")[0][0] == "4"
