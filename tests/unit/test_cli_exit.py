"""The console script's quick exit: the command's exit code, its output, and every
atexit handler run; with a worker thread still running, the usual exit."""

from __future__ import annotations

import subprocess
import sys

ENTRY = ("import atexit, sys, threading\n"
         "from offshoring import cli\n"
         "atexit.register(print, 'ATEXIT RAN')\n"
         "{thread}"
         "sys.argv = ['offshoring', 'validate', 'no-such-release.csv']\n"
         "cli.entry()\n"
         "print('NOT REACHED')\n")
WORKER = ("threading.Thread(target=lambda: (__import__('time').sleep(0.3), "
          "print('WORKER DONE', flush=True)), daemon=False).start()\n")


def _entry(tmp_path, thread: str = "") -> subprocess.CompletedProcess:
    env = {"OFFSHORING_WAREHOUSE": str(tmp_path / "warehouse"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", ENTRY.format(thread=thread)], env=env,
                          capture_output=True, text=True, timeout=120)


def test_entry_exits_with_the_command_code_after_the_atexit_handlers(tmp_path):
    done = _entry(tmp_path)
    assert done.returncode == 2
    assert done.stdout.splitlines() == ["ATEXIT RAN"]
    assert done.stderr.splitlines() == ["offshoring: no such file: no-such-release.csv"]


def test_entry_waits_for_a_worker_thread_as_python_does(tmp_path):
    done = _entry(tmp_path, WORKER)
    assert done.returncode == 2
    assert done.stdout.splitlines() == ["WORKER DONE", "ATEXIT RAN"]
