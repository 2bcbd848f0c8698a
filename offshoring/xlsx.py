"""XLSX releases: the workbook checked against the limits before it is loaded, the sheet
that holds the release found, date cells read as dates.

The engine (fastexcel, on calamine) allocates a sheet's whole used range at once: one cell
written at XFD1048576 asks for 512 GB and aborts the process. So the worksheets' XML is
scanned first, without the engine, for the real extent of their cells
(``OFFSHORING_MAX_XLSX_CELLS``) and the archive for its unpacked size.
"""

from __future__ import annotations

import io
import re
import zipfile

from offshoring.columns import REQUIRED_COLUMNS, canonical_column
from offshoring.limits import Limits
from offshoring.text import excerpt

CHUNK = 1 << 20
_CELL_OR_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{0,3})([0-9]{1,9})["']""")
# fastexcel shows a date cell read as text as "2025-03-14 00:00:00": the day is what counts.
_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]00:00:00(?:\.0+)?")


class WorkbookRefused(ValueError):
    """A workbook the reader will not load; ``rule_id`` and a one-line ``reason``."""

    def __init__(self, rule_id: str, reason: str):
        super().__init__(reason)
        self.rule_id = rule_id
        self.reason = reason


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _used_range(stream, max_cells: int) -> tuple[int, int, int]:
    """(rows, columns, cells) of a worksheet's XML: the range from A1 to its farthest cell
    and how many cells it writes; stops once it writes more than ``max_cells`` cells."""
    row = col = max_row = max_col = cells = 0
    tail = b""
    while True:
        chunk = stream.read(CHUNK)
        data = tail + chunk
        cut = data.rfind(b"<") if chunk else -1  # a tag cut by the chunk waits for the next
        data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
        for match in _CELL_OR_ROW.finditer(data):
            ref = _REF.search(match.group(2))
            if match.group(1) == b"row":
                row, col = (int(ref.group(2)) if ref else row + 1), 0
                continue
            col = _column_number(ref.group(1)) if ref and ref.group(1) else col + 1
            row = int(ref.group(2)) if ref else max(row, 1)
            max_row, max_col, cells = max(max_row, row), max(max_col, col), cells + 1
            if cells > max_cells:
                return max_row, max_col, cells
        if not chunk:
            return max_row, max_col, cells


def check_workbook(data: bytes, limits: Limits) -> None:
    """Refuse a workbook that unpacks beyond the file limit or whose worksheets span more
    cells than allowed; the engine never sees it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise WorkbookRefused("format.file_readable", f"malformed XLSX: {err}") from None
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.max_file_bytes:
            raise WorkbookRefused("format.file_readable", (
                f"the workbook unpacks to {unpacked / (1 << 20):,.0f} MB, more than "
                f"OFFSHORING_MAX_FILE_MB={limits.max_file_mb:g}"))
        for info in archive.infolist():
            if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                continue
            try:
                with archive.open(info) as stream:
                    rows, cols, cells = _used_range(stream, limits.max_xlsx_cells)
            except (zipfile.BadZipFile, OSError, EOFError) as err:
                raise WorkbookRefused("format.file_readable",
                                      f"malformed XLSX: {excerpt(err, 120)}") from None
            if cells > limits.max_xlsx_cells:
                raise WorkbookRefused("format.file_readable", (
                    f"a worksheet holds more than {limits.max_xlsx_cells:,} cells "
                    "(OFFSHORING_MAX_XLSX_CELLS)"))
            if rows * cols > limits.max_xlsx_cells:
                raise WorkbookRefused("format.file_readable", (
                    f"a worksheet's used range spans {rows * cols:,} cells (A1 to row "
                    f"{rows:,}, column {cols:,}), more than "
                    f"OFFSHORING_MAX_XLSX_CELLS={limits.max_xlsx_cells:,}"))


def _is_release_header(names: list[str]) -> bool:
    found = {canonical_column(str(name)) for name in names}
    return all(column in found for column in REQUIRED_COLUMNS)


def _first_row(reader, name: str) -> list[str]:
    try:
        sheet = reader.load_sheet(name, n_rows=0, dtypes="string")
    except Exception:  # noqa: BLE001 - an empty or odd sheet holds no release
        return []
    return [column.name for column in sheet.available_columns()]


def release_sheet(reader, sheet: str | None) -> str | int:
    """The sheet to read: the one named, else the only one, else the only one whose first
    row holds the release columns; several candidates need a name."""
    names = list(reader.sheet_names)
    listed = ", ".join(f"'{excerpt(n, 31)}'" for n in names)
    if sheet is not None:
        if sheet not in names:
            raise WorkbookRefused("format.file_readable",
                                  f"no worksheet named '{excerpt(sheet)}'; sheets: {listed}")
        return sheet
    if len(names) == 1:
        return 0
    candidates = [name for name in names if _is_release_header(_first_row(reader, name))]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise WorkbookRefused("format.required_columns", (
            f"no worksheet has the release columns ({', '.join(REQUIRED_COLUMNS)}) in its "
            f"first row; sheets: {listed}"))
    raise WorkbookRefused("format.file_readable", (
        "several worksheets have the release columns ("
        + ", ".join(f"'{excerpt(n, 31)}'" for n in candidates)
        + "): name one with `--sheet NAME` or OFFSHORING_XLSX_SHEET"))


def cell_text(value) -> str | None:
    """A cell as text; a date cell as its day (``2025-03-14``)."""
    if value is None:
        return None
    text = str(value)
    match = _MIDNIGHT.fullmatch(text)
    return match.group(1) if match else text


def xlsx_rows(data: bytes, limits: Limits, sheet: str | None = None
              ) -> tuple[list[str], list[list[str | None]]]:
    """The header and text rows of the release sheet (WorkbookRefused when refused)."""
    import fastexcel  # lazy: only XLSX needs it

    check_workbook(data, limits)
    try:
        reader = fastexcel.read_excel(data)
        chosen = release_sheet(reader, sheet)
        loaded = reader.load_sheet(chosen, dtypes="string", n_rows=limits.max_rows + 1)
        frame = loaded.to_polars()
    except WorkbookRefused:
        raise
    except Exception as err:  # fastexcel raises several types for broken workbooks
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise WorkbookRefused("format.file_readable",
                              f"malformed XLSX: {excerpt(first, 120)}") from None
    if frame.height > limits.max_rows:
        raise WorkbookRefused("format.file_readable", (
            f"more than {limits.max_rows:,} rows (OFFSHORING_MAX_ROWS)"))
    header = [str(c) for c in frame.columns]
    return header, [[cell_text(v) for v in row] for row in frame.iter_rows()]
