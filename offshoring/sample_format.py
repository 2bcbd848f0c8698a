"""Allocation and file formats of the sample releases (:mod:`offshoring.sample`).

Integer allocation by largest remainder (every breakdown adds up exactly), French number
and date formats, and the three writers (CSV, XLSX, JSON). No clock, no randomness: the
same bytes on every run.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

NNBSP = "\u202f"  # narrow no-break space: thousands separator for jobs
NBSP = "\u00a0"  # no-break space: thousands separator for companies
MILLION = 1_000_000
BILLION = 1_000_000_000
XLSX_CREATED = dt.datetime(2025, 2, 28, 9, 0, 0)


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Split integer ``total`` in proportion to ``weights``; the parts add up to ``total``.

    Leftover units go to the largest remainders, ties to the first position.
    """
    if total < 0:
        return [-part for part in largest_remainder(-total, weights)]
    whole = sum(weights)
    if whole <= 0 or min(weights) < 0:
        raise ValueError(f"weights must be non-negative with a positive sum: {weights}")
    parts = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """:func:`largest_remainder` keyed like ``weights``."""
    return dict(zip(weights, largest_remainder(total, list(weights.values())), strict=True))


def thousands(n: int, sep: str) -> str:
    """148500 -> '148 500' with ``sep`` between groups of three digits."""
    return f"{n:,}".replace(",", sep)


def decimal_fr(amount: int, unit: int, min_places: int = 1) -> str:
    """``amount / unit`` with a decimal comma, trailing zeros dropped down to min_places."""
    text = f"{Decimal(amount) / Decimal(unit):f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0").ljust(min_places, "0")
    return f"{whole},{frac}" if frac else whole


def date_fr(iso: str) -> str:
    """'2025-03-14' -> '14/03/2025'."""
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def write_csv(path: Path, header, rows, *, delimiter: str, bom: bool) -> Path:
    """A CSV release (UTF-8, with a BOM when asked)."""
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header, rows) -> Path:
    """An XLSX release: one sheet, numbers as numbers, a fixed creation date."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": "Sample release (published and synthetic figures)",
                             "created": XLSX_CREATED})
    sheet = workbook.add_worksheet("data")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, 1):
        for c, cell in enumerate(row):
            if isinstance(cell, str):
                sheet.write_string(r, c, cell)
            else:
                sheet.write_number(r, c, cell)
    workbook.close()
    return path


def write_json(path: Path, records: list[dict]) -> Path:
    """A JSON release: a list of records."""
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
