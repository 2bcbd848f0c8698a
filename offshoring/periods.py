"""The period vocabulary: frequencies, their months and their canonical labels.

One source, ``seeds/frequencies.csv``: the SQL parser (``parse_period`` in
sql/macros/parsing.sql) and ``core.annual`` read it as ``ref.frequencies``; Python reads
it here. A label format is printf-style with the year then the period's index in the
year (``%d-Q%d`` -> ``2024-Q3``), the same string for DuckDB's ``printf`` and Python.
The French words of publishers' headers come from the same place: each frequency's noun
(``trimestre``) and letters (``T|Q``), and the month names of ``seeds/months.csv``.
"""

from __future__ import annotations

import calendar
import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

FREQUENCIES_FILE = "frequencies.csv"
MONTHS_FILE = "months.csv"


@dataclass(frozen=True)
class Frequency:
    """One frequency of the vocabulary (A, S, Q, M)."""

    code: str
    months: int
    name_en: str
    name_fr: str
    period_format: str
    noun_fr: str = ""  # 'trimestre': "1er trimestre 2024"
    letters: tuple[str, ...] = ()  # ('T', 'Q'): "T1 2024", "Q1 2024"

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
                                       row["name_fr"], row["period_format"],
                                       row.get("noun_fr") or "",
                                       tuple(filter(None, (row.get("letters") or "").split("|"))))
                for row in csv.DictReader(fh)}


def frequency_of_span(vocabulary: dict[str, Frequency], first: int, last: int
                      ) -> Frequency | None:
    """The frequency whose periods are exactly months ``first``..``last`` of a year
    (4..6 -> Q), or None when the span is not a period (1..5)."""
    months = last - first + 1
    return next((f for f in vocabulary.values()
                 if f.months == months and (first - 1) % f.months == 0), None)


@lru_cache(maxsize=8)
def month_names(seeds_dir: Path) -> dict[str, int]:
    """Every spelling of a month (French, English, abbreviations) -> its number, from
    ``<seeds_dir>/months.csv``; spellings as written there (compare them folded)."""
    with open(Path(seeds_dir) / MONTHS_FILE, newline="", encoding="utf-8") as fh:
        names: dict[str, int] = {}
        for row in csv.DictReader(fh):
            for name in (row["name_fr"], row["name_en"], *(row["aliases"] or "").split("|")):
                if name:
                    names[name] = int(row["month"])
        return names
