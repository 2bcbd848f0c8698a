"""A received file is read once: its bytes are copied into archive/ while they are hashed,
the copy is named by that checksum when kept, and nothing is left behind otherwise."""

from __future__ import annotations

import hashlib

import pytest

from offshoring import files
from offshoring.pipeline import receive
from offshoring.settings import load_settings

BODY = b"indicator;period;segment;region;value\njobs;2024;ALL;MA;148 500\n"


@pytest.fixture
def settings(tmp_path):
    return load_settings(warehouse=tmp_path / "warehouse")


@pytest.fixture
def reads(monkeypatch):
    """Passes over a received file's bytes: calls of the three helpers that read one."""
    calls = []
    for name in ("hashed_copy", "sha256_handle", "store_copy"):
        real = getattr(files, name)

        def counted(*args, _real=real, _name=name):
            calls.append(_name)
            return _real(*args)

        monkeypatch.setattr(files, name, counted)
    return calls


def _hidden(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_new_file_is_read_once_and_archived_under_its_checksum(settings, tmp_path, reads):
    path = tmp_path / "release.csv"
    path.write_bytes(BODY)
    with receive.open_incoming(settings, path) as incoming:
        stored = receive.archive(settings, incoming).wait()
    assert incoming.sha256 == hashlib.sha256(BODY).hexdigest()
    assert stored == settings.archive_dir / f"{incoming.sha256}.csv"
    assert stored.read_bytes() == BODY
    assert reads == ["hashed_copy"]  # one read: no second pass to check the copy
    assert _hidden(settings.archive_dir) == []


def test_a_copy_not_kept_is_deleted(settings, tmp_path):
    path = tmp_path / "release.csv"
    path.write_bytes(BODY)
    with receive.open_incoming(settings, path) as incoming:
        assert incoming.copy.read_bytes() == BODY  # a file seen before: never archived
    assert list(settings.archive_dir.iterdir()) == []


def test_an_error_while_received_leaves_no_copy(settings, tmp_path):
    path = tmp_path / "release.csv"
    path.write_bytes(BODY)
    with pytest.raises(RuntimeError), receive.open_incoming(settings, path):
        raise RuntimeError("the judge failed")
    assert list(settings.archive_dir.iterdir()) == []


def test_the_same_bytes_again_replace_their_archive_atomically(settings, tmp_path):
    path = tmp_path / "release.csv"
    path.write_bytes(BODY)
    for _ in range(2):
        with receive.open_incoming(settings, path) as incoming:
            stored = receive.archive(settings, incoming).wait()
    assert [p.name for p in settings.archive_dir.iterdir()] == [stored.name]
    assert stored.read_bytes() == BODY


def test_a_dry_run_only_hashes(settings, tmp_path, reads):
    path = tmp_path / "release.csv"
    path.write_bytes(BODY)
    with receive.open_incoming(settings, path, copy=False) as incoming:
        assert incoming.copy is None
    assert incoming.sha256 == hashlib.sha256(BODY).hexdigest()
    assert reads == ["sha256_handle"]
    assert not settings.archive_dir.exists() or list(settings.archive_dir.iterdir()) == []


def test_a_file_written_while_it_is_copied_is_not_taken(settings, tmp_path, monkeypatch):
    path = tmp_path / "landing-like.csv"
    path.write_bytes(BODY)
    real = files.hashed_copy

    def copy_then_append(handle, folder):
        copied = real(handle, folder)
        with open(path, "ab") as writer:  # the publisher goes on writing
            writer.write(b"jobs;2025;ALL;MA;160 000\n")
        return copied

    monkeypatch.setattr(files, "hashed_copy", copy_then_append)
    with pytest.raises(receive.NotReceived) as caught, receive.open_incoming(settings, path):
        pytest.fail("a changed file must not be received")
    assert caught.value.outcome.line.endswith(
        "changed while it was being received (still being written?): nothing kept")
    assert list(settings.archive_dir.iterdir()) == []


def test_a_writer_run_sweeps_partial_copies_an_interrupted_run_left(settings, caplog):
    # A run killed mid-copy leaves its hidden temporary file; the next writer, which holds
    # the lock, deletes it. A dry run (no lock) leaves archive/ alone.
    from offshoring.pipeline import open_session

    archive = settings.archive_dir
    archive.mkdir(parents=True)
    kept = archive / (hashlib.sha256(BODY).hexdigest() + ".csv")
    kept.write_bytes(BODY)
    partial = [archive / ".receiving-4242-00ff00ff00ff00ff.tmp", archive / f".{kept.name}.7.tmp"]
    for path in partial:
        path.write_bytes(BODY[:10])
    with open_session(settings, "validate", dry_run=True):
        pass
    assert _hidden(archive) == sorted(p.name for p in partial)
    with caplog.at_level("INFO"), open_session(settings, "ingest"):
        pass
    assert _hidden(archive) == [] and kept.read_bytes() == BODY
    assert "removed 2 partial copies an interrupted run left in archive/" in caplog.text
