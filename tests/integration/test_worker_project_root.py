"""A process worker started without OFFSHORING_PROJECT_ROOT, from another folder, runs a
deployment: the pull step of prefect.yaml falls back to the checkout the project was
installed from (issue 12). Before, every run crashed with a FileNotFoundError."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.integration.stack import (
    FLOW,
    POOL,
    PREFECT,
    RUN_TIMEOUT_S,
    free_port,
    prefect,
    stop,
    wait_healthy,
)

GOOD = ("indicator;period;segment;region;value;unit;source;published_on\n"
        "jobs;2025;ALL;MA;160 000;emplois;MTNRA;2026-03-14\n")


@pytest.fixture(scope="module")
def bare_worker(tmp_path_factory):
    """Server, the monthly deployment, and a worker in a folder of its own whose
    environment names no project root (and no PYTHONPATH)."""
    tmp = tmp_path_factory.mktemp("bare_worker")
    api = f"http://127.0.0.1:{free_port()}/api"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PREFECT_", "OFFSHORING_")) and k != "PYTHONPATH"}
    env.update({"PREFECT_HOME": str(tmp / "prefect_home"), "PREFECT_API_URL": api,
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
                "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_PREFETCH_SECONDS": "1",
                "OFFSHORING_WAREHOUSE": str(tmp / "warehouse"),
                "OFFSHORING_LANDING": str(tmp / "landing"), "OFFSHORING_LANDING_SETTLE": "0"})
    server = worker = None
    try:
        with open(tmp / "server.log", "w") as out:
            server = subprocess.Popen(
                [PREFECT, "server", "start", "--host", "127.0.0.1", "--port",
                 api.rsplit(":", 1)[1].split("/")[0], "--no-ui", "--analytics-off"],
                cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        wait_healthy(api, server, tmp / "server.log")
        prefect(env, "work-pool", "create", POOL, "--type", "process")
        prefect(env, "--no-prompt", "deploy", "--name", "monthly", timeout=180)
        folder = tmp / "worker_home"
        folder.mkdir()
        with open(tmp / "worker.log", "w") as out:
            worker = subprocess.Popen(
                [PREFECT, "worker", "start", "--pool", POOL, "--install-policy", "never"],
                cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        yield env, tmp
    finally:
        for proc in (worker, server):
            if proc is not None:
                stop(proc)


def test_a_worker_without_the_project_root_runs_the_deployment(bare_worker):
    env, tmp = bare_worker
    (tmp / "landing").mkdir()
    (tmp / "landing" / "good.csv").write_text(GOOD, encoding="utf-8")
    done = subprocess.run(
        [PREFECT, "deployment", "run", f"{FLOW}/monthly", "--watch", "--watch-timeout",
         str(RUN_TIMEOUT_S)], cwd=tmp, env=env, capture_output=True, text=True,
        timeout=RUN_TIMEOUT_S + 30)
    output = done.stdout + done.stderr
    worker_log = (tmp / "worker.log").read_text()
    assert done.returncode == 0 and "Completed" in output, f"{output}\n{worker_log[-6000:]}"
    assert "Traceback" not in worker_log and "FileNotFoundError" not in worker_log
    assert any((tmp / "warehouse" / "marts").rglob("*.parquet"))
    assert len(list((tmp / "warehouse" / "archive").iterdir())) == 1
    assert not (tmp / "landing" / "good.csv").exists()
