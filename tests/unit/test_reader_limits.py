"""Readers under limits (size, rows, JSON depth, XLSX cells), checked before the content
is parsed; XLSX sheets and date cells; reasons quote short escaped excerpts only."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import xlsxwriter

from offshoring.limits import Limits
from offshoring.readers import RejectedFile, json_depth, read_release

HEADER = "indicator,period,segment,region,value,unit,source,published_on"
ROW = "jobs,2024,ALL,MA,148500,emplois,MTNRA,2025-03-14"
EXPECTED = ("jobs", "2024", "ALL", "MA", "148500", "MTNRA", "2025-03-14", "emplois", None,
            None, None)


def _file(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _reason(path, limits: Limits | None = None, sheet: str | None = None) -> tuple[str, str]:
    with pytest.raises(RejectedFile) as caught:
        read_release(path, limits=limits, sheet=sheet)
    return caught.value.rule_id, caught.value.reason


def _book(sheets: dict[str, list[list]], far: tuple[int, int] | None = None) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, dates)
                else:
                    sheet.write(r, c, value)
        if far:
            sheet.write(*far, "x")
    book.close()
    return buffer.getvalue()


RELEASE = [HEADER.split(","), ["jobs", "2024", "ALL", "MA", 148500, "emplois", "MTNRA",
                               dt.datetime(2025, 3, 14)]]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    path = _file(tmp_path, "big.csv", f"{HEADER}\n" + f"{ROW}\n" * 40)
    assert _reason(path, Limits(max_file_mb=0.001)) == (
        "format.file_readable", "the file is 0.0 MB, more than OFFSHORING_MAX_FILE_MB=0.001")


@pytest.mark.parametrize("name, data", [
    ("rows.csv", f"{HEADER}\n" + f"{ROW}\n" * 4),
    ("rows.json", "[" + ",".join(['{"indicator": "jobs"}'] * 4) + "]"),
])
def test_more_rows_than_allowed_are_refused(tmp_path, name, data):
    assert _reason(_file(tmp_path, name, data), Limits(max_rows=3)) == (
        "format.file_readable", "more than 3 rows (OFFSHORING_MAX_ROWS)")


def test_json_depth_is_measured_without_recursion():
    assert json_depth('[{"a": "[[[[", "b": {"c": [1]}}]', 32) == 4
    assert json_depth("[" * 100_000 + "]" * 100_000, 32) == 33  # stops past the limit
    assert json_depth('{"a": "\\"["}', 32) == 1  # an escaped quote does not end the string


@pytest.mark.parametrize("name, data, reason", [
    ("deep.json", "[" * 100_000 + "]" * 100_000,
     "JSON nested more than 32 levels deep (OFFSHORING_MAX_JSON_DEPTH)"),
    ("lone.json", '[{"indicator": "jobs", "period": "\\udc80"}]',
     "JSON text holds a lone surrogate escape (such as \\ud800) in record 1: not a character"),
    ("key.json", '[{"\\ud800": "jobs"}]',
     "JSON text holds a lone surrogate escape (such as \\ud800) in a key: not a character"),
])
def test_hostile_json_is_refused_in_one_line(tmp_path, name, data, reason):
    assert _reason(_file(tmp_path, name, data)) == ("format.file_readable", reason)


def test_a_reason_quotes_a_short_escaped_excerpt(tmp_path):
    header = "indicator,period,segment,region,value,source,published_on,\x1b[2J" + "s" * 200
    rule, reason = _reason(_file(tmp_path, "h.csv", f"{header}\n1,2,3,4,5,6,7,8\n"))
    assert (rule, reason) == ("format.required_columns", "unknown header(s) '\\x1b[2J"
                              + "s" * 23 + "…'")  # 30 characters


def test_excel_date_cells_are_read_as_dates(tmp_path):
    table = read_release(_file(tmp_path, "d.xlsx", _book({"Emploi": RELEASE})))
    assert table.rows == [EXPECTED]


def test_the_sheet_holding_the_release_is_read(tmp_path):
    book = _book({"Lisez-moi": [["Source : MTNRA"]], "Emploi": RELEASE, "Vide": []})
    assert read_release(_file(tmp_path, "s.xlsx", book)).rows == [EXPECTED]


def test_several_candidate_sheets_need_a_name(tmp_path):
    path = _file(tmp_path, "two.xlsx", _book({"T1": RELEASE, "T2": RELEASE}))
    assert _reason(path) == ("format.file_readable", (
        "several worksheets have the release columns ('T1', 'T2'): name one with "
        "`--sheet NAME` or OFFSHORING_XLSX_SHEET"))
    assert read_release(path, sheet="T2").rows == [EXPECTED]
    assert _reason(path, sheet="T3") == (
        "format.file_readable", "no worksheet named 'T3'; sheets: 'T1', 'T2'")


def test_no_candidate_sheet_says_which_columns_are_looked_for(tmp_path):
    path = _file(tmp_path, "none.xlsx", _book({"A": [["x"]], "B": [["y"]]}))
    assert _reason(path) == ("format.required_columns", (
        "no worksheet has the release columns (indicator, period, segment, region, value, "
        "source, published_on) in its first row; sheets: 'A', 'B'"))


def test_a_used_range_over_the_cell_limit_never_reaches_the_engine(tmp_path):
    """One cell at XFD1048576 made the engine allocate 512 GB and abort the process."""
    path = _file(tmp_path, "far.xlsx", _book({"Emploi": RELEASE}, far=(1048575, 16383)))
    assert _reason(path) == ("format.file_readable", (
        "a worksheet's used range spans 17,179,869,184 cells (A1 to row 1,048,576, column "
        "16,384), more than OFFSHORING_MAX_XLSX_CELLS=5,000,000"))
    small = _file(tmp_path, "small.xlsx", _book({"Emploi": RELEASE}))
    assert _reason(small, Limits(max_xlsx_cells=15)) == ("format.file_readable", (
        "a worksheet holds more than 15 cells (OFFSHORING_MAX_XLSX_CELLS)"))


def test_a_workbook_that_unpacks_beyond_the_size_limit_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * 3_000_000)  # compresses to ~3 KB
    path = _file(tmp_path, "bomb.xlsx", buffer.getvalue())
    assert _reason(path, Limits(max_file_mb=1)) == (
        "format.file_readable", "the workbook unpacks to 3 MB, more than "
        "OFFSHORING_MAX_FILE_MB=1")
