"""Every rule: a small defective release trips exactly that rule; the clean one trips none."""

from __future__ import annotations

import pytest

from offshoring.quality import validate_release

from .conftest import add_current, insert_release
from .releases import clean_release, replace_value

LOAD = 42


def failed(outcome) -> dict[str, object]:
    return {r.rule_id: r for r in outcome.results if r.status == "failed"}


def keys(result) -> list[tuple]:
    return [(f.indicator, f.period, f.segment, f.region) for f in result.failing]


def test_clean_release_trips_no_rule(con, settings):
    insert_release(con, LOAD, clean_release())
    outcome = validate_release(con, LOAD, settings)
    assert failed(outcome) == {}
    assert not outcome.rejected
    assert outcome.reasons() == []
    assert len(outcome.results) == 20


def test_real_2024_exports_by_segment_add_up_within_rounding(con, settings):
    insert_release(con, LOAD, clean_release())
    result = {r.rule_id: r for r in validate_release(con, LOAD, settings).results}[
        "identity.segments_add_up"]
    assert result.status == "passed"
    assert result.observed == "1 rows checked, all pass"  # the ALL 2024 exports row


def extra(**row) -> list[dict]:
    return clean_release() + [row]


COMPANIES = {"indicator": "companies", "period": "2024", "value": "1200"}

# rule id -> (severity, release rows, already loaded rows, failing keys)
DEFECTS = {
    "format.value_parses": (
        "error", extra(**{**COMPANIES, "value": "12,3,4"}), [],
        [("companies", "2024", "ALL", "MA")]),
    "format.known_codes": (
        "error", extra(**{**COMPANIES, "segment": "Pétrole"}), [],
        [("companies", "2024", "Pétrole", "MA")]),
    "format.period_syntax": (
        "error", extra(**{**COMPANIES, "period": "2024-13"}), [],
        [("companies", "2024-13", "ALL", "MA")]),
    "format.unit_convertible": (
        "error", extra(**{**COMPANIES, "unit": "MDH"}), [],
        [("companies", "2024", "ALL", "MA")]),
    "format.published_on_valid": (
        "error", extra(**{**COMPANIES, "published_on": "2099-01-01"}), [],
        [("companies", "2024", "ALL", "MA")]),
    "release.complete": (
        "error", extra(**{**COMPANIES, "region": ""}), [],
        [("companies", "2024", "ALL", "")]),
    "release.non_negative": (
        "error", extra(**{**COMPANIES, "value": "-5"}), [],
        [("companies", "2024", "ALL", "MA")]),
    "release.unique_key": (
        "error", extra(**COMPANIES) + [COMPANIES], [],
        [("companies", "2024", "ALL", "MA")] * 2),
    "release.plausible_bounds": (
        "error", extra(**{**COMPANIES, "value": "50 000"}), [],
        [("companies", "2024", "ALL", "MA")]),
    "identity.stock_flow": (
        "error", replace_value(clean_release(), {"indicator": "net_jobs", "period": "2024"},
                               value="20 000"), [],
        [("jobs", "2024", "ALL", "MA")]),
    "identity.segments_add_up": (
        "error", replace_value(clean_release(), {"indicator": "exports_mad", "period": "2024",
                                                 "segment": "ITO"}, value="11,578"), [],
        [("exports_mad", "2024", "ALL", "MA")]),
    "identity.regions_add_up": (
        "error", replace_value(clean_release(), {"region": "MA-06"}, value="71000"), [],
        [("jobs", "2024", "ALL", "MA")]),
    "identity.subannual_flows_add_up": (
        "error", replace_value(clean_release(), {"period": "2024-Q1"}, value="3,35"), [],
        [("exports_mad", "2024", "CRM", "MA")]),
    "identity.subannual_stock_matches": (
        "error", replace_value(
            replace_value(clean_release(), {"indicator": "jobs", "period": "2024-Q4"},
                          value="148000"),
            {"indicator": "net_jobs", "period": "2024-Q4"}, value="3000"), [],
        [("jobs", "2024", "ALL", "MA")]),
    "history.growth": (
        "warning", extra(**COMPANIES), [{"indicator": "companies", "period": "2023",
                                         "value": 600.0}],
        [("companies", "2024", "ALL", "MA")]),
    "history.revision": (
        "warning", clean_release(), [{"indicator": "jobs", "period": "2024", "value": 140000.0}],
        [("jobs", "2024", "ALL", "MA")]),
    "history.gap": (
        "warning", extra(**COMPANIES), [{"indicator": "companies", "period": "2021",
                                         "value": 1150.0}],
        [("companies", "2022", "ALL", "MA"), ("companies", "2023", "ALL", "MA")]),
    "sources.agree": (
        "warning", clean_release(), [{"indicator": "jobs", "period": "2024", "value": 140000.0,
                                      "source": "CONF2026"}],
        [("jobs", "2024", "ALL", "MA")]),
}


@pytest.mark.parametrize("rule_id", sorted(DEFECTS))
def test_defect_trips_exactly_its_rule(con, settings, rule_id):
    severity, rows, loaded, expected_keys = DEFECTS[rule_id]
    add_current(con, loaded)
    insert_release(con, LOAD, rows)
    outcome = validate_release(con, LOAD, settings)
    assert list(failed(outcome)) == [rule_id]
    result = failed(outcome)[rule_id]
    assert result.severity == severity
    assert result.level == (0 if rule_id.startswith("format.") else
                            2 if rule_id.startswith("history.") else
                            3 if rule_id.startswith("sources.") else 1)
    assert keys(result) == expected_keys
    assert result.failing_rows == len(expected_keys)
    assert outcome.rejected is (severity == "error")


def test_every_catalogued_suite_rule_has_a_defect_test(settings):
    from offshoring.quality.catalogue import load_rules

    assert {r.id for r in load_rules(settings.expectations_dir)
            if r.suite and r.dataset == "release"} == set(DEFECTS)
