"""A real Prefect stack for the integration tests: server, work pool, deployments, workers.

Everything is local: the server on 127.0.0.1, a temporary PREFECT_HOME, telemetry off,
workers polling every second. ``docs/operations.md`` gives the same steps by hand.
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

PREFECT = str(Path(sys.executable).with_name("prefect"))
POOL = "offshoring"
FLOW = "offshoring-release"
WRITER_LIMIT = "offshoring-warehouse-writer"
HEALTH_TIMEOUT_S = 90
RUN_TIMEOUT_S = 180
STOP_TIMEOUT_S = 10


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stack_env(tmp: Path, api: str, **extra: str) -> dict[str, str]:
    """The environment of the server, the CLI calls and the workers (no inherited
    PREFECT_ or OFFSHORING_ variable).

    A run waits for the writer as long as a deployment may run (docs/operations.md sets
    a long ``OFFSHORING_LOCK_TIMEOUT`` too): with the default 30 s, a first run failed
    busy on CI while the SQLite-backed server stalled for half a minute."""
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
        "OFFSHORING_LOCK_TIMEOUT": str(RUN_TIMEOUT_S),
        "PYTHONPATH": str(PROJECT_ROOT),
        **extra,
    })
    return env


def start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    """A long-running process in its own group, its output in ``log``."""
    with open(log, "w") as out:
        return subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def start_server(env: dict, port: int, log: Path) -> subprocess.Popen:
    """``prefect server start`` on 127.0.0.1:port, returned once /api/health answers."""
    server = start([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port),
                    "--no-ui", "--analytics-off"], env, log)
    wait_healthy(env["PREFECT_API_URL"], server, log)
    return server


def start_worker(env: dict, log: Path, name: str | None = None,
                 limit: int | None = None) -> subprocess.Popen:
    """A process worker of the pool (``--limit``: flow runs it runs at once)."""
    args = [PREFECT, "worker", "start", "--pool", POOL, "--install-policy", "never"]
    args += ["--name", name] if name else []
    args += ["--limit", str(limit)] if limit else []
    return start(args, env, log)


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
    pytest.fail(f"prefect server not healthy after {HEALTH_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen | None) -> None:
    """SIGTERM the process group, wait, then SIGKILL (a worker once ignored SIGTERM)."""
    if proc is None or proc.poll() is not None:
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
    """A ``prefect`` CLI call that must succeed."""
    done = subprocess.run([PREFECT, *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def deploy(env: dict, pool_limit: int | None) -> None:
    """Work pool (optionally limited), the writer limit, every deployment of prefect.yaml."""
    prefect(env, "work-pool", "create", POOL, "--type", "process")
    if pool_limit:
        prefect(env, "work-pool", "set-concurrency-limit", POOL, str(pool_limit))
    prefect(env, "gcl", "create", WRITER_LIMIT, "--limit", "1")
    prefect(env, "--no-prompt", "deploy", "--all", timeout=180)


def deployment_run_args(name: str, *params: str) -> list[str]:
    """``prefect deployment run FLOW/name --watch`` with ``--param`` for each of params."""
    args = [PREFECT, "deployment", "run", f"{FLOW}/{name}", "--watch",
            "--watch-timeout", str(RUN_TIMEOUT_S)]
    for param in params:
        args += ["--param", param]
    return args


def run_deployment(env: dict, name: str, worker_log: Path, *params: str) -> str:
    """Run a deployment and wait for it; its output (it must end Completed). On failure
    the message ends with the worker's log and the server's, when it sits beside it."""
    done = subprocess.run(deployment_run_args(name, *params), cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S + 30)
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "Completed" in output, (
        f"{output}\n--- worker log ---\n{_tail(worker_log, 6000)}"
        f"\n--- server log ---\n{_tail(worker_log.with_name('server.log'), 4000)}")
    return output


def _tail(log: Path, chars: int) -> str:
    return log.read_text(errors="replace")[-chars:] if log.exists() else "(none)"
