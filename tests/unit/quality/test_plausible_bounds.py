"""release.plausible_bounds: every bound of docs/methodology.md 7.4, at its edge (passes)
and just beyond it (fails, with the text of the bound broken)."""

from __future__ import annotations

from offshoring.quality import validate

from .conftest import insert_release

LOAD = 44
RULE = "release.plausible_bounds"


def _row(indicator, period, value, unit, segment="ALL"):
    return {"indicator": indicator, "period": period, "segment": segment, "value": value,
            "unit": unit, "source": "ODC"}


AT_THE_EDGE = [
    _row("jobs", "2024", "1000000", "emplois"),
    _row("companies", "2024-Q4", "20000", "entreprises"),
    _row("net_jobs", "2023", "-200000", "emplois"),
    _row("net_jobs", "2024-S1", "100000", "emplois"),
    _row("net_jobs", "2024-Q1", "-50000", "emplois"),
    _row("net_jobs", "2024-01", "20000", "emplois"),
    _row("exports_mad", "2022", "200", "Mds DH"),
    _row("exports_mad", "2024-S2", "0,5", "Mds DH"),
    _row("exports_mad", "2024-Q2", "50", "Mds DH"),
    _row("exports_mad", "2024-02", "80", "MDH"),
    _row("exports_mad", "2021", "1", "MDH", segment="KPO"),  # a segment: no floor
]
BEYOND = [
    _row("jobs", "2020", "1000001", "emplois"),
    _row("net_jobs", "2021-Q3", "50001", "emplois"),
    _row("net_jobs", "2021-05", "-20001", "emplois"),
    _row("exports_mad", "2021-S1", "100001", "MDH"),
    _row("exports_mad", "2020", "26,2", "MDH"),
    _row("exports_mad", "2021-11", "79,9", "MDH"),
]


def _result(con, settings, rows):
    insert_release(con, LOAD, rows)
    return {r.rule_id: r for r in validate(con, LOAD, settings).results}[RULE]


def test_values_at_their_bounds_pass(con, settings):
    result = _result(con, settings, AT_THE_EDGE)
    assert (result.status, result.failing_rows, result.observed) == (
        "passed", 0, "11 rows checked, all pass")


def test_each_value_beyond_its_bound_fails_with_that_bound_named(con, settings):
    result = _result(con, settings, AT_THE_EDGE + BEYOND)
    assert result.status == "failed"
    assert result.observed == "6 of 17 rows checked fail"
    assert [(r.indicator, r.period, r.actual, r.detail) for r in result.failing] == [
        ("jobs", "2020", 1000001.0, "row 12, frequency A: above 1,000,000 jobs"),
        ("net_jobs", "2021-Q3", 50001.0,
         "row 13, frequency Q: outside -50,000..50,000 net jobs in a quarter"),
        ("net_jobs", "2021-05", -20001.0,
         "row 14, frequency M: outside -20,000..20,000 net jobs in a month"),
        ("exports_mad", "2021-S1", 100001000000.0,
         "row 15, frequency S: above 100 bn MAD in a half-year"),
        ("exports_mad", "2020", 26200000.0,
         "row 16, frequency A: national exports below 1 bn MAD in a year (unit slip?)"),
        ("exports_mad", "2021-11", 79900000.0,
         "row 17, frequency M: national exports below 80 million MAD in a month "
         "(unit slip?)"),
    ]


def test_a_negative_national_value_is_left_to_non_negative(con, settings):
    outcome = validate(con, insert_release(con, LOAD, [
        _row("exports_mad", "2024", "-3", "Mds DH")]), settings)
    results = {r.rule_id: r for r in outcome.results}
    assert results[RULE].status == "passed"
    assert results["release.non_negative"].status == "failed"
