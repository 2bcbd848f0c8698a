"""One hostile file is that file's rejection, never the run's end: deep or broken JSON, a
name that is not UTF-8, a workbook spanning the whole sheet, Excel dates and sheets
(issue 12). The other files of the run load and the marts are published."""

from __future__ import annotations

import datetime as dt
import io
import os

import xlsxwriter

from offshoring.pipeline import run_pipeline

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

COLUMNS = HEADER.strip().split(";")
ROW = ["jobs", "2025", "ALL", "MA", "value", "emplois", "MTNRA"]
PUBLISHED = dt.datetime(2026, 3, 14)
REVISED = dt.datetime(2026, 4, 14)  # a later release: another value, another day


def workbook(sheets: dict[str, bool], far_cell: bool = False, value: int = 160000,
             published: dt.datetime = PUBLISHED) -> bytes:
    """An XLSX: for each sheet, the release (jobs 2025 = `value`, published on
    `published`, True) or a note (False); `far_cell` writes one more cell at XFD1048576,
    the last cell of a sheet."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, holds_release in sheets.items():
        sheet = book.add_worksheet(name)
        if not holds_release:
            sheet.write(0, 0, "Source : note de conjoncture, tableau 3")
            continue
        for col, title in enumerate(COLUMNS):
            sheet.write(0, col, title)
        for col, cell in enumerate(ROW):
            sheet.write(1, col, value if cell == "value" else cell)
        sheet.write_datetime(1, len(ROW), published, date_format)  # a real Excel date
        if far_cell:
            sheet.write(1048575, 16383, "x")
    book.close()
    return buffer.getvalue()


HOSTILE = {
    "deep.json": (b"[" * 100_000 + b"]" * 100_000,
                  "format.file_readable (error): JSON nested more than 32 levels deep "
                  "(OFFSHORING_MAX_JSON_DEPTH)"),
    "surrogate.json": (b'[{"indicator": "\\ud800", "period": "2025"}]',
                       "format.file_readable (error): JSON text holds a lone surrogate escape "
                       "(such as \\ud800) in record 1: not a character"),
    "whole_sheet.xlsx": (workbook({"data": True}, far_cell=True),
                         "format.file_readable (error): a worksheet's used range spans "
                         "17,179,869,184 cells (A1 to row 1,048,576, column 16,384), more than "
                         "OFFSHORING_MAX_XLSX_CELLS=5,000,000"),
}


def test_hostile_files_are_rejected_one_by_one_and_the_rest_is_published(wh, prefect_api):
    landing = wh.landing_dir
    for name, (data, _) in HOSTILE.items():
        write(landing / name, data)
    # A Latin-1 name, not valid UTF-8: shown and recorded by its bytes.
    with open(os.fsencode(landing) + b"/r\xe9sultats-2025.csv", "wb") as handle:
        handle.write(GOOD.encode())
    shown = "r\\xe9sultats-2025.csv"

    done = offshoring(wh, "run", api=prefect_api)

    assert done.returncode == 3, done.stderr
    no_traceback(done)
    for name, (_, reason) in HOSTILE.items():
        assert line_for(done, "REJECTED", name) == f"REJECTED {name}: {reason}"
    assert line_for(done, "LOADED", shown).startswith(f"LOADED {shown}: 1 rows as load")
    assert "1 loaded, 3 rejected, 0 already loaded" in done.stdout.splitlines()
    assert kept(wh, "quarantine") == {sha256(data): data for data, _ in HOSTILE.values()}
    assert sha256(GOOD.encode()) in kept(wh, "archive")
    assert list(landing.iterdir()) == []
    assert sorted(row[:2] for row in loads(wh)[6:]) == sorted(
        [(shown, "loaded")] + [(name, "rejected") for name in HOSTILE])
    assert published(wh, "jobs", "2025") == [("MTNRA", 160000.0, shown)]
    assert marts_complete(wh) and leaks(wh, done) == []

    again = offshoring(wh, "run", api=prefect_api)  # nothing left to trip over
    assert again.returncode == 0, again.stderr
    assert "0 loaded, 0 rejected, 0 already loaded" in again.stdout.splitlines()


def test_excel_dates_are_dates_and_the_release_sheet_is_found(wh, tmp_path, prefect_api):
    notes_first = write(tmp_path / "note_T1.xlsx", workbook({"Notes": False, "Emploi": True}))
    done = offshoring(wh, "ingest", str(notes_first), api=prefect_api)
    assert done.returncode == 0, done.stderr
    assert line_for(done, "LOADED", "note_T1.xlsx").startswith("LOADED note_T1.xlsx: 1 rows")
    assert published(wh, "jobs", "2025") == [("MTNRA", 160000.0, "note_T1.xlsx")]

    two = write(tmp_path / "deux.xlsx", workbook({"T1": True, "T2": True}))
    done = offshoring(wh, "ingest", str(two), api=prefect_api)
    assert done.returncode == 3
    no_traceback(done)
    assert line_for(done, "REJECTED", "deux.xlsx") == (
        "REJECTED deux.xlsx: format.file_readable (error): several worksheets have the "
        "release columns ('T1', 'T2'): name one with `--sheet NAME` or OFFSHORING_XLSX_SHEET")
    assert sha256(two.read_bytes()) in kept(wh, "quarantine")

    named = write(tmp_path / "deux_bis.xlsx", workbook({"T1": False, "T2": True, "T3": True},
                                                       value=161000, published=REVISED))
    done = offshoring(wh, "ingest", "--sheet", "T2", str(named), api=prefect_api)
    assert done.returncode == 0, done.stderr
    assert line_for(done, "LOADED", "deux_bis.xlsx").startswith("LOADED deux_bis.xlsx: 1 rows")
    assert published(wh, "jobs", "2025") == [("MTNRA", 161000.0, "deux_bis.xlsx")]
    missing = write(tmp_path / "deux_ter.xlsx", workbook({"T1": True, "T2": True, "T4": False}))
    done = offshoring(wh, "validate", "--sheet", "Emploi", str(missing))
    assert done.returncode == 3
    assert done.stdout.splitlines() == [
        "REJECTED deux_ter.xlsx: format.file_readable (error): no worksheet named 'Emploi'; "
        "sheets: 'T1', 'T2', 'T4'"]


def test_any_exception_while_reading_a_file_is_that_file_s_rejection(wh, tmp_path,
                                                                      monkeypatch):
    """The last line of defence, for an error nobody foresaw: here the CSV reader raises."""
    import offshoring.readers

    def explode(data, limits):
        raise RuntimeError("reader bug on <b>line\n2</b>")

    monkeypatch.setattr(offshoring.readers, "_csv_rows", explode)
    bad = write(tmp_path / "in" / "bad.csv", GOOD)
    good = write(tmp_path / "in" / "good.xlsx", workbook({"data": True}))
    summary = run_pipeline(wh, [bad, good], command="ingest")
    assert [o.line.split(" in ")[0] for o in summary.outcomes] == [
        "REJECTED bad.csv: format.file_readable (error): could not be read: RuntimeError: "
        "reader bug on <b>line\\n2</b>", "LOADED good.xlsx: 1 rows as load 8"]
    assert summary.exit_code == 3 and summary.marts
    assert kept(wh, "quarantine") == {sha256(GOOD.encode()): GOOD.encode()}
    assert published(wh, "jobs", "2025") == [("MTNRA", 160000.0, "good.xlsx")]
