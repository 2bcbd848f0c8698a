"""Run the worktree's `offshoring` command in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from offshoring import testhooks

ROOT = Path(__file__).resolve().parents[2]
REACH_TIMEOUT_S = 120
# The console script users call (pyproject's [project.scripts]); `python -m` as a fallback.
SCRIPT = Path(sys.executable).with_name("offshoring")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "offshoring.cli"]


def cli_env(settings, api: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess on this warehouse (this worktree's code).

    `settings=None`: no OFFSHORING_WAREHOUSE from the test (give --warehouse or set it in
    `extra`)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("OFFSHORING_WAREHOUSE", None)
    if settings is not None:
        env["OFFSHORING_WAREHOUSE"] = str(settings.warehouse_dir)
    env.update(extra)
    env.pop(testhooks.PAUSE_ENV, None)
    env.update({k: v for k, v in extra.items() if k == testhooks.PAUSE_ENV})
    if api:
        env["PREFECT_API_URL"] = api
    else:
        env.pop("PREFECT_API_URL", None)
    return env


def start(settings, *args: str, api: str | None = None, **extra: str) -> subprocess.Popen:
    """Start `offshoring ARGS...` without waiting."""
    return subprocess.Popen([sys.executable, "-m", "offshoring.cli", *args],
                            env=cli_env(settings, api, **extra), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run(settings, *args: str, api: str | None = None, timeout: float = 300,
        **extra: str) -> subprocess.CompletedProcess:
    """Run `offshoring ARGS...` to the end."""
    return subprocess.run([sys.executable, "-m", "offshoring.cli", *args],
                          env=cli_env(settings, api, **extra), capture_output=True, text=True,
                          timeout=timeout)


def offshoring(*args: str, env: dict[str, str], cwd: Path | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess:
    """`offshoring ARGS...` as a user types it (the installed console script), to the end."""
    return subprocess.run([*COMMAND, *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def with_warehouse(where: str, warehouse: Path, command: str, *args: str) -> list[str]:
    """The arguments of `offshoring` with `--warehouse DIR` before or after the command."""
    option = ["--warehouse", str(warehouse)]
    if where == "before":
        return [*option, command, *args]
    assert where == "after", where
    return [command, *option, *args]


def wait_for_pause(settings, stage: str, proc: subprocess.Popen) -> Path:
    """Wait until `proc` is paused at `stage` (test hook); the marker to remove to resume."""
    marker = testhooks.marker_path(settings.warehouse_dir, stage)
    _wait_until(lambda: marker.exists(), proc, f"paused at {stage}")
    return marker


def wait_for_lock_wait(settings, proc: subprocess.Popen) -> None:
    """Wait until `proc` has the warehouse's lock file open. Call it while another process
    holds the lock: `proc` is then waiting for it (Linux: read from /proc)."""
    target = str(settings.lock_path.resolve())

    def has_lock_open() -> bool:
        try:
            fds = list(Path(f"/proc/{proc.pid}/fd").iterdir())
        except OSError:
            return False
        for fd in fds:
            try:
                if os.readlink(fd) == target:
                    return True
            except OSError:
                pass
        return False

    _wait_until(has_lock_open, proc, "waiting for the writer lock")


def _wait_until(condition, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + REACH_TIMEOUT_S
    while not condition():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"never {what}: rc={proc.returncode}\n{out}\n{err}")
        time.sleep(0.05)


def assert_one_line_error(done: subprocess.CompletedProcess, code: int, startswith: str) -> str:
    """Exit `code`, exactly one line on stderr starting with `startswith`, no traceback;
    that line."""
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(startswith), lines[0]
    return lines[0]


def spawn(*args: str, env: dict[str, str]) -> subprocess.Popen:
    """`offshoring ARGS...` as a user types it, without waiting."""
    return subprocess.Popen([*COMMAND, *args], env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
