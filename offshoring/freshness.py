"""Freshness: which expected releases are late, from the release calendar in ``seeds/``.

For every calendar row (publisher, indicator, frequency, expected lag in days after
period end) the *due* period is the latest period whose end plus the lag is on or before
today. A release is late when the warehouse's latest period (``core.current``) for
(source, indicator, frequency) ends before the due period. Late releases are written to
``quality.check_results`` as warnings (rule ``freshness.release_late``, level 2,
``load_id`` 0: a run-level check); the caller sends one notification.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from offshoring.periods import Frequency, frequencies, month_end
from offshoring.quality.model import FAILED, RuleResult, ValidationOutcome
from offshoring.quality.store import record_results
from offshoring.warehouse import query

RULE_ID = "freshness.release_late"
RULE_LEVEL = 2
RULE_SEVERITY = "warning"
RUN_LEVEL_LOAD_ID = 0
CALENDAR_FILE = "release_calendar.csv"


@dataclass(frozen=True)
class CalendarEntry:
    """One expected release stream."""

    publisher: str
    indicator: str
    frequency: str
    expected_lag_days: int


@dataclass(frozen=True)
class LateRelease:
    """A release that should have arrived and did not."""

    entry: CalendarEntry
    latest_period_end: date | None
    due_period: str  # the latest period that should be in by today
    first_missing: str  # the first period not loaded
    due_on: date  # the first missing period's end plus the lag
    days_late: int
    missing_periods: int

    @property
    def message(self) -> str:
        """One line for the quality log and the notification."""
        have = self.latest_period_end.isoformat() if self.latest_period_end else "nothing"
        e = self.entry
        missing = (f"period {self.due_period} missing" if self.missing_periods == 1 else
                   f"{self.missing_periods} periods missing, {self.first_missing} to "
                   f"{self.due_period}")
        return (f"{e.publisher} {e.indicator} ({e.frequency}): {missing}; "
                f"{self.first_missing} was due on {self.due_on.isoformat()}, {self.days_late} "
                f"days late; latest loaded period ends {have}")

    def as_result(self) -> RuleResult:
        """The late release as a failed warning rule (quality log, notifications):
        observed the latest period loaded, expected the period due."""
        observed = self.latest_period_end.isoformat() if self.latest_period_end else "none"
        return RuleResult(RULE_ID, RULE_LEVEL, RULE_SEVERITY, FAILED, observed,
                          self.due_period, self.missing_periods, self.message)


def calendar_path(seeds_dir: Path) -> Path:
    """The release calendar seed."""
    return Path(seeds_dir) / CALENDAR_FILE


def load_calendar(path: Path) -> list[CalendarEntry]:
    """Read the release calendar CSV."""
    with open(path, newline="", encoding="utf-8") as fh:
        return [
            CalendarEntry(
                publisher=row["publisher"].strip(),
                indicator=row["indicator"].strip(),
                frequency=row["frequency"].strip().upper(),
                expected_lag_days=int(row["expected_lag_days"]),
            )
            for row in csv.DictReader(fh)
        ]


def add_months_end(end: date, months: int) -> date:
    """The month end ``months`` months after (or before) the month of ``end``."""
    index = end.year * 12 + (end.month - 1) + months
    return month_end(index // 12, index % 12 + 1)


def due_period_end(frequency: Frequency, lag_days: int, today: date) -> date:
    """End of the latest period of ``frequency`` whose release date (end + lag) <= today."""
    end = month_end(today.year, today.month)
    while not (frequency.is_period_end(end) and end + timedelta(days=lag_days) <= today):
        end = add_months_end(end, -1)
    return end


def late_releases(entries: list[CalendarEntry], latest: dict[tuple[str, str, str], date],
                  today: date, vocabulary: dict[str, Frequency]) -> list[LateRelease]:
    """Calendar entries whose due period is not in ``latest`` (keyed source, indicator,
    frequency); ``vocabulary``: the frequencies by code (``offshoring.periods``)."""
    late = []
    for entry in entries:
        frequency = vocabulary[entry.frequency]
        due_end = due_period_end(frequency, entry.expected_lag_days, today)
        have = latest.get((entry.publisher, entry.indicator, entry.frequency))
        if have is not None and have >= due_end:
            continue
        first_missing = add_months_end(have, frequency.months) if have is not None else due_end
        due_on = first_missing + timedelta(days=entry.expected_lag_days)
        missing = 1 if have is None else _months_between(have, due_end) // frequency.months
        late.append(LateRelease(entry, have, frequency.label(due_end),
                                frequency.label(first_missing), due_on,
                                (today - due_on).days, missing))
    return late


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


# --- warehouse ----------------------------------------------------------------------
def latest_periods(con, settings) -> dict[tuple[str, str, str], date]:
    """Latest period end per (source, indicator, frequency) in ``core.current``."""
    rows = query(con, settings, "reports/freshness_latest_periods.sql")
    return {(r["source"], r["indicator"], r["frequency"]): r["period_end"] for r in rows
            if r["period_end"] is not None}


def record_late_releases(con, settings, run_id: str, late: list[LateRelease],
                         calendar_file: Path) -> int:
    """Append one warning row per late release to the quality log (a run-level check:
    load_id 0, the file being the calendar seed)."""
    if not late:
        return 0
    sha = hashlib.sha256(Path(calendar_file).read_bytes()).hexdigest()
    outcome = ValidationOutcome([item.as_result() for item in late])
    record_results(con, settings, run_id, RUN_LEVEL_LOAD_ID, f"seeds/{CALENDAR_FILE}", sha,
                   outcome)
    return len(late)


def check_freshness(con, settings, run_id: str, today: date | None = None) -> list[LateRelease]:
    """Find late releases and log them as quality warnings of the run.

    ``con`` is the session's read-write DuckDB connection. Returns the late releases.
    """
    path = calendar_path(settings.seeds_dir)
    late = late_releases(load_calendar(path), latest_periods(con, settings),
                         today or date.today(), frequencies(settings.seeds_dir))
    record_late_releases(con, settings, run_id, late, path)
    return late
