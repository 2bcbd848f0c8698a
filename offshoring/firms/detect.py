"""Recognise firm-declarations files by their columns, without any flag."""

from __future__ import annotations

import csv
from pathlib import Path

from offshoring.firms.constants import COLUMNS, PARQUET_SUFFIXES

HEADER_BYTES = 64 * 1024


def normalise_column(name: str) -> str:
    """Column name as compared: no BOM, no surrounding spaces or quotes, lower case."""
    return name.replace("\ufeff", "").strip().strip('"').strip().lower()


def is_firm_declarations(columns: list[str]) -> bool:
    """True when the columns are exactly the firm-declaration columns (any order, any case)."""
    names = [normalise_column(c) for c in columns]
    return len(names) == len(set(names)) and set(names) == set(COLUMNS)


def sniff_columns(path: Path) -> list[str]:
    """Column names of a CSV (header line only) or Parquet file (footer only)."""
    path = Path(path)
    if path.suffix.lower() in PARQUET_SUFFIXES or _has_parquet_magic(path):
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    first_line = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
    if not first_line:
        return []
    return next(csv.reader(first_line))


def is_firm_declarations_file(path: Path) -> bool:
    """Cheap header sniff: True when the file's columns are the firm-declaration columns."""
    try:
        return is_firm_declarations(sniff_columns(path))
    except (OSError, ValueError, StopIteration):
        return False


def _has_parquet_magic(path: Path) -> bool:
    with Path(path).open("rb") as handle:
        return handle.read(4) == b"PAR1"
