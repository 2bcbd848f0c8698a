"""Freshness check against the release calendar, with exact dates."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from offshoring import warehouse
from offshoring.freshness import (
    RULE_ID,
    CalendarEntry,
    check_freshness,
    due_period_end,
    late_releases,
    load_calendar,
)
from offshoring.settings import PROJECT_ROOT, load_settings

MONTHLY = CalendarEntry("ODC", "exports_mad", "M", 45)
QUARTERLY = CalendarEntry("MTNRA", "jobs", "Q", 60)
ANNUAL = CalendarEntry("MTNRA", "jobs", "A", 120)
NEVER_SEEN = CalendarEntry("AMDIE", "jobs", "A", 180)


@pytest.mark.parametrize(("entry", "today", "expected"), [
    (MONTHLY, date(2026, 3, 20), date(2026, 1, 31)),   # 31 Jan + 45 d = 17 Mar
    (MONTHLY, date(2026, 3, 16), date(2025, 12, 31)),  # 17 Mar not reached yet
    (QUARTERLY, date(2026, 3, 1), date(2025, 12, 31)),  # 31 Dec + 60 d = 1 Mar: due that day
    (QUARTERLY, date(2026, 2, 28), date(2025, 9, 30)),
    (ANNUAL, date(2026, 3, 20), date(2024, 12, 31)),   # 2025 is due on 30 Apr 2026
    (ANNUAL, date(2026, 4, 30), date(2025, 12, 31)),
])
def test_due_period_end(entry, today, expected):
    assert due_period_end(entry.frequency, entry.expected_lag_days, today) == expected


def test_late_releases_exact_dates():
    latest = {
        ("ODC", "exports_mad", "M"): date(2025, 12, 31),
        ("MTNRA", "jobs", "Q"): date(2025, 6, 30),
        ("MTNRA", "jobs", "A"): date(2024, 12, 31),
    }
    late = late_releases([MONTHLY, QUARTERLY, ANNUAL, NEVER_SEEN], latest, date(2026, 3, 20))
    got = {(r.entry.publisher, r.entry.frequency): r for r in late}
    assert set(got) == {("ODC", "M"), ("MTNRA", "Q"), ("AMDIE", "A")}

    monthly = got["ODC", "M"]
    assert (monthly.due_period, monthly.due_on, monthly.days_late, monthly.missing_periods) == (
        "2026-01", date(2026, 3, 17), 3, 1)
    quarterly = got["MTNRA", "Q"]
    assert (quarterly.due_period, quarterly.due_on, quarterly.days_late,
            quarterly.missing_periods) == ("2025-Q4", date(2025, 11, 29), 111, 2)
    never = got["AMDIE", "A"]
    assert (never.due_period, never.due_on, never.days_late, never.latest_period_end) == (
        "2024", date(2025, 6, 29), 264, None)
    assert monthly.message == ("ODC exports_mad (M): period 2026-01 missing; 2026-01 was due on "
                               "2026-03-17, 3 days late; latest loaded period ends 2025-12-31")
    assert quarterly.message == ("MTNRA jobs (Q): 2 periods missing, 2025-Q3 to 2025-Q4; 2025-Q3 "
                                 "was due on 2025-11-29, 111 days late; latest loaded period "
                                 "ends 2025-06-30")


def test_nothing_late_the_day_before():
    latest = {("ODC", "exports_mad", "M"): date(2025, 12, 31)}
    assert late_releases([MONTHLY], latest, date(2026, 3, 16)) == []


def test_seed_calendar_is_well_formed():
    entries = load_calendar(PROJECT_ROOT / "seeds" / "release_calendar.csv")
    assert entries and all(e.frequency in "MQSA" and e.expected_lag_days > 0 for e in entries)
    keys = [(e.publisher, e.indicator, e.frequency) for e in entries]
    assert len(keys) == len(set(keys))


def test_check_freshness_writes_warnings(tmp_path, monkeypatch):
    sent = []
    monkeypatch.setattr("offshoring.notify.send_webhook", lambda payload, **kw: sent.append(
        payload) or True)
    settings = load_settings(warehouse=tmp_path / "wh")
    con = duckdb.connect()
    warehouse.build(con, settings)
    con.execute("drop view core.current")
    con.execute("create table core.current (indicator varchar, frequency varchar, "
                "period varchar, period_end date, source varchar, published_on date)")
    con.execute("insert into core.current values "
                "('exports_mad', 'M', '2025-12', '2025-12-31', 'ODC', '2026-02-10')")
    late = check_freshness(con, settings, run_id="r1", today=date(2026, 3, 20))
    rows = con.execute(
        "select load_id, rule_id, level, severity, status, observed, expected "
        "from quality.check_results where expected = '2026-01'").fetchall()
    assert rows == [(0, RULE_ID, 2, "warning", "failed", "2025-12-31", "2026-01")]
    total = con.execute("select count(*) from quality.check_results").fetchone()[0]
    assert total == len(late)
    (payload,) = sent
    assert payload["event"] == "releases_late"
    assert any(r["rule_id"] == RULE_ID and "ODC exports_mad (M)" in r["reason"]
               for r in payload["rules"])
