"""The hand-off protocol between `offshoring ingest` and the service: what crosses the
socket, and the socket's address for long warehouse paths."""

from __future__ import annotations

import json
import socket

import pytest

from offshoring.pipeline.outcome import FileOutcome, RunSummary
from offshoring.quality.model import FailingRow, RuleResult
from offshoring.service import handoff


def rejected_summary() -> RunSummary:
    row = FailingRow("jobs", "2024", "ALL", "MA", expected=148500.0, actual=150000.0,
                     detail="sum of segments")
    rule = RuleResult("additivity.segments", 1, "error", "failed", "150000", "148500", 1,
                      "segments add up to the total", [row])
    rejected = FileOutcome("bad.csv", "a" * 64, "rejected", load_id=7, rows=6, failed=[rule],
                           stored_path="/w/quarantine/bad.csv", seconds=0.25)
    loaded = FileOutcome("good.csv", "b" * 64, "loaded", load_id=8, rows=1, values=1)
    return RunSummary("run-1", "/w", "/w/marts", [rejected, loaded], ["snapshot not replaced"])


def test_a_summary_crosses_the_socket_unchanged():
    summary = rejected_summary()
    progress = [{"indicator": "jobs", "latest_value": 148500.0, "cagr_required": 0.10477}]
    answer = json.loads(handoff.answer_line(summary, progress))
    back = handoff.summary_from_dict(answer["summary"])
    assert back == summary
    assert back.exit_code == 3 and back.counts_line() == "1 loaded, 1 rejected, 0 already loaded"
    assert back.outcomes[0].line == summary.outcomes[0].line == (
        "REJECTED bad.csv: additivity.segments (error): segments add up to the total: "
        "1 row, e.g. jobs 2024 ALL MA expected 148500 got 150000 (sum of segments)")
    assert answer["progress"] == progress


def test_an_error_answer_carries_its_line_and_exit_code(capsys, settings):
    line = handoff.answer_line(error="the warehouse /w is busy", exit_code=4)
    assert handoff.print_answer(json.loads(line), settings) == 4
    assert capsys.readouterr().err == "offshoring: the warehouse /w is busy\n"


@pytest.mark.parametrize("sent", [
    b"not json\n", b"[]\n", b'{"command": "drop table"}\n',
    b'{"command": "ingest", "files": "a.csv"}\n', b'{"command": "ingest", "files": [1]}\n'])
def test_requests_that_are_not_hand_offs_are_refused(sent):
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(sent)
        with pytest.raises(ValueError):
            handoff.read_request(ours)


def test_a_request_names_its_command_and_files():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(b'{"command": "run", "files": null}\n')
        assert handoff.read_request(ours) == {"command": "run", "files": None}
        theirs.sendall(b'{"command": "ingest", "files": ["/in/a.csv"]}\n')
        assert handoff.read_request(ours)["files"] == ["/in/a.csv"]


def test_a_long_warehouse_path_still_gets_its_socket(tmp_path):
    folder = tmp_path / ("w" * 60) / ("x" * 60)
    folder.mkdir(parents=True)
    path = folder / ".service.sock"
    assert len(str(path)) > 108
    server = socket.socket(socket.AF_UNIX)
    with server, handoff.socket_address(path) as address:
        server.bind(address)
        server.listen(1)
        client = socket.socket(socket.AF_UNIX)
        with client, handoff.socket_address(path) as again:
            client.connect(again)
    assert path.exists()


def test_no_socket_means_no_service(settings, tmp_path):
    assert handoff.submit(settings, "ingest", [tmp_path / "a.csv"]) is None
    settings.warehouse_dir.mkdir(parents=True)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(settings.service_socket))  # a file left by a killed service
    stale.close()
    assert handoff.submit(settings, "ingest", [tmp_path / "a.csv"]) is None
