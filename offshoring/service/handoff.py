"""The hand-off: ``offshoring ingest`` / ``run`` give their files to a running service.

A Unix socket in the warehouse, ``<warehouse>/.service.sock`` (mode 0600, and the
service answers only its own user). One JSON line each way: the client sends
``{"command": "ingest", "files": ["/abs/a.csv", ...]}`` (``run``: ``"files": null``, the
landing folder); the service queues the request behind its current run, runs it warm
and answers ``{"summary": RunSummary, "progress": [rows]}``, or ``{"error": "one line",
"exit_code": 4}``. The client prints what the CLI prints after a run of its own, with
the same exit code. No socket, or nobody listening (a service killed with ``kill -9``
leaves its socket file): the client runs the flow itself.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from offshoring.settings import Settings

MAX_REQUEST_BYTES = 1 << 20
CONNECT_TIMEOUT_S = 5.0
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes; longer paths go through /proc


@contextmanager
def socket_address(path: Path) -> Iterator[str]:
    """An address for ``path`` that fits a Unix socket's 108 bytes (Linux: a long path
    is reached through its folder's descriptor, ``/proc/self/fd/N/name``)."""
    if len(os.fsencode(str(path))) <= MAX_SOCKET_PATH:
        yield str(path)
        return
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield f"/proc/self/fd/{folder}/{path.name}"
    finally:
        os.close(folder)


def submit(settings: Settings, command: str, files: list[Path] | None) -> dict | None:
    """Hand the run to the service of this warehouse and wait for its answer; None when
    no service listens."""
    path = settings.service_socket
    if not path.exists():
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(CONNECT_TIMEOUT_S)
        with socket_address(path) as address:
            conn.connect(address)
    except OSError:  # refused (a stale socket file), gone, not ours
        conn.close()
        return None
    with conn:
        conn.settimeout(None)  # a run takes what it takes
        request = {"command": command,
                   "files": [str(f) for f in files] if files is not None else None}
        conn.sendall(json.dumps(request).encode() + b"\n")
        line = conn.makefile("rb").readline()
    if not line:
        return {"error": "the service stopped before it answered; run the command again "
                         "(files not loaded yet are kept where they were)", "exit_code": 1}
    return json.loads(line)


def print_answer(answer: dict, settings: Settings) -> int:
    """Print the service's answer as the CLI prints a run of its own; the exit code."""
    if "error" in answer:
        print(f"offshoring: {answer['error']}", file=sys.stderr)
        return int(answer["exit_code"])
    from offshoring.report import print_run_report

    summary = summary_from_dict(answer["summary"])
    print_run_report(summary, settings, answer["progress"])
    return summary.exit_code


def read_request(conn: socket.socket) -> dict:
    """The request a client sent (ValueError when it is not one)."""
    line = conn.makefile("rb").readline(MAX_REQUEST_BYTES)
    request = json.loads(line or b"null")
    files = request.get("files") if isinstance(request, dict) else None
    if (not isinstance(request, dict) or request.get("command") not in ("ingest", "run")
            or not (files is None or (isinstance(files, list)
                                      and all(isinstance(f, str) for f in files)))):
        raise ValueError("not a hand-off request")
    return request


def answer_line(summary=None, progress=None, error: str | None = None,
                exit_code: int = 1) -> bytes:
    """The service's answer, one JSON line."""
    if error is not None:
        return json.dumps({"error": error, "exit_code": exit_code}).encode() + b"\n"
    body = {"summary": dataclasses.asdict(summary), "progress": progress}
    return json.dumps(body, default=str).encode() + b"\n"


def summary_from_dict(data: dict):
    """The RunSummary a service sent (its nested outcomes and rule results rebuilt)."""
    from offshoring.pipeline.outcome import FileOutcome, RunSummary
    from offshoring.quality.model import FailingRow, RuleResult

    def rule(r: dict) -> RuleResult:
        return RuleResult(**{**r, "failing": [FailingRow(**f) for f in r["failing"]]})

    outcomes = [FileOutcome(**{**o, "failed": [rule(r) for r in o["failed"]]})
                for o in data["outcomes"]]
    return RunSummary(**{**data, "outcomes": outcomes})


def peer_uid(conn: socket.socket) -> int | None:
    """The user id of the process at the other end (Linux), None where unknown."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    import struct

    pid_uid_gid = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    return struct.unpack("3i", pid_uid_gid)[1]
