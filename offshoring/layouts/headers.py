"""French period headers -> the months they cover.

``2024``, ``janv. 2024``, ``janvier 2024``, ``T1 2024``, ``1er trimestre 2024``,
``S1 2024``, ``1er semestre 2024``, ``à fin juin 2025``, ``janv.-juin 2025``,
``Cumul fin juin 2025`` (and ``2024-09``, ``09/2024``, ``2e semestre``, ``H1``, ...).
The words come from the one period vocabulary: month names from ``seeds/months.csv``,
each frequency's noun and letters from ``seeds/frequencies.csv`` (``offshoring.periods``).
Marks (``2024 (p)``) are removed by the caller (``cells.without_marks``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from offshoring.columns import header_key
from offshoring.periods import Frequency, frequencies, frequency_of_span, month_end, month_names

# Words announcing a cumulation since January: "à fin juin", "cumul fin juin", "fin 2024".
TO_DATE_WORDS = ("cumul", "cumule", "cumulee", "fin", "a", "au")
ORDINAL_WORDS = {"premier": 1, "premiere": 1, "deuxieme": 2, "second": 2, "seconde": 2,
                 "troisieme": 3, "quatrieme": 4}
ORDINAL = re.compile(r"([1-4])(er|ere|e|eme|nd|nde)?")
RANGE_WORDS = ("a", "au")  # "janv. à juin"
YEAR = re.compile(r"(19|20)[0-9]{2}")
# A spreadsheet date cell as a month header (XLSX "janv.-24" formats are dates).
DATE_CELL = re.compile(r"((?:19|20)[0-9]{2})-([01][0-9])-[0-3][0-9](?:[ T]00:00:00)?")

FORMS = ("2024, janv. 2024, T1 2024, 1er trimestre 2024, S1 2024, janv.-juin 2025, "
         "à fin juin 2025")


@dataclass(frozen=True)
class Span:
    """Months ``first``..``last`` of ``year``; ``to_date``: announced as a cumulation."""

    year: int
    first: int
    last: int
    to_date: bool = False

    def period(self, seeds_dir: Path) -> str | None:
        """The canonical period label ('2025-S1'), or None when the span is not a period."""
        frequency = self.frequency(seeds_dir)
        return frequency.label(month_end(self.year, self.last)) if frequency else None

    def frequency(self, seeds_dir: Path) -> Frequency | None:
        return frequency_of_span(frequencies(seeds_dir), self.first, self.last)


class HeaderError(ValueError):
    """A header that is not a period."""


def parse_header(text: str, seeds_dir: Path) -> Span:
    """The months a header covers; HeaderError when it is not a period."""
    date_cell = DATE_CELL.fullmatch(text.strip())
    if date_cell and 1 <= int(date_cell.group(2)) <= 12:
        month = int(date_cell.group(2))
        return Span(int(date_cell.group(1)), month, month)
    tokens = [t for t in header_key(text).split("_") if t]
    to_date = False
    while tokens and tokens[0] in TO_DATE_WORDS:
        to_date = to_date or tokens[0] not in RANGE_WORDS  # "à" alone announces nothing
        tokens.pop(0)
    years = [t for t in tokens if YEAR.fullmatch(t)]
    if len(years) != 1:
        raise HeaderError(f"{text!r} is not a period (expected one of: {FORMS})")
    year = int(years[0])
    rest = [t for t in tokens if t != years[0]]
    months = _months(rest, seeds_dir)
    if months is None:
        raise HeaderError(f"{text!r} is not a period (expected one of: {FORMS})")
    first, last = months
    return Span(year, 1 if to_date else first, last, to_date)


def _months(tokens: list[str], seeds_dir: Path) -> tuple[int, int] | None:
    """(first, last) month of the words around the year, or None."""
    names = _month_keys(seeds_dir)
    vocabulary = frequencies(seeds_dir).values()
    if not tokens or tokens == [header_key(f.noun_fr) for f in vocabulary if f.months == 12]:
        return 1, 12
    words = [t for t in tokens if t not in RANGE_WORDS]
    if all(w in names for w in words) and len(words) in (1, 2):
        first, last = names[words[0]], names[words[-1]]
        return (first, last) if first <= last else None
    if len(tokens) == 1 and tokens[0].isdigit() and 1 <= int(tokens[0]) <= 12:
        return int(tokens[0]), int(tokens[0])  # 2024-09, 09/2024
    for frequency in vocabulary:
        index = _index(tokens, frequency)
        if index is not None and 1 <= index <= frequency.periods_per_year:
            return frequency.months * (index - 1) + 1, frequency.months * index
    return None


def _index(tokens: list[str], frequency: Frequency) -> int | None:
    """The period's rank in the year: T3 / Q3 -> 3; 3e trimestre -> 3; else None."""
    letters = tuple(letter.lower() for letter in frequency.letters)
    if len(tokens) == 1 and tokens[0][:1] in letters and tokens[0][1:].isdigit():
        return int(tokens[0][1:])
    if len(tokens) == 2 and frequency.noun_fr and tokens[1] == header_key(frequency.noun_fr):
        if tokens[0] in ORDINAL_WORDS:
            return ORDINAL_WORDS[tokens[0]]
        match = ORDINAL.fullmatch(tokens[0])
        return int(match.group(1)) if match else None
    return None


def _month_keys(seeds_dir: Path) -> dict[str, int]:
    return {header_key(name): month for name, month in month_names(seeds_dir).items()}


def french_date(text: str, seeds_dir: Path) -> str | None:
    """'14 mars 2025', '1er juillet 2025' -> '2025-03-14'; '14/03/2025' and '2025-03-14'
    are returned as they are (staging reads them); None when not a date."""
    tokens = [t for t in header_key(text).split("_") if t]
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}", text.strip()):
        return text.strip()
    names = _month_keys(seeds_dir)
    if len(tokens) == 3 and tokens[1] in names and YEAR.fullmatch(tokens[2]):
        day = re.fullmatch(r"([0-9]{1,2})(er)?", tokens[0])
        if day:
            return f"{tokens[2]}-{names[tokens[1]]:02d}-{int(day.group(1)):02d}"
    return None
