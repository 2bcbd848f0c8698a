"""A Prefect API server for the lifetime of one process (a CLI run, or the service).

Why not Prefect's own temporary server: it starts only when the first flow needs it
(after every import), its stop waits for a graceful shutdown, and a ``kill -9`` of the
run leaves it running for minutes. This one starts first, in parallel with the run's
imports and the warehouse's opening; it serves on a socket this process opened (the
port is known at once, nothing races for it); it exits with its parent through a pipe
whose end of file the kernel delivers however the parent ends; and it is stopped with
SIGKILL, nobody waits (SQLite keeps its database safe from a killed process).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"
READY_TIMEOUT_S = 120.0  # a cold first start migrates Prefect's database
POLL_S = 0.05
# The API-only server of one run: Prefect's ephemeral set of services, less automations
# (triggers and their actions: the server is killed when the run ends, before an action
# could act), and no registration of block types at its start (it imports every installed
# Prefect collection, prefect-dask's Dask included, to hash their blocks; a block saved or
# loaded by a run registers its own type). Together 0.5 s of every run's wait
# (bench/README.md). A long-lived server (``offshoring serve``, or one configured) does both.
ONE_RUN_SERVER_ENV = {"PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
                      "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
                      "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
                      "PREFECT_API_BLOCKS_REGISTER_ON_START": "false"}


class ServerDidNotStart(RuntimeError):
    """The local Prefect server exited or never answered (one-line message)."""


def healthy(api_url: str, timeout_s: float = 1.0) -> bool:
    """True when the Prefect API at ``api_url`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout_s) as answer:
            return answer.status == 200
    except OSError:
        return False


class LocalServer:
    """A Prefect API server in a child process: ``start()``, ``wait_ready()``, ``stop()``.

    ``ui``: serve the dashboard and every server service (schedules), for
    ``offshoring serve``; otherwise an API alone, for one run. ``port=0``: any free port.
    """

    def __init__(self, prefect_home: Path, ui: bool = False, port: int = 0):
        self.prefect_home = prefect_home
        self.ui = ui
        self.port = port
        self.process: subprocess.Popen | None = None
        self._lifeline: int | None = None
        self._log = None

    @property
    def url(self) -> str:
        """The server's address (the UI's, when served)."""
        return f"http://{HOST}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def start(self) -> LocalServer:
        """Start the child and return at once; ``wait_ready`` waits for its API."""
        listener = _listen(self.port)
        self.port = listener.getsockname()[1]
        read_end, self._lifeline = os.pipe()
        self._log = tempfile.TemporaryFile()
        env = {**os.environ, "PREFECT_HOME": str(self.prefect_home),
               "PREFECT_API_URL": self.api_url, "PREFECT_UI_API_URL": self.api_url,
               "PREFECT_UI_ENABLED": "true" if self.ui else "false"}
        if not self.ui:
            env.update(ONE_RUN_SERVER_ENV)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "offshoring.service.api_server",
                 "--fd", str(listener.fileno()), "--lifeline", str(read_end),
                 *(["--ui"] if self.ui else [])],
                env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                pass_fds=(listener.fileno(), read_end), start_new_session=True)
        finally:
            listener.close()  # the child holds it now
            os.close(read_end)
        return self

    def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> str:
        """Wait until the API answers; its URL. ServerDidNotStart when it cannot."""
        deadline = time.monotonic() + timeout_s
        while not healthy(self.api_url, timeout_s=5.0):
            if self.process is None or self.process.poll() is not None:
                raise ServerDidNotStart(f"the local Prefect server exited: {self._last_line()}")
            if time.monotonic() > deadline:
                self.stop()
                raise ServerDidNotStart(
                    f"the local Prefect server did not answer within {timeout_s:g} s")
            time.sleep(POLL_S)
        return self.api_url

    def answered(self, timeout_s: float = READY_TIMEOUT_S) -> threading.Event:
        """An event a thread sets once the API answers, the child has ended, or
        ``timeout_s`` passed: only a signal; ``wait_ready`` says which, and stops it."""
        event, deadline = threading.Event(), time.monotonic() + timeout_s

        def watch() -> None:
            try:
                while (not healthy(self.api_url, timeout_s=5.0) and self.process is not None
                       and self.process.poll() is None and time.monotonic() < deadline):
                    time.sleep(POLL_S)
            finally:
                event.set()

        threading.Thread(target=watch, name="server-answered", daemon=True).start()
        return event

    def stop(self) -> None:
        """End the child now, without waiting for a graceful stop."""
        if self._lifeline is not None:
            os.close(self._lifeline)  # the child's watchdog exits on this end of file
            self._lifeline = None
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _last_line(self) -> str:
        if self._log is None:
            return "no output"
        self._log.seek(0)
        lines = [ln.strip() for ln in self._log.read().decode(errors="replace").splitlines()]
        lines = [ln for ln in lines if ln]
        return lines[-1] if lines else f"exit code {self.process.returncode}"


def _listen(port: int) -> socket.socket:
    """A listening socket on the loopback: ``port``, or any free one if 0 or taken."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
    except OSError:
        if not port:
            raise
        listener.bind((HOST, 0))
    listener.listen(128)
    listener.set_inheritable(True)
    return listener
