"""HttpSource against a real HTTP server on 127.0.0.1 (a thread in the test)."""

from __future__ import annotations

import hashlib

import pytest

from offshoring.settings import load_settings
from offshoring.sources import HttpSource, LocalFolderSource, RetryPolicy, SourcesState
from offshoring.sources.http import auth_header, file_name_for
from tests.support.http_server import ScriptedServer

BODY = b"indicator;period;value\njobs;2025;150000\n"



@pytest.fixture(autouse=True)
def _no_secret_blocks(monkeypatch):
    """Secrets come from the environment here, never from a Prefect server."""
    monkeypatch.setattr("offshoring.secrets.prefect_api_configured", lambda settings: False)


@pytest.fixture()
def server():
    with ScriptedServer() as srv:
        yield srv


def make_source(server, tmp_path, **kw):
    sleeps = []
    src = HttpSource(
        name="mtnra",
        urls=[server.url + "/releases/jobs-2025.csv"],
        state=SourcesState(tmp_path / "wh" / "sources_state.json"),
        settings=load_settings(tmp_path / "wh"),
        retry=kw.pop("retry", RetryPolicy(attempts=3, base_delay_s=0.01)),
        sleep=sleeps.append,
        **kw,
    )
    return src, sleeps


def test_500_then_200_is_retried_with_backoff(server, tmp_path):
    server.script.extend([{"status": 500}, {"status": 503}, {"status": 200, "body": BODY}])
    src, sleeps = make_source(server, tmp_path, retry=RetryPolicy(attempts=3, base_delay_s=0.5))
    result = src.fetch(tmp_path / "landing")
    assert [p.name for p in result.new_files] == ["jobs-2025.csv"]
    assert (tmp_path / "landing" / "jobs-2025.csv").read_bytes() == BODY
    assert sleeps == [0.5, 1.0]  # exponential backoff
    assert len(server.requests) == 3


def test_gives_up_after_the_attempts(server, tmp_path):
    server.script.extend([{"status": 500}] * 3)
    src, _ = make_source(server, tmp_path)
    result = src.fetch(tmp_path / "landing")
    assert result.new_files == []
    (url, reason), = result.rejected
    assert "gave up after 3 attempts: HTTP 500" in reason
    assert not (tmp_path / "landing").exists()


def test_304_is_unchanged_and_sends_the_validators(server, tmp_path):
    headers = {"ETag": '"v1"', "Last-Modified": "Mon, 01 Sep 2025 08:00:00 GMT"}
    server.script.extend([{"status": 200, "body": BODY, "headers": headers}, {"status": 304}])
    src, _ = make_source(server, tmp_path)
    assert len(src.fetch(tmp_path / "landing").new_files) == 1
    second = src.fetch(tmp_path / "landing")
    assert second.new_files == [] and second.unchanged == [src.urls[0]]
    sent = server.requests[1]["headers"]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Mon, 01 Sep 2025 08:00:00 GMT"


def test_same_body_served_again_is_unchanged_by_checksum(server, tmp_path):
    server.script.extend([{"status": 200, "body": BODY}, {"status": 200, "body": BODY}])
    src, _ = make_source(server, tmp_path)
    assert len(src.fetch(tmp_path / "landing").new_files) == 1
    (tmp_path / "landing" / "jobs-2025.csv").unlink()  # the pipeline archived it
    second = src.fetch(tmp_path / "landing")
    assert second.new_files == [] and len(second.unchanged) == 1
    assert not (tmp_path / "landing" / "jobs-2025.csv").exists()


def test_slow_response_times_out(server, tmp_path):
    server.script.extend([{"status": 200, "body": BODY, "delay": 1.0}] * 2)
    src, _ = make_source(server, tmp_path, retry=RetryPolicy(attempts=2, base_delay_s=0.01),
                         timeout_s=0.2)
    result = src.fetch(tmp_path / "landing")
    (url, reason), = result.rejected
    assert "timed out after 0.2s" in reason
    assert not (tmp_path / "landing").exists()


def test_truncated_body_is_rejected_and_nothing_written(server, tmp_path):
    server.script.append({"status": 200, "body": BODY[:10], "declared_length": len(BODY)})
    src, _ = make_source(server, tmp_path)
    result = src.fetch(tmp_path / "landing")
    (url, reason), = result.rejected
    assert reason == f"{url}: truncated body: got 10 of {len(BODY)} bytes (Content-Length)"
    assert "\n" not in reason
    assert not (tmp_path / "landing").exists() or not any((tmp_path / "landing").iterdir())
    assert SourcesState(tmp_path / "wh" / "sources_state.json").read_all() == {}


def test_credentials_come_from_the_environment(server, tmp_path, monkeypatch):
    monkeypatch.setenv("OFFSHORING_SOURCE_MTNRA_TOKEN", "s3cret")
    server.script.append({"status": 200, "body": BODY})
    src, _ = make_source(server, tmp_path)
    src.fetch(tmp_path / "landing")
    assert server.requests[0]["headers"]["Authorization"] == "Bearer s3cret"


