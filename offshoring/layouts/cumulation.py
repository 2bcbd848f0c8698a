"""Year-to-date flows: cumulations since January turned into period values.

Within a year and a series, each month's (or quarter's) value is its cumulation minus
the previous one; January (the first quarter) is its own value. The same differencing
gives the coarser periods of the vocabulary (quarters, half-years, the year): their
value is the cumulation at their end minus the one before their start, so the
cumulations themselves are kept (end of March: Q1, June: S1, December: the year) and
the quality rule ``identity.subannual_flows_add_up`` checks that the differenced months
add up to them. A period with a missing cumulation at either end is missing too (never
guessed). Every value's note cites the cumulations it came from. A cumulation of a flow
that cannot be negative (``non_negative`` in seeds/indicators.csv) that decreases within
a year is an error. Stocks never come here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from offshoring.layouts.schema import LayoutError
from offshoring.periods import Frequency, frequencies, month_end

STEPS = {"monthly": 1, "quarterly": 3}


@dataclass(frozen=True)
class Point:
    """One figure of the table, with its series key and where it came from."""

    key: tuple[str, str, str, int]  # indicator, segment, region, block
    year: int
    first: int
    last: int
    number: str
    provisional: bool
    cell: str
    header: str
    row: int
    col: int
    period: str | None = None
    note: str = ""
    series_break: bool = False


def difference(points: list[Point], cumulated: str, non_negative: set[str],
               seeds_dir: Path) -> list[Point]:
    """The values of ``points`` (cumulations since January) for every period of the
    table's frequency or a coarser one whose cumulations at its end and just before its
    start are both published: C(end) - C(start - 1), C(0) being 0."""
    step = STEPS[cumulated]
    out = []
    ordered = sorted(points, key=lambda p: (p.key, p.year, p.last))
    for (key, _), group in groupby(ordered, key=lambda p: (p.key, p.year)):
        series = list(group)
        _check(series, step, key[0] in non_negative)
        by_end = {p.last: p for p in series}
        for frequency in frequencies(seeds_dir).values():
            if frequency.months % step == 0:
                out.extend(_periods(by_end, frequency))
    return out


def _periods(by_end: dict[int, Point], frequency: Frequency) -> list[Point]:
    out = []
    for end in range(frequency.months, 13, frequency.months):
        start = end - frequency.months + 1
        point, before = by_end.get(end), by_end.get(start - 1)
        if point is None or (start > 1 and before is None):
            continue  # a cumulation is missing: the period is unknown, never guessed
        period = frequency.label(month_end(point.year, end))
        if before is None:
            out.append(replace(point, period=period, first=start,
                               note=f"{point.header!r}: {point.number} since January"))
            continue
        value = _decimal(point.number) - _decimal(before.number)
        out.append(replace(point, period=period, first=start, number=_text(value),
                           provisional=point.provisional or before.provisional,
                           note=(f"{point.header!r} {point.number} minus {before.header!r} "
                                 f"{before.number} (cell {before.cell})")))
    return out


def _check(series: list[Point], step: int, non_negative: bool) -> None:
    indicator, segment, region, _ = series[0].key
    what = f"{indicator} {segment} {region} {series[0].year}"
    for point in series:
        if point.first != 1 and point.first != point.last:
            raise LayoutError(f"cell {point.cell}: header {point.header!r} is not a "
                              "cumulation since January (the layout says cumulated)")
        if point.last % step:
            raise LayoutError(f"cell {point.cell}: header {point.header!r} does not end a "
                              "quarter (the layout says cumulated: quarterly)")
    for before, after in zip(series, series[1:], strict=False):
        if before.last == after.last:
            raise LayoutError(f"{what}: cells {before.cell} and {after.cell} both cumulate "
                              f"to month {after.last}")
        if non_negative and _decimal(after.number) < _decimal(before.number):
            raise LayoutError(f"{what}: the cumulation since January decreases from "
                              f"{before.number} ({before.header!r}, cell {before.cell}) to "
                              f"{after.number} ({after.header!r}, cell {after.cell})")


def _decimal(number: str) -> Decimal:
    return Decimal(number.replace(",", "."))


def _text(value: Decimal) -> str:
    """Plain text without exponent or trailing zeros: 2250, 4.5, -1200."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
