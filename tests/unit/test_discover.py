"""discover: which landing entries a run takes, and one line for each it does not."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from offshoring.pipeline import discover as discovering
from offshoring.pipeline.discover import discover, landing_files
from offshoring.settings import load_settings


@pytest.fixture
def landing(tmp_path):
    folder = tmp_path / "warehouse" / "landing"
    folder.mkdir(parents=True)
    return folder


def _session(landing, settle: float):
    settings = load_settings(landing.parent, landing_settle_s=settle)
    return SimpleNamespace(settings=settings, outcomes=[])


def test_only_regular_settled_files_are_taken_and_the_rest_is_said(landing, tmp_path):
    for name in ("b.csv", "a.json", ".hidden.csv", "~$lock.xlsx", "dl.csv.part", "c.tmp",
                 "d.CRDOWNLOAD"):
        (landing / name).write_text("x")
    (landing / "sub").mkdir()
    (landing / "link.csv").symlink_to(tmp_path / "elsewhere.csv")
    os.mkfifo(landing / "fifo.csv")
    session = _session(landing, settle=0)
    assert [p.name for p in discover(session)] == ["a.json", "b.csv"]
    assert [o.line for o in session.outcomes] == [
        "SKIPPED c.tmp: a download or copy in progress (.part/.tmp/.crdownload); left in "
        "landing/",
        "SKIPPED d.CRDOWNLOAD: a download or copy in progress (.part/.tmp/.crdownload); left "
        "in landing/",
        "SKIPPED dl.csv.part: a download or copy in progress (.part/.tmp/.crdownload); left "
        "in landing/",
        "REJECTED fifo.csv: a named pipe, not a regular file: left in landing/ (the warehouse "
        "reads only regular files)",
        "REJECTED link.csv: a symbolic link, not a regular file: left in landing/ (the "
        "warehouse reads only regular files)",
        "SKIPPED sub: a folder: only files directly in landing/ are read; left in landing/"]
    assert [p.name for p in landing_files(landing)] == ["a.json", "b.csv"]


def test_a_file_that_changes_while_settling_stays(landing, monkeypatch):
    quiet, growing = landing / "quiet.csv", landing / "growing.csv"
    quiet.write_text("header\n")
    growing.write_text("header\n")
    waits = []

    def sleep_while_a_copy_goes_on(seconds):  # the settling wait, during which...
        waits.append(seconds)
        with open(growing, "a") as handle:  # ...the copy into landing/ goes on
            handle.write("one more line\n")

    monkeypatch.setattr(discovering.time, "sleep", sleep_while_a_copy_goes_on)
    session = _session(landing, settle=10)
    assert discover(session) == [quiet]
    assert len(waits) == 1 and 0 < waits[0] <= 10
    assert [o.line for o in session.outcomes] == [
        "SKIPPED growing.csv: still being written (changed within the last 10 s, "
        "OFFSHORING_LANDING_SETTLE); left in landing/"]


def test_a_name_that_is_not_utf8_is_shown_by_its_bytes(landing):
    with open(os.fsencode(landing) + b"/r\xe9sum\xe9.csv.part", "w") as handle:
        handle.write("x")
    session = _session(landing, settle=0)
    assert discover(session) == []
    assert session.outcomes[0].line.startswith("SKIPPED r\\xe9sum\\xe9.csv.part: ")
