"""hashed_copy: the copy and its sha256, whether the hash is taken on the copying thread or
on a thread of its own (files above HASH_APART)."""

from __future__ import annotations

import hashlib

import pytest

from offshoring import files

PAYLOAD = bytes(range(256)) * 41 + b"tail"  # 10,500 bytes, not a multiple of a chunk


@pytest.mark.parametrize("apart", [1 << 30, 64], ids=["same thread", "hash thread"])
def test_the_copy_holds_the_bytes_and_their_checksum(tmp_path, monkeypatch, apart):
    monkeypatch.setattr(files, "CHUNK", 1000)
    monkeypatch.setattr(files, "HASH_APART", apart)
    source = tmp_path / "in.csv"
    source.write_bytes(PAYLOAD)
    with source.open("rb") as handle:
        handle.read(7)  # copied from the start whatever was read before
        copy, sha256 = files.hashed_copy(handle, tmp_path / "archive")
    assert copy.read_bytes() == PAYLOAD
    assert sha256 == hashlib.sha256(PAYLOAD).hexdigest()
    assert copy.parent == tmp_path / "archive" and copy.name.endswith(".tmp")


def test_a_failing_write_stops_the_hash_thread(tmp_path, monkeypatch):
    import threading

    monkeypatch.setattr(files, "CHUNK", 1000)
    monkeypatch.setattr(files, "HASH_APART", 64)
    source = tmp_path / "in.csv"
    source.write_bytes(PAYLOAD)

    class FullDisk:
        def write(self, chunk):
            raise OSError(28, "No space left on device")

    with source.open("rb") as handle, pytest.raises(OSError, match="No space left"):
        files._copy_hashing(handle, FullDisk())
    assert [t for t in threading.enumerate() if t.name == "archive-hash"] == []
