"""When a landing file has settled (offshoring.pipeline.discover), and the watcher's
once-per-version batches (offshoring.service.watcher)."""

from __future__ import annotations

import os
import threading

from offshoring.pipeline.discover import settled, settled_landing_files
from offshoring.service.watcher import LandingWatcher


def drop(folder, name: str, text: str = "indicator\n"):
    """A file written into `folder` now; (path, the later of its mtime and ctime)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    info = path.stat()
    return path, max(info.st_mtime, info.st_ctime)


def test_a_file_settles_once_unchanged_for_the_settle_time(tmp_path):
    path, changed = drop(tmp_path, "jobs.csv")
    assert not settled(path, 10, now=changed + 9.5)
    assert settled(path, 10, now=changed + 10)
    assert settled(path, 0, now=changed - 60)  # settle 0: at once, even with a clock behind


def test_an_old_modification_time_does_not_settle_a_file_just_renamed_in(tmp_path):
    """`cp -p` or a rename keeps an old modification time; the change time is the rename."""
    path, _ = drop(tmp_path / "elsewhere", "jobs.csv")
    os.utime(path, (0, 0))  # modified in 1970
    landing = tmp_path / "landing"
    landing.mkdir()
    moved = path.rename(landing / "jobs.csv")
    renamed_at = moved.stat().st_ctime
    assert not settled(moved, 10, now=renamed_at + 5)
    assert settled(moved, 10, now=renamed_at + 10)


def test_partial_names_links_and_folders_never_settle(tmp_path):
    real, _ = drop(tmp_path / "elsewhere", "secret.csv")
    landing = tmp_path / "landing"
    later = real.stat().st_ctime + 3600
    for name in ("jobs.csv.part", "EXPORTS.CSV.TMP", "x.xlsx.crdownload"):
        assert not settled(drop(landing, name)[0], 0, now=later)
    link = landing / "link.csv"
    link.symlink_to(real)
    (landing / "folder.csv").mkdir()
    assert not settled(link, 0, now=later)
    assert not settled(landing / "folder.csv", 0, now=later)
    assert not settled(landing / "gone.csv", 0, now=later)


def test_landing_files_split_into_settled_and_settling(tmp_path):
    landing = tmp_path / "landing"
    changes = [drop(landing, name)[1] for name in
               ("b.csv", "a.json", "c.xlsx", "d.csv.part", ".hidden.csv", "~$c.xlsx")]
    ready, waiting = settled_landing_files(landing, 10, now=max(changes) + 10)
    assert ([p.name for p in ready], waiting) == (["a.json", "b.csv", "c.xlsx"], [])
    ready, waiting = settled_landing_files(landing, 10, now=min(changes))
    assert (ready, [p.name for p in waiting]) == ([], ["a.json", "b.csv", "c.xlsx"])


def test_the_watcher_takes_each_version_of_a_file_once(tmp_path):
    landing = tmp_path / "landing"
    watcher = LandingWatcher(landing, 10, threading.Event())
    first, changed = drop(landing, "jobs.csv")
    later = changed + 60
    assert watcher.new_settled(now=changed) == []  # still settling
    assert watcher.new_settled(now=later) == [first]
    assert watcher.new_settled(now=later) == []  # same size and time: already taken
    drop(landing, "jobs.csv", text="indicator;period\n")  # written again
    second, _ = drop(landing, "exports.csv")
    assert watcher.new_settled(now=later + 60) == [second, first]
    watcher.forget([first])  # its run could not start: take it again
    assert watcher.new_settled(now=later + 60) == [first]
    first.unlink()
    assert watcher.new_settled(now=later + 60) == [] and first not in watcher._taken
