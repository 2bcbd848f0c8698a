"""Processes seen from outside (Linux /proc): a process's children, waiting for one to
end, the files it holds open, its environment."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

GONE_TIMEOUT_S = 60.0


def children(pid: int) -> list[int]:
    """The direct children of `pid`."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found += [int(child) for child in text.split()]
    return found


def cmdline(pid: int) -> list[str]:
    """The command line of `pid` ([] once it has ended)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode() for part in raw.split(b"\0") if part]


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def wait_gone(pid: int, what: str, timeout_s: float = GONE_TIMEOUT_S) -> None:
    """Wait until `pid` has ended; fail the test (naming `what`) if it outlives the wait."""
    deadline = time.monotonic() + timeout_s
    while alive(pid):
        if time.monotonic() > deadline:
            pytest.fail(f"{what} (pid {pid}) still runs {timeout_s:g} s later")
        time.sleep(0.1)


def wait_for_child(pid: int, marker: str, timeout_s: float = 120.0) -> int:
    """The first child of `pid` whose command line contains `marker`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for child in children(pid):
            if marker in " ".join(cmdline(child)):
                return child
        time.sleep(0.05)
    pytest.fail(f"no child process of {pid} runs {marker}")


def open_files(pid: int) -> set[str]:
    """The paths `pid` holds open."""
    paths = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            paths.add(os.readlink(fd))
        except OSError:
            pass
    return paths


def environment(pid: int) -> dict[str, str]:
    """The environment a process started with (Linux /proc)."""
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (entry.split(b"=", 1) for entry in raw.split(b"\0") if b"=" in entry)
    return {key.decode(errors="replace"): value.decode(errors="replace") for key, value in pairs}