def test_basic_credentials(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("OFFSHORING_SOURCE_ODC_USER", "u")
    monkeypatch.setenv("OFFSHORING_SOURCE_ODC_PASSWORD", "p")
    monkeypatch.setattr("offshoring.secrets.prefect_api_configured", lambda settings: False)

    assert auth_header("odc", load_settings()) == {"Authorization": "Basic dTpw"}


def test_file_name_is_inert():
    name = file_name_for("http://h/a/..%2F..%2Fetc%2Fpasswd")
    assert "/" not in name and not name.startswith(".")
    assert file_name_for("http://h/dl/Emploi%20T3.csv?x=1") == "Emploi_T3.csv"


def test_local_folder_source_copies_new_files_once(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.csv").write_bytes(BODY)
    (folder / "notes.txt").write_text("ignored")
    src = LocalFolderSource(folder=folder, state=SourcesState(tmp_path / "state.json"))
    first = src.fetch(tmp_path / "landing")
    assert [p.name for p in first.new_files] == ["a.csv"]
    second = src.fetch(tmp_path / "landing")
    assert second.new_files == [] and second.unchanged == ["a.csv"]


# --- credentials stay on their origin; size cap; plain http only for loopback ----------
@pytest.fixture()
def elsewhere():
    """Another origin: the same machine by another name (localhost, not 127.0.0.1)."""
    with ScriptedServer() as srv:
        yield srv, srv.url.replace("127.0.0.1", "localhost")


def test_credentials_never_follow_a_redirect_to_another_origin(server, elsewhere, tmp_path,
                                                               monkeypatch):
    monkeypatch.setenv("OFFSHORING_SOURCE_MTNRA_TOKEN", "s3cret")
    other, other_url = elsewhere
    server.script.append({"status": 302, "headers": {"Location": f"{other_url}/cdn/f.csv"}})
    other.script.append({"status": 200, "body": BODY})
    src, _ = make_source(server, tmp_path)
    result = src.fetch(tmp_path / "landing")
    assert [p.name for p in result.new_files] == ["jobs-2025.csv"]
    assert server.requests[0]["headers"]["Authorization"] == "Bearer s3cret"
    assert "Authorization" not in other.requests[0]["headers"]


def test_credentials_follow_a_redirect_on_the_same_origin(server, tmp_path, monkeypatch):
    monkeypatch.setenv("OFFSHORING_SOURCE_MTNRA_TOKEN", "s3cret")
    server.script.extend([{"status": 302, "headers": {"Location": "/files/v2.csv"}},
                          {"status": 200, "body": BODY}])
    src, _ = make_source(server, tmp_path)
    assert len(src.fetch(tmp_path / "landing").new_files) == 1
    assert [r["headers"].get("Authorization") for r in server.requests] == [
        "Bearer s3cret", "Bearer s3cret"]
    assert server.requests[1]["path"] == "/files/v2.csv"


def test_a_redirect_to_plain_http_on_another_machine_is_refused(server, tmp_path):
    server.script.append({"status": 301, "headers": {
        "Location": "http://mirror.example/releases/jobs-2025.csv?key=abc"}})
    src, _ = make_source(server, tmp_path)
    (url, reason), = src.fetch(tmp_path / "landing").rejected
    assert reason == (f"{url}: redirected to http://mirror.example/***, which uses plain "
                      "http: allowed only for loopback (127.0.0.1, ::1, localhost); use https")
    assert not (tmp_path / "landing").exists()


def test_a_body_over_the_size_limit_is_refused_unread(server, tmp_path, monkeypatch):
    monkeypatch.setenv("OFFSHORING_MAX_FILE_MB", "0.001")  # 1,048 bytes
    server.script.append({"status": 200, "body": b"x" * 5000})
    src, _ = make_source(server, tmp_path)
    (url, reason), = src.fetch(tmp_path / "landing").rejected
    assert reason == f"{url}: the body is larger than OFFSHORING_MAX_FILE_MB=0.001"
    assert not (tmp_path / "landing").exists()


def test_plain_http_to_another_machine_is_refused_before_any_request(tmp_path):
    src = HttpSource(name="odc", urls=["http://publisher.example/t3.csv?token=abc"],
                     state=SourcesState(tmp_path / "state.json"),
                     settings=load_settings(tmp_path / "wh"))
    (url, reason), = src.fetch(tmp_path / "landing").rejected
    assert reason == ("http://publisher.example/*** uses plain http: allowed only for "
                      "loopback (127.0.0.1, ::1, localhost); use https")


def test_local_folder_source_never_overwrites_a_waiting_file(tmp_path):
    folder, landing = tmp_path / "drop", tmp_path / "landing"
    folder.mkdir()
    (folder / "a.csv").write_bytes(BODY)
    src = LocalFolderSource(folder=folder, state=SourcesState(tmp_path / "state.json"))
    src.fetch(landing)
    newer = BODY + b"jobs;2026;160000\n"
    (folder / "a.csv").write_bytes(newer)  # replaced before the pipeline ran
    (second,) = src.fetch(landing).new_files
    assert second.name == f"a.{hashlib.sha256(newer).hexdigest()[:12]}.csv"
    assert (landing / "a.csv").read_bytes() == BODY and second.read_bytes() == newer
    assert sorted(p.name for p in landing.iterdir()) == sorted(["a.csv", second.name])


def test_local_folder_source_copies_regular_files_only(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    secret = tmp_path / "private.csv"
    secret.write_bytes(b"token\n")
    (folder / "link.csv").symlink_to(secret)
    result = LocalFolderSource(folder=folder, state=SourcesState(tmp_path / "s.json")).fetch(
        tmp_path / "landing")
    assert result.new_files == [] and result.rejected == [
        ("link.csv", "not a regular file (a link?)")]
