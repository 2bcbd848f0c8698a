"""Webhook notifications against a local receiver; failures never raise."""

from __future__ import annotations

import pytest

from offshoring.notify import (
    build_message,
    notify_rejected_release,
    notify_summary,
    on_flow_failure,
    send_webhook,
)
from offshoring.pipeline import FileOutcome, RunSummary
from offshoring.quality.model import failed_result
from offshoring.settings import load_settings
from tests.support.http_server import ScriptedServer


@pytest.fixture(autouse=True)
def _no_secret_blocks(monkeypatch):
    """Secrets come from the environment here, never from a Prefect server."""
    monkeypatch.setattr("offshoring.secrets.prefect_api_configured", lambda settings: False)


@pytest.fixture()
def receiver(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with ScriptedServer() as srv:
        monkeypatch.setenv("OFFSHORING_WEBHOOK_URL", srv.url + "/hook")
        yield srv


def test_rejected_release_message(receiver, tmp_path):
    settings = load_settings(warehouse=tmp_path / "wh")
    ok = notify_rejected_release(settings, "emploi-2025-T3.csv", [
        failed_result("identity.stock_flow", "jobs stock change 2025-Q3 is 1200, net 900"),
        failed_result("ref.indicator_known", "unknown indicator 'jobz' on 2 rows"),
    ])
    assert ok
    (payload,) = receiver.posts
    assert payload["release"] == "emploi-2025-T3.csv"
    assert [r["rule_id"] for r in payload["rules"]] == ["identity.stock_flow",
                                                        "ref.indicator_known"]
    assert payload["data_docs"] == (tmp_path / "wh" / "data_docs" / "index.html").as_uri()
    lines = payload["text"].splitlines()
    assert lines[0] == "Release rejected (quarantined): emploi-2025-T3.csv"
    assert "- identity.stock_flow (error): jobs stock change 2025-Q3 is 1200, net 900" in lines
    assert lines[-1].startswith("Data Docs: file://")


def test_multiline_reason_is_one_line(tmp_path):
    msg = build_message("e", "t", [failed_result("r", "a\nb  c")],
                        load_settings(warehouse=tmp_path))
    assert msg["rules"] == [{"rule_id": "r", "reason": "r (error): a b c"}]


def test_unreachable_or_failing_webhook_never_raises(tmp_path, monkeypatch):
    assert send_webhook({"x": 1}, url="http://127.0.0.1:9/nothing", timeout_s=0.5) is False
    with ScriptedServer() as srv:
        srv.post_status = 500
        assert send_webhook({"x": 1}, url=srv.url) is False
    monkeypatch.delenv("OFFSHORING_WEBHOOK_URL", raising=False)
    assert send_webhook({"x": 1}, None) is False
    settings = load_settings(warehouse=tmp_path)
    assert notify_rejected_release(settings, "x.csv", [failed_result("r", "why")]) is False


def test_summary_rejections_are_sent(receiver, tmp_path):
    unknown = failed_result("format.known_codes", "unknown indicator 'jobz'", failing_rows=2)
    summary = RunSummary("r", str(tmp_path), None, [
        FileOutcome("ok.csv", "a" * 64, "loaded", rows=3),
        FileOutcome("bad.csv", "b" * 64, "rejected", failed=[unknown]),
        FileOutcome("seen.csv", "c" * 64, "rejected",
                    note="already rejected as load 2: format.file_readable (error): empty"),
    ])
    assert notify_summary(load_settings(warehouse=tmp_path), summary) == 2
    first, second = receiver.posts
    assert first["release"] == "bad.csv"
    assert first["rules"] == [{"rule_id": "format.known_codes", "reason":
                               "format.known_codes (error): unknown indicator 'jobz': 2 rows"}]
    assert "\n- format.known_codes (error): unknown indicator 'jobz': 2 rows\n" in first["text"]
    assert second["rules"][0]["reason"].endswith(
        "already rejected as load 2: format.file_readable (error): empty")


def test_failure_hook_sends_and_swallows_errors(receiver, tmp_path):
    class Obj:
        pass

    flow, run, state = Obj(), Obj(), Obj()
    flow.name, run.name, run.id = "offshoring-pipeline", "brave-fox", "1234"
    run.parameters = {"warehouse": str(tmp_path / "wh")}
    state.message = "Flow run encountered an exception: ValueError('boom')"
    on_flow_failure(flow, run, state)
    (payload,) = receiver.posts
    assert payload["event"] == "run_failed"
    assert "boom" in payload["rules"][0]["reason"]
    on_flow_failure(None, None, None)  # broken inputs: logged, not raised
