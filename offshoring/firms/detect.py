"""Recognise firm-declarations files by their columns, without any flag."""

from __future__ import annotations

import csv
from pathlib import Path

from offshoring.files import csv_delimiter
from offshoring.firms.constants import COLUMNS, PARQUET_SUFFIXES

HEADER_BYTES = 64 * 1024


def normalise_column(name: str) -> str:
    """Column name as compared: no BOM, no surrounding spaces or quotes, lower case."""
    return name.replace("\ufeff", "").strip().strip('"').strip().lower()


def is_firm_declarations(columns: list[str]) -> bool:
    """True when the columns are exactly the firm-declaration columns (any order, any case)."""
    names = [normalise_column(c) for c in columns]
    return len(names) == len(set(names)) and set(names) == set(COLUMNS)


def sniff_header(path: Path) -> tuple[list[str], str | None]:
    """Column names and delimiter of a CSV (header line only), or the column names of a
    Parquet file (footer only; delimiter None)."""
    path = Path(path)
    if is_parquet(path):
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names), None
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    first_line = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not first_line:
        return [], ","
    delimiter = csv_delimiter(first_line[0])
    return next(csv.reader(first_line, delimiter=delimiter)), delimiter


def sniff_columns(path: Path) -> list[str]:
    """Column names of a CSV or Parquet file."""
    return sniff_header(path)[0]


def is_firm_declarations_file(path: Path) -> bool:
    """Cheap header sniff: True when the file's columns are the firm-declaration columns."""
    try:
        return is_firm_declarations(sniff_columns(path))
    except (OSError, ValueError, StopIteration):
        return False


def is_parquet(path: Path) -> bool:
    """A Parquet file, by its suffix or its magic bytes."""
    path = Path(path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return True
    with path.open("rb") as handle:
        return handle.read(4) == b"PAR1"


def first_other_line_ending(path: Path) -> tuple[int, bool] | None:
    """The number of the first line that does not end as the header does (CRLF against
    LF), and whether the header ends with CRLF; None when every line ends alike. DuckDB's
    strict CSV reader refuses such a file without saying where."""
    with Path(path).open("rb") as handle:
        crlf = handle.readline().endswith(b"\r\n")
        for number, line in enumerate(handle, start=2):
            if line.endswith(b"\n") and line.endswith(b"\r\n") != crlf:
                return number, crlf
    return None
