"""A real Prefect server, deployments from prefect.yaml, a process worker, two runs.

1. a run of the ``monthly`` deployment with good releases ends ``Completed`` and the
   marts are published as Parquet under the temporary warehouse;
2. a run with a defective release (unknown indicator code) ends with the release
   quarantined and the local webhook receiver got the message with the rule id.

Everything is local: server on 127.0.0.1, temporary PREFECT_HOME, telemetry off.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from offshoring.settings import PROJECT_ROOT
from tests.support.http_server import ScriptedServer

PREFECT = str(Path(sys.executable).with_name("prefect"))
POOL = "offshoring"
FLOW = "offshoring-release"
HEALTH_TIMEOUT_S = 90
RUN_TIMEOUT_S = 180
STOP_TIMEOUT_S = 10
DEFECTIVE_CSV = (
    "indicator;period;segment;region;value;unit;source;published_on\n"
    "jobz;2025-Q3;ALL;MA;150000;emplois;MTNRA;2025-11-15\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"prefect server exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"prefect server not healthy after {HEALTH_TIMEOUT_S}s")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process group, wait, then SIGKILL (a worker once ignored SIGTERM)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT_S)
    except ProcessLookupError:
        pass


def prefect(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    done = subprocess.run([PREFECT, *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Server + work pool + deployments + worker; yields (env, warehouse, receiver)."""
    tmp = tmp_path_factory.mktemp("prefect_stack")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    receiver = ScriptedServer().__enter__()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "OFFSHORING_"))}
    env.update({
        "PREFECT_HOME": str(tmp / "prefect_home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "PREFECT_WORKER_PREFETCH_SECONDS": "1",
        "OFFSHORING_PROJECT_ROOT": str(PROJECT_ROOT),
        "OFFSHORING_WAREHOUSE": str(tmp / "warehouse"),
        "OFFSHORING_LANDING": str(tmp / "landing"),
        "OFFSHORING_WEBHOOK_URL": receiver.url + "/hook",
        "PYTHONPATH": str(PROJECT_ROOT),
    })
    server_log = tmp / "server.log"
    worker_log = tmp / "worker.log"
    server = worker = None
    try:
        with open(server_log, "w") as out:
            server = subprocess.Popen(
                [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port),
                 "--no-ui", "--analytics-off"],
                cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        wait_healthy(api, server, server_log)
        prefect(env, "work-pool", "create", POOL, "--type", "process")
        prefect(env, "work-pool", "set-concurrency-limit", POOL, "1")
        prefect(env, "gcl", "create", "offshoring-warehouse-writer", "--limit", "1")
        prefect(env, "--no-prompt", "deploy", "--all", timeout=180)
        with open(worker_log, "w") as out:
            worker = subprocess.Popen(
                [PREFECT, "worker", "start", "--pool", POOL, "--install-policy", "never"],
                cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        yield env, tmp / "warehouse", tmp / "landing", receiver, worker_log
    finally:
        for proc in (worker, server):
            if proc is not None:
                stop(proc)
        receiver.__exit__(None, None, None)


def run_deployment(env: dict, name: str, worker_log: Path, *params: str) -> str:
    args = ["deployment", "run", f"{FLOW}/{name}", "--watch",
            "--watch-timeout", str(RUN_TIMEOUT_S)]
    for param in params:
        args += ["--param", param]
    done = subprocess.run([PREFECT, *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=RUN_TIMEOUT_S + 30)
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "Completed" in output, (
        f"{output}\n--- worker log ---\n{worker_log.read_text()[-6000:]}")
    return output


def test_scheduled_deployments_exist_with_their_cron(stack):
    env, *_ = stack
    out = prefect(env, "deployment", "inspect", f"{FLOW}/quarterly").stdout
    assert "30 7 1 3,6,9,12 *" in out and "Africa/Casablanca" in out


def test_run_publishes_marts_then_defective_release_is_quarantined(stack):
    from offshoring.sample import write_sample_releases

    env, warehouse, landing, receiver, worker_log = stack
    landing.mkdir(parents=True, exist_ok=True)
    write_sample_releases(landing)

    run_deployment(env, "monthly", worker_log)
    marts = list((warehouse / "marts").rglob("*.parquet"))
    assert marts, "no parquet file published under marts/"

    (landing / "defective-release.csv").write_text(DEFECTIVE_CSV, encoding="utf-8")
    run_deployment(env, "monthly", worker_log)
    assert any(p.name.endswith(".csv") for p in (warehouse / "quarantine").iterdir())
    rejected = [p for p in receiver.posts if p.get("event") == "release_rejected"]
    assert rejected, f"webhook got: {receiver.posts}"
    message = rejected[-1]
    assert message["release"] == "defective-release.csv"
    assert "format.known_codes" in [r["rule_id"] for r in message["rules"]]
    assert "format.known_codes" in message["text"]
    assert message["data_docs"].startswith("file://")
