"""The service's own work: runs of the pipeline for the landing folder and for handed-off
``ingest`` / ``run`` requests, one at a time, in this warm process.

Three threads feed one queue: the landing watcher (settled files), the hand-off
listener (one thread per client) and, apart, Prefect's runner for the scheduled
deployments (their runs are subprocesses that take the writer lock like anyone). The
main thread takes the queue in order and runs each item as a Prefect flow run through
``runs.run_flow``; the warehouse file is open only during a run.
"""

from __future__ import annotations

import queue
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

from offshoring.service import handoff
from offshoring.service.watcher import LandingWatcher
from offshoring.settings import Settings

WATCH_COMMAND = "watch"  # meta.runs.command of the runs the landing folder started
QUEUE_POLL_S = 0.5
REWATCH_S = 5.0


@dataclass
class Request:
    """A client waiting on ``conn`` for the outcome of its files."""

    command: str
    files: list[Path] | None
    conn: socket.socket


class Service:
    """Runs queued work until ``stop`` is set; ``say`` prints one line for the operator."""

    def __init__(self, settings: Settings, api, say=print):
        self.settings = settings
        self.api = api
        self.say = say
        self.stop = threading.Event()
        self.watcher = LandingWatcher(settings.landing_dir, settings.landing_settle_s,
                                      self.stop)
        self._work: queue.Queue[Request | None] = queue.Queue()  # None: landing files
        self._landing: list[Path] = []
        self._lock = threading.Lock()

    # --- producers (threads) -----------------------------------------------------------
    def watch_landing(self) -> None:
        """Queue every batch of settled landing files (thread); a watch that fails (the
        folder removed meanwhile) starts again."""
        while not self.stop.is_set():
            try:
                for batch in self.watcher.batches():
                    with self._lock:
                        self._landing.extend(p for p in batch if p not in self._landing)
                    self._work.put(None)
            except Exception as err:  # noqa: BLE001 - the service goes on watching
                self.say(f"landing watch interrupted ({_one_line(err)}); again in "
                         f"{REWATCH_S:g} s")
                self.stop.wait(REWATCH_S)

    def listen(self, listener: socket.socket) -> None:
        """Accept hand-off clients until the listener is closed (thread)."""
        while not self.stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=self._take_request, args=(conn,), daemon=True,
                             name="handoff-client").start()

    def _take_request(self, conn: socket.socket) -> None:
        uid = handoff.peer_uid(conn)
        if uid is not None and uid not in (0, _my_uid()):
            conn.close()  # another user: the socket's mode already refuses them
            return
        try:
            request = handoff.read_request(conn)
        except (OSError, ValueError):
            conn.close()
            return
        files = None if request["files"] is None else [Path(f) for f in request["files"]]
        self._work.put(Request(request["command"], files, conn))

    # --- the runs (main thread) --------------------------------------------------------
    def serve_forever(self) -> None:
        """Run queued work in order until ``stop`` is set (the current run finishes)."""
        while not self.stop.is_set():
            try:
                item = self._work.get(timeout=QUEUE_POLL_S)
            except queue.Empty:
                continue
            if item is None:
                self._run_landing()
            else:
                self._answer(item)
        self._refuse_waiting()

    def _run_landing(self) -> None:
        with self._lock:
            files, self._landing = [p for p in self._landing if p.exists()], []
        if not files:
            return
        try:
            summary, _ = self._run(WATCH_COMMAND, files)
        except Exception as err:  # noqa: BLE001 - the service goes on; one line says why
            self.say(f"landing run failed: {_one_line(err)}")
            if _is_busy(err):
                self.watcher.forget(files)  # taken again at the next tick
            return
        for outcome in summary.outcomes:
            self.say(outcome.line)
        self.say(summary.counts_line())

    def _answer(self, request: Request) -> None:
        try:
            summary, progress = self._run(request.command, request.files)
            line = handoff.answer_line(summary, progress)
        except Exception as err:  # noqa: BLE001 - the client prints the one line
            line = handoff.answer_line(error=_one_line(err), exit_code=4 if _is_busy(err) else 1)
        try:
            request.conn.sendall(line)
        except OSError:
            pass  # the client went away; the run's outcome is in the warehouse and logs
        finally:
            request.conn.close()

    def _run(self, command: str, files: list[Path] | None):
        from offshoring.service.runs import run_flow

        return run_flow(self.settings, files, command, api=self.api)

    def _refuse_waiting(self) -> None:
        while True:
            try:
                item = self._work.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                with item.conn:
                    try:
                        item.conn.sendall(handoff.answer_line(
                            error="the service is stopping; run the command again",
                            exit_code=4))
                    except OSError:
                        pass  # the client went away


def _is_busy(err: Exception) -> bool:
    from offshoring.warehouse import WarehouseBusy

    return isinstance(err, WarehouseBusy)


def _one_line(err: Exception) -> str:
    if _is_busy(err):
        return str(err)
    first = (str(err).strip().splitlines() or [""])[0]
    return f"unexpected error in the service: {type(err).__name__}: {first}"


def _my_uid() -> int:
    import os

    return os.getuid()
