"""The archive copy is made durable on a second thread while the file is read: the load
commits, and a rejected file moves into quarantine, only once it is; a failed fsync stops
the run with one line instead of committing a load whose bytes may not survive a crash."""

from __future__ import annotations

import threading

import duckdb
import pytest

from offshoring import files, testhooks
from offshoring.pipeline import run_pipeline
from offshoring.settings import load_settings
from tests.support import scenario

FIRST = next(iter(scenario.RELEASES))


@pytest.fixture
def settings(tmp_path):
    return load_settings(warehouse=tmp_path / "warehouse")


class Events(list):
    """What happened, in order: the pipeline's pause points, the end of each fsync thread,
    each move into quarantine. The fsync thread waits for the pause point ``released_at``
    (or 20 s): had the pipeline waited for it before going on, it would come after."""

    def __init__(self):
        super().__init__()
        self.released_at = testhooks.AFTER_RAW_INSERT
        self.released = threading.Event()


@pytest.fixture
def events(monkeypatch):
    seen = Events()
    real_pause, real_sync, real_move = testhooks.pause_at, files.Keeping._sync, files.move_into

    def pause_at(stage, settings):
        seen.append(stage)
        if stage == seen.released_at:
            seen.released.set()
        real_pause(stage, settings)

    def sync(self):
        seen.released.wait(timeout=20)
        real_sync(self)
        seen.append(f"durable on {threading.current_thread().name}")

    def move_into(source, folder):
        seen.append(f"moved into {folder.name}")
        return real_move(source, folder)

    monkeypatch.setattr(testhooks, "pause_at", pause_at)
    monkeypatch.setattr(files.Keeping, "_sync", sync)
    monkeypatch.setattr(files, "move_into", move_into)
    return seen


def test_a_release_is_read_while_its_copy_is_made_durable(settings, tmp_path, events):
    path, = scenario.write_releases(tmp_path / "in", [FIRST])
    summary = run_pipeline(settings, [path], command="ingest")
    assert [o.status for o in summary.outcomes] == ["loaded"]
    # The rows were staged before the copy was durable; the commit waited for it (the
    # validation ran meanwhile, before or after it became durable).
    assert [e for e in events if e != testhooks.AFTER_VALIDATION][:4] == [
        testhooks.AFTER_ARCHIVE, testhooks.AFTER_RAW_INSERT, "durable on archive-fsync",
        testhooks.BEFORE_COMMIT]
    kept = settings.warehouse_dir / summary.outcomes[0].stored_path
    assert kept.read_bytes() == path.read_bytes()
    assert [p.name for p in settings.archive_dir.iterdir()] == [kept.name]


def test_a_rejected_file_moves_into_quarantine_once_durable(settings, tmp_path, events):
    path = tmp_path / "in" / "empty.csv"
    path.parent.mkdir()
    path.write_bytes(b"")
    events.released_at = testhooks.AFTER_ARCHIVE  # rejected before any row is staged
    summary = run_pipeline(settings, [path], command="ingest")
    assert [o.status for o in summary.outcomes] == ["rejected"]
    assert events[:3] == [testhooks.AFTER_ARCHIVE, "durable on archive-fsync",
                          "moved into quarantine"]


def test_a_failed_fsync_stops_the_run_and_commits_nothing(settings, tmp_path, monkeypatch):
    def failing_disk(folder):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files, "fsync_dir", failing_disk)  # the archive folder's fsync
    path, = scenario.write_releases(tmp_path / "in", [FIRST])
    with pytest.raises(files.NotKept, match=r"^[0-9a-f]{64}\.csv: not made durable: "
                                            r"\[Errno 5\] Input/output error$"):
        run_pipeline(settings, [path], command="ingest")
    con = duckdb.connect(str(settings.db_path), read_only=True)
    assert con.execute("select count(*) from meta.loads").fetchone() == (0,)
    con.close()
    assert path.exists()
