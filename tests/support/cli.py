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


def cli_env(settings, api: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a CLI subprocess on this warehouse (this worktree's code)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT),
           "OFFSHORING_WAREHOUSE": str(settings.warehouse_dir), **extra}
    env.pop(testhooks.PAUSE_ENV, None)
    env.update({k: v for k, v in extra.items() if k == testhooks.PAUSE_ENV})
    if api:
        env["PREFECT_API_URL"] = api
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


def wait_for_pause(settings, stage: str, proc: subprocess.Popen) -> Path:
    """Wait until `proc` is paused at `stage` (test hook); the marker to remove to resume."""
    marker = testhooks.marker_path(settings.warehouse_dir, stage)
    deadline = time.monotonic() + REACH_TIMEOUT_S
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"never reached {stage}: rc={proc.returncode}\n{out}\n{err}")
        time.sleep(0.05)
    return marker
