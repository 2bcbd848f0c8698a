"""A publisher's table as a grid of text cells, addressed as in a spreadsheet (``C7``).

CSV (comma or semicolon, UTF-8) and XLSX sheets. XLSX cells are read by calamine
(fastexcel), which drops the empty rows and columns before the first value: the grid puts
them back, so that row and column numbers are those the publisher's spreadsheet shows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from offshoring.files import csv_delimiter

TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")
SNIFF_LINES = 20
HEAD_LINES = 50  # enough to find a first non-empty row
CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"[^>]*?(?<!/)>')
OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class UnreadableTable(Exception):
    """Not a table the layouts can read (the release readers say why)."""


@dataclass
class Grid:
    """Rows of text cells (None when empty); ``rows[0]`` is the file's row 1."""

    rows: list[list[str | None]]

    def cell(self, row: int, col: int) -> str | None:
        """The text at 0-based (row, col), None when empty or outside the table."""
        if row < len(self.rows) and col < len(self.rows[row]):
            text = self.rows[row][col]
            return text if text is not None and text.strip() else None
        return None

    def texts(self, rows: range) -> list[str]:
        """The non-empty cells of those rows, row by row."""
        return [t for r in rows for c in range(self.width) if (t := self.cell(r, c))]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def column_index(letters: str) -> int:
    """'A' -> 0, 'AB' -> 27."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def column_letters(index: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def address(row: int, col: int) -> str:
    """0-based (row, col) -> 'C7'."""
    return f"{column_letters(col)}{row + 1}"


class TableFile:
    """A CSV (one sheet) or an XLSX workbook, read once."""

    def __init__(self, path: Path, data: bytes):
        self.suffix = path.suffix.lower()
        self.data = data
        binary = b"\x00" in data[:8192] and self.suffix != ".xlsx"
        if self.suffix not in TABLE_SUFFIXES or not data.strip() or binary:
            raise UnreadableTable(path.name)
        if self.suffix == ".xlsx":
            import fastexcel  # lazy: only XLSX needs it

            try:
                self._book = fastexcel.read_excel(data)
            except Exception:  # fastexcel raises several types for broken workbooks
                raise UnreadableTable(path.name) from None
            self.sheet_names = list(self._book.sheet_names)
        else:
            self.sheet_names = [path.stem]
            self._text = _csv_text(data, path.name)
            self._csv: Grid | None = None

    def first_row(self, sheet: int = 0) -> list[str | None]:
        """The first non-empty row of a sheet (0-based; a CSV has one), read without the
        rest of a CSV."""
        if self.suffix == ".xlsx":
            try:
                rows = self._book.load_sheet(sheet, header_row=None, n_rows=HEAD_LINES,
                                             dtypes="string").to_polars().rows()
            except Exception:
                raise UnreadableTable(self.sheet_names[sheet]) from None
        else:
            rows = _csv_grid(self._text, self.sheet_names[0], HEAD_LINES).rows
        return next((row for row in rows if any(c and c.strip() for c in row)), [])

    def sheet(self, which: str | int | None = None) -> Grid:
        """A sheet by name or 1-based number (CSV: its one table); KeyError if absent."""
        if self.suffix != ".xlsx":
            if self._csv is None:
                self._csv = _csv_grid(self._text, self.sheet_names[0])
            return self._csv
        if isinstance(which, int) or which is None:
            name = self.sheet_names[(which or 1) - 1]
        elif which in self.sheet_names:
            name = which
        else:
            raise KeyError(which)
        try:
            frame = self._book.load_sheet(name, header_row=None, dtypes="string").to_polars()
        except Exception:
            raise UnreadableTable(name) from None
        top, left = _origin(self.data, self.sheet_names.index(name))
        rows = [[None] * left + list(row) for row in frame.iter_rows()]
        return Grid([[] for _ in range(top)] + rows)


def _csv_text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableTable(name) from None


def _csv_grid(text: str, name: str, lines: int | None = None) -> Grid:
    """The CSV's rows (its first ``lines`` lines only, when given)."""
    head = text.splitlines()[:SNIFF_LINES]
    # Publishers' tables open with a title line: sniff the delimiter on the first lines.
    delimiter = csv_delimiter("\n".join(head))
    source = "\n".join(text.splitlines()[:lines]) if lines else text
    try:
        rows = list(csv.reader(io.StringIO(source, newline=""), delimiter=delimiter))
    except csv.Error:
        raise UnreadableTable(name) from None
    return Grid([[cell if cell.strip() else None for cell in row] for row in rows])


def _origin(data: bytes, sheet: int) -> tuple[int, int]:
    """(empty rows, empty columns) before the sheet's first value, from its XML; (0, 0)
    when the workbook's parts are not where the format puts them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            target = _sheet_path(book, sheet)
            refs = CELL_REF.findall(book.read(target)) if target in book.namelist() else []
    except (KeyError, IndexError, zipfile.BadZipFile, ElementTree.ParseError):
        return 0, 0
    if not refs:
        return 0, 0
    return (min(int(r) for _, r in refs) - 1,
            min(column_index(c.decode()) for c, _ in refs))


def _sheet_path(book: zipfile.ZipFile, sheet: int) -> str:
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    ids = [s.get(OFFICE_REL) for s in workbook.iter() if s.tag.endswith("}sheet")]
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    target = targets.get(ids[sheet], "")
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
