"""When a landing file has settled (offshoring.pipeline.discover), and the watcher's
once-per-version batches (offshoring.service.watcher)."""

from __future__ import annotations

import os
import threading
import time

from offshoring.pipeline.discover import settled, settled_landing_files
from offshoring.service.watcher import LandingWatcher

NOW = 1_800_000_000.0  # a fixed "now" (2027-01-15): ages below are exact


def drop(folder, name: str, age_s: float, text: str = "indicator\n", now: float = NOW):
    """A file in `folder` last modified `age_s` seconds before `now`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, (now - age_s, now - age_s))
    return path


def test_a_file_settles_once_unchanged_for_the_settle_time(tmp_path):
    path = drop(tmp_path, "jobs.csv", age_s=9.5)
    assert not settled(path, 10, now=NOW)
    assert settled(path, 10, now=NOW + 0.5)  # exactly 10 s old
    assert settled(path, 0, now=NOW - 60)  # settle 0: at once, even with a clock ahead


def test_partial_names_links_and_folders_never_settle(tmp_path):
    real = drop(tmp_path / "elsewhere", "secret.csv", age_s=3600)
    landing = tmp_path / "landing"
    for name in ("jobs.csv.part", "EXPORTS.CSV.TMP", "x.xlsx.crdownload"):
        assert not settled(drop(landing, name, age_s=3600), 0, now=NOW)
    link = landing / "link.csv"
    link.symlink_to(real)
    (landing / "folder.csv").mkdir()
    assert not settled(link, 0, now=NOW)
    assert not settled(landing / "folder.csv", 0, now=NOW)
    assert not settled(landing / "gone.csv", 0, now=NOW)


def test_landing_files_split_into_settled_and_settling(tmp_path):
    landing = tmp_path / "landing"
    drop(landing, "b_old.csv", age_s=60)
    drop(landing, "a_old.json", age_s=11)
    drop(landing, "c_new.csv", age_s=2)
    drop(landing, "d.csv.part", age_s=600)
    drop(landing, ".hidden.csv", age_s=600)
    ready, waiting = settled_landing_files(landing, 10, now=NOW)
    assert [p.name for p in ready] == ["a_old.json", "b_old.csv"]
    assert [p.name for p in waiting] == ["c_new.csv"]


def test_the_watcher_takes_each_version_of_a_file_once(tmp_path):
    landing = tmp_path / "landing"
    watcher = LandingWatcher(landing, 10, threading.Event())
    now = time.time()  # the watcher looks at the clock
    first = drop(landing, "jobs.csv", age_s=60, now=now)
    assert watcher.new_settled() == [first]
    assert watcher.new_settled() == []  # same size and time: already taken
    drop(landing, "jobs.csv", age_s=30, text="indicator;period\n", now=now)  # replaced
    second = drop(landing, "exports.csv", age_s=60, now=now)
    assert watcher.new_settled() == [second, first]
    watcher.forget([first])  # its run could not start: take it again
    assert watcher.new_settled() == [first]
    first.unlink()
    assert watcher.new_settled() == [] and first not in watcher._taken


def test_a_file_still_settling_is_taken_at_a_later_look(tmp_path):
    landing = tmp_path / "landing"
    watcher = LandingWatcher(landing, 3600, threading.Event())  # an hour
    path = landing / "jobs.csv"
    drop(landing, "jobs.csv", age_s=0)
    os.utime(path)  # modified now
    assert watcher.new_settled() == []
    os.utime(path, (0, 0))  # a copy that kept an old time (cp -p): complete
    assert watcher.new_settled() == [path]
