"""Edges of the progress methods and rules beyond the worked examples of
docs/methodology.md: a decreasing objective, the window and minimum-years settings, and
what the new rules let through."""

from __future__ import annotations

import pytest

from offshoring import quality
from tests.support.layers import load_release, memory_warehouse, stage_release

JOBS = {2019: "120 000", 2021: "126 000", 2022: "130 000", 2023: "139 000", 2024: "148 500"}


def _jobs(years=JOBS) -> list[dict]:
    return [{"indicator": "jobs", "period": str(y), "value": v} for y, v in years.items()]


def _national(con, *columns: str) -> tuple:
    return con.execute(f"select {', '.join(columns)} from marts.progress_2030 where "
                       "indicator = 'jobs' and segment = 'ALL' and region = 'MA'").fetchone()


@pytest.mark.parametrize(("latest", "status", "reason"), [
    # 270,000 asked as a ceiling: 148,500 is already below it.
    ("148 500", "target_achieved", "latest value at or below the target"),
    # Above the ceiling and growing: the required rate is negative, the ratio too.
    ("300 000", "deterioration", "observed growth 2019-2024 (direct)"),
])
def test_a_decreasing_objective(con, settings, latest, status, reason):
    load_release(con, settings, _jobs({**JOBS, 2024: latest}))  # rebuilds ref from seeds/
    con.execute("update ref.objectives set direction = 'decrease' where indicator = 'jobs'")
    got = _national(con, "direction", "status", "projection_status", "status_reason")
    assert got[:2] == ("decrease", status) and got[3] == reason
    if status == "target_achieved":
        assert got[2] == "target_achieved"
    else:
        cagr_required, ratio = _national(con, "cagr_required", "progress_ratio")
        assert cagr_required < 0 and ratio < 0


def test_window_and_minimum_years_come_from_the_settings(settings):
    short = settings.with_overrides(cagr_window_years=3, min_years_observed=1)
    con = memory_warehouse(short)
    try:
        load_release(con, short, _jobs())
        assert _national(con, "observed_from", "years_observed", "round(cagr_observed, 5)") \
            == ("2021", 3, round((148_500 / 126_000) ** (1 / 3) - 1, 5))
        # One year of growth is enough when the minimum is 1: the regions get a status.
        load_release(con, short, [{"indicator": "jobs", "period": p, "region": "MA-06",
                                   "value": v} for p, v in (("2023", "72 000"),
                                                            ("2024", "77 220"))])
        status = con.execute("select years_observed, status from marts.progress_2030 where "
                             "region = 'MA-06'").fetchone()
        assert status == (1, "acceleration_needed")  # 7.25 % a year, 10.48 % required
    finally:
        con.close()


def test_the_same_value_again_on_the_same_day_passes(con, settings):
    load_release(con, settings, _jobs({2024: "148 500"}), file_name="a.csv")
    load_id = stage_release(con, _jobs({2024: "148 500"}))
    result = {r.rule_id: r for r in quality.validate(con, load_id, settings).results}
    assert result["history.same_day_conflict"].status == "passed"
    assert result["history.same_day_conflict"].observed == "1 rows checked, all pass"


@pytest.mark.parametrize(("total", "status"), [("27", "passed"), ("26,17", "passed"),
                                                ("26", "failed")])
def test_present_segments_may_not_exceed_the_total(con, settings, total, status):
    rows = [{"indicator": "exports_mad", "period": "2023", "segment": s, "value": v,
             "unit": "Mds DH", "source": "ODC"}
            for s, v in (("ITO", "10,4"), ("CRM", "9,9"), ("ESO", "3,35"), ("BPO", "2,52"),
                         ("ALL", total))]
    load_id = stage_release(con, rows)
    result = {r.rule_id: r for r in quality.validate(con, load_id, settings).results}
    assert result["identity.segments_add_up"].status == status  # KPO missing: 26.17 bn


def test_parts_below_a_count_of_firms_warn(con, settings):
    rows = [{"indicator": "companies", "period": "2024", "region": r, "value": v}
            for r, v in [("MA", "1200"), *((f"MA-{i:02d}", "90") for i in range(1, 13))]]
    load_id = stage_release(con, rows)
    outcome = quality.validate(con, load_id, settings)
    assert [(r.rule_id, r.severity) for r in outcome.failed] == [
        ("identity.counts_cover_total", "warning")]
    (row,) = {r.rule_id: r for r in outcome.results}["identity.counts_cover_total"].failing
    assert (row.key(), row.expected, row.actual) == ("companies 2024 ALL MA", 1200.0, 1080.0)


def test_the_minimum_years_are_read_from_the_environment(monkeypatch):
    from offshoring.settings import ConfigError, load_settings

    monkeypatch.setenv("OFFSHORING_MIN_YEARS_OBSERVED", "3")
    assert load_settings().min_years_observed == 3
    monkeypatch.setenv("OFFSHORING_MIN_YEARS_OBSERVED", "0")
    with pytest.raises(ConfigError, match="^OFFSHORING_MIN_YEARS_OBSERVED='0' Input should be "
                                          "greater than or equal to 1$"):
        load_settings()
