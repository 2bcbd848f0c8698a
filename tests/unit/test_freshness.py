"""Freshness check against the release calendar, with exact dates."""

from __future__ import annotations

from datetime import date

import pytest

from offshoring.freshness import (
    RULE_ID,
    CalendarEntry,
    check_freshness,
    due_period_end,
    late_releases,
    load_calendar,
)
from offshoring.notify import notify_late_releases
from offshoring.periods import frequencies
from offshoring.settings import PROJECT_ROOT
from tests.support.layers import load_release

VOCABULARY = frequencies(PROJECT_ROOT / "seeds")
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
    assert due_period_end(VOCABULARY[entry.frequency], entry.expected_lag_days,
                          today) == expected


def test_late_releases_exact_dates():
    latest = {
        ("ODC", "exports_mad", "M"): date(2025, 12, 31),
        ("MTNRA", "jobs", "Q"): date(2025, 6, 30),
        ("MTNRA", "jobs", "A"): date(2024, 12, 31),
    }
    late = late_releases([MONTHLY, QUARTERLY, ANNUAL, NEVER_SEEN], latest, date(2026, 3, 20),
                         VOCABULARY)
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
    assert late_releases([MONTHLY], latest, date(2026, 3, 16), VOCABULARY) == []


def test_seed_calendar_is_well_formed():
    entries = load_calendar(PROJECT_ROOT / "seeds" / "release_calendar.csv")
    assert entries and all(e.frequency in "MQSA" and e.expected_lag_days > 0 for e in entries)
    keys = [(e.publisher, e.indicator, e.frequency) for e in entries]
    assert len(keys) == len(set(keys))


def test_check_freshness_writes_warnings(con, settings, monkeypatch):
    sent = []
    monkeypatch.setattr("offshoring.notify.send_webhook", lambda payload, url: sent.append(
        payload) or True)
    # December 2025 exports, published by the Office des Changes on 10 February 2026.
    load_release(con, settings, [{"indicator": "exports_mad", "period": "2025-12",
                                  "value": "2 183,4", "unit": "MDH", "source": "ODC",
                                  "published_on": "2026-02-10"}], file_name="odc_dec.csv")
    late = check_freshness(con, settings, run_id="r1", today=date(2026, 3, 20))
    rows = con.execute(
        "select load_id, rule_id, level, severity, status, observed, expected "
        "from quality.check_results where expected = '2026-01'").fetchall()
    assert rows == [(0, RULE_ID, 2, "warning", "failed", "2025-12-31", "2026-01")]
    total = con.execute("select count(*) from quality.check_results").fetchone()[0]
    assert total == len(late)
    monthly = [r for r in late if (r.entry.publisher, r.entry.indicator, r.entry.frequency)
               == ("ODC", "exports_mad", "M")]
    assert [(r.due_period, r.days_late, r.latest_period_end) for r in monthly] == [
        ("2026-01", 3, date(2025, 12, 31))]
    assert sent == []  # recording sends nothing; the flow notifies once
    notify_late_releases(settings, [item.as_result() for item in late])
    (payload,) = sent
    assert payload["event"] == "releases_late"
    assert any(r["rule_id"] == RULE_ID and "ODC exports_mad (M)" in r["reason"]
               for r in payload["rules"])


@pytest.mark.parametrize(("code", "end", "label"), [
    ("A", date(2025, 12, 31), "2025"), ("S", date(2025, 6, 30), "2025-S1"),
    ("Q", date(2025, 9, 30), "2025-Q3"), ("M", date(2025, 9, 30), "2025-09")])
def test_labels_of_the_period_vocabulary_match_the_sql_parser(con, code, end, label):
    assert VOCABULARY[code].label(end) == label
    parsed = con.execute("select parse_period(?)", [label]).fetchall()[0][0]
    assert (parsed["frequency"], parsed["period"], parsed["period_end"]) == (code, label, end)
