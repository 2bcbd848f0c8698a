"""The period vocabulary: frequencies, their months and their canonical labels.

One source, ``seeds/frequencies.csv``: the SQL parser (``parse_period`` in
sql/macros/parsing.sql) and ``core.annual`` read it as ``ref.frequencies``; Python reads
it here. A label format is printf-style with the year then the period's index in the
year (``%d-Q%d`` -> ``2024-Q3``), the same string for DuckDB's ``printf`` and Python.
"""

from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

FREQUENCIES_FILE = "frequencies.csv"


@dataclass(frozen=True)
class Frequency:
    """One frequency of the vocabulary (A, S, Q, M)."""

    code: str
    months: int
    name_en: str
    name_fr: str
    period_format: str

    @property
    def periods_per_year(self) -> int:
        return 12 // self.months

    def label(self, end: date) -> str:
        """The canonical label of the period ending on ``end`` ('2025-Q3')."""
        values = (end.year, end.month // self.months)
        return self.period_format % values[: self.period_format.count("%")]

    def is_period_end(self, day: date) -> bool:
        """True when ``day`` closes a period of this frequency."""
        return day == month_end(day.year, day.month) and day.month % self.months == 0


def month_end(year: int, month: int) -> date:
    """Last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=8)
def frequencies(seeds_dir: Path) -> dict[str, Frequency]:
    """The vocabulary by code, from ``<seeds_dir>/frequencies.csv``."""
    with open(Path(seeds_dir) / FREQUENCIES_FILE, newline="", encoding="utf-8") as fh:
        return {row["code"]: Frequency(row["code"], int(row["months"]), row["name_en"],
                                       row["name_fr"], row["period_format"])
                for row in csv.DictReader(fh)}
