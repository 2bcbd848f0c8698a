"""Nothing lost from landing/: a file still being written, a file rewritten while it is
received, a publisher replacing a file before it is processed (issue 12, data loss)."""

from __future__ import annotations

import subprocess
import threading

from offshoring import testhooks
from offshoring.sources import LocalFolderSource, SourcesState
from tests.support import cli

from .conftest import (
    GOOD,
    HEADER,
    kept,
    leaks,
    line_for,
    loads,
    marts_complete,
    no_traceback,
    offshoring,
    published,
    sha256,
    write,
)

STILL_WRITING = ("still being written (changed within the last 2 s, "
                 "OFFSHORING_LANDING_SETTLE); left in landing/")
IN_PROGRESS = "a download or copy in progress (.part/.tmp/.crdownload); left in landing/"


def _grow(path, stop: threading.Event, rows: list[str]) -> None:
    """A slow copy: one more line every 0.3 s until told to stop."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(HEADER)
        month = 0
        while not stop.is_set():
            period = f"{2025 + month // 12}-{month % 12 + 1:02d}"
            month += 1
            row = f"exports_mad;{period};ALL;MA;2 000;MDH;ODC;2026-03-14\n"
            handle.write(row)
            handle.flush()
            rows.append(row)
            stop.wait(0.3)


def test_a_file_still_being_written_stays_in_landing_until_it_settles(wh, prefect_api):
    landing = wh.landing_dir
    write(landing / "good.csv", GOOD)
    for partial in ("dl.csv.part", "copy.csv.tmp", "browser.csv.crdownload"):
        write(landing / partial, GOOD.replace("160 000", "1"))
    growing, rows, stop = landing / "growing.csv", [], threading.Event()
    writer = threading.Thread(target=_grow, args=(growing, stop, rows))
    writer.start()
    try:
        done = offshoring(wh, "run", api=prefect_api, OFFSHORING_LANDING_SETTLE="2")
    finally:
        stop.set()
        writer.join()
    assert done.returncode == 0, done.stderr
    no_traceback(done)
    assert line_for(done, "SKIPPED", "growing.csv") == f"SKIPPED growing.csv: {STILL_WRITING}"
    for partial in ("browser.csv.crdownload", "copy.csv.tmp", "dl.csv.part"):
        assert line_for(done, "SKIPPED", partial) == f"SKIPPED {partial}: {IN_PROGRESS}"
    assert line_for(done, "LOADED", "good.csv").startswith("LOADED good.csv: 1 rows as load 7")
    assert "1 loaded, 0 rejected, 0 already loaded, 4 skipped" in done.stdout.splitlines()
    assert sorted(p.name for p in landing.iterdir()) == [
        "browser.csv.crdownload", "copy.csv.tmp", "dl.csv.part", "growing.csv"]
    assert [row[0] for row in loads(wh)][6:] == ["good.csv"]
    assert published(wh, "jobs", "2025") == [("MTNRA", 160000.0, "good.csv")]
    assert marts_complete(wh) and leaks(wh, done) == []

    # Once the copy is over and quiet for the settling time, the next run takes it whole.
    again = offshoring(wh, "run", api=prefect_api, OFFSHORING_LANDING_SETTLE="2")
    assert again.returncode == 0, again.stderr
    assert line_for(again, "LOADED", "growing.csv").startswith(
        f"LOADED growing.csv: {len(rows)} rows as load 8")
    assert kept(wh, "archive")[sha256((HEADER + "".join(rows)).encode())]
    assert not growing.exists()


def test_a_file_rewritten_while_it_is_received_stays_for_the_next_run(wh, prefect_api):
    """The run loads the bytes it archived; the rewritten landing file is not deleted."""
    release = write(wh.landing_dir / "release.csv", GOOD)
    run = cli.start(wh, "run", api=prefect_api,
                    **{testhooks.PAUSE_ENV: testhooks.AFTER_ARCHIVE})
    marker = cli.wait_for_pause(wh, testhooks.AFTER_ARCHIVE, run)
    newer = GOOD + "jobs;2026;ALL;MA;165 000;emplois;MTNRA;2026-03-14\n"
    release.write_text(newer, encoding="utf-8")  # the publisher's copy goes on
    marker.unlink()
    out, err = run.communicate(timeout=300)
    done = subprocess.CompletedProcess(run.args, run.returncode, out, err)
    assert done.returncode == 0, err
    no_traceback(done)
    lines = out.splitlines()
    loaded = line_for(done, "LOADED", "release.csv")
    assert loaded.startswith("LOADED release.csv: 1 rows as load 7")
    assert lines[lines.index(loaded) + 1] == (
        "  the file changed since it was read: left in landing/ for the next run")
    assert release.read_text(encoding="utf-8") == newer  # not deleted, not truncated
    assert sha256(GOOD.encode()) in kept(wh, "archive")  # the bytes that were loaded

    again = offshoring(wh, "run", api=prefect_api)
    assert again.returncode == 0, again.stderr
    assert line_for(again, "LOADED", "release.csv").startswith(
        "LOADED release.csv: 2 rows as load 8")
    assert not release.exists()
    assert published(wh, "jobs", "2026") == [("MTNRA", 165000.0, "release.csv")]


def test_a_local_source_never_overwrites_a_file_waiting_in_landing(wh, tmp_path, prefect_api):
    drop = tmp_path / "publisher"
    first = write(drop / "emploi-2025.csv", GOOD)
    source = LocalFolderSource(folder=drop, state=SourcesState(wh.sources_state_path))
    assert [p.name for p in source.fetch(wh.landing_dir).new_files] == ["emploi-2025.csv"]
    second = GOOD.replace("160 000", "161 000").replace("2026-03-14", "2026-03-20")
    first.write_text(second, encoding="utf-8")  # replaced before the pipeline ran
    fetched = source.fetch(wh.landing_dir).new_files
    renamed = f"emploi-2025.{sha256(second.encode())[:12]}.csv"
    assert [p.name for p in fetched] == [renamed]
    assert (wh.landing_dir / "emploi-2025.csv").read_text(encoding="utf-8") == GOOD
    assert (wh.landing_dir / renamed).read_text(encoding="utf-8") == second

    done = offshoring(wh, "run", api=prefect_api)
    assert done.returncode == 0, done.stderr
    no_traceback(done)
    assert "2 loaded, 0 rejected, 0 already loaded" in done.stdout.splitlines()
    assert {sha256(GOOD.encode()), sha256(second.encode())} <= set(kept(wh, "archive"))
    assert published(wh, "jobs", "2025") == [("MTNRA", 161000.0, renamed)]
    assert list(wh.landing_dir.iterdir()) == []
