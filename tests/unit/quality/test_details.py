"""Failing keys and values, cross-release identities, series breaks, reasons."""

from __future__ import annotations

from offshoring.quality import file_rejection, validate

from .conftest import add_current, insert_release
from .releases import clean_release, replace_value

LOAD = 43


def rule(outcome, rule_id):
    return {r.rule_id: r for r in outcome.results}[rule_id]


def test_stock_flow_names_period_segment_region_and_values(con, settings):
    rows = replace_value(clean_release(), {"indicator": "net_jobs", "period": "2024"},
                         value="20 000")
    insert_release(con, LOAD, rows)
    outcome = validate(con, LOAD, settings)
    assert outcome.rejected
    result = rule(outcome, "identity.stock_flow")
    (row,) = result.failing
    assert (row.indicator, row.period, row.segment, row.region) == ("jobs", "2024", "ALL", "MA")
    assert (row.expected, row.actual) == (150000.0, 148500.0)
    assert "net_jobs 2024" in row.detail
    assert outcome.reasons() == [
        "identity.stock_flow (error): Jobs stock change equals net creations: 1 row, "
        "e.g. jobs 2024 ALL MA expected 150000 got 148500 (jobs 2023 + net_jobs 2024)"
    ]


def test_stock_flow_across_releases_uses_the_loaded_previous_period(con, settings):
    add_current(con, [{"indicator": "jobs", "period": "2024-09", "value": 148000.0}])
    insert_release(con, LOAD, [
        {"indicator": "jobs", "period": "2024-10", "value": "148400"},
        {"indicator": "net_jobs", "period": "2024-10", "value": "500"},
    ])
    result = rule(validate(con, LOAD, settings), "identity.stock_flow")
    assert result.status == "failed"
    (row,) = result.failing
    assert (row.period, row.expected, row.actual) == ("2024-10", 148500.0, 148400.0)


def test_stock_flow_per_segment_and_quarter(con, settings):
    insert_release(con, LOAD, [
        {"indicator": "jobs", "period": "2024-Q2", "segment": "ITO", "value": "40000"},
        {"indicator": "jobs", "period": "2024-Q3", "segment": "ITO", "value": "41000"},
        {"indicator": "net_jobs", "period": "2024-Q3", "segment": "ITO", "value": "1000"},
        {"indicator": "jobs", "period": "2024-Q2", "segment": "CRM", "value": "60000"},
        {"indicator": "jobs", "period": "2024-Q3", "segment": "CRM", "value": "61000"},
        {"indicator": "net_jobs", "period": "2024-Q3", "segment": "CRM", "value": "900"},
    ])
    result = rule(validate(con, LOAD, settings), "identity.stock_flow")
    assert [(f.period, f.segment, f.region) for f in result.failing] == [
        ("2024-Q3", "CRM", "MA")]


def test_segments_tolerance_is_configurable(con, settings):
    insert_release(con, LOAD, clean_release())
    strict = settings.with_overrides(
        tolerances=type(settings.tolerances)(additivity_rel=0.00001))
    result = rule(validate(con, LOAD, strict), "identity.segments_add_up")
    (row,) = result.failing
    assert (row.expected, row.actual) == (26.22e9, 26.219e9)


def test_series_break_is_not_a_revision(con, settings):
    add_current(con, [{"indicator": "exports_mad", "period": "2023", "value": 18e9}])
    insert_release(con, LOAD, [
        {"indicator": "exports_mad", "period": "2023", "value": "26,17", "unit": "Mds DH",
         "series_break": "oui"},
    ])
    outcome = validate(con, LOAD, settings)
    assert rule(outcome, "history.revision").status == "passed"
    assert [r.rule_id for r in outcome.failed] == []


def test_unparseable_date_and_missing_value(con, settings):
    insert_release(con, LOAD, [
        {"indicator": "jobs", "period": "2024", "value": "148500", "published_on": "mars"},
        {"indicator": "jobs", "period": "2023", "value": ""},
    ])
    outcome = validate(con, LOAD, settings)
    assert [r.rule_id for r in outcome.failed] == ["format.published_on_valid",
                                                    "release.complete"]
    date_row = rule(outcome, "format.published_on_valid").failing[0]
    assert date_row.detail == "row 1: published on 'mars': not a date"
    missing = rule(outcome, "release.complete").failing[0]
    assert (missing.period, missing.detail) == ("2023", "row 2: value missing")


def test_warning_only_release_is_loaded_flagged(con, settings):
    add_current(con, [{"indicator": "jobs", "period": "2024", "value": 140000.0}])
    insert_release(con, LOAD, clean_release())
    outcome = validate(con, LOAD, settings)
    assert not outcome.rejected
    assert outcome.reasons() == [
        "history.revision (warning): Revisions of published values are small (series breaks "
        "excepted): 1 row, e.g. jobs 2024 ALL MA expected 140000 got 148500 (revision of the "
        "value published on 2025-01-01 (load 1))"
    ]


def test_file_rejection(settings):
    outcome = file_rejection("format.required_columns", "missing column: value", settings)
    assert outcome.rejected
    (result,) = outcome.results
    assert (result.rule_id, result.level, result.severity, result.status) == (
        "format.required_columns", 0, "error", "failed")
    assert outcome.reasons() == [
        "format.required_columns (error): missing column: value"]


def test_file_rejection_reads_the_catalogue_of_the_settings(settings, tmp_path):
    import json
    import shutil

    copy = tmp_path / "catalogue"
    shutil.copytree(settings.expectations_dir, copy)
    suite_path = copy / "format.required_columns" / "expectation.json"
    suite = json.loads(suite_path.read_text(encoding="utf-8"))
    suite["meta"].update(level=1, severity="warning")
    suite_path.write_text(json.dumps(suite), encoding="utf-8")
    outcome = file_rejection("format.required_columns", "missing column: value",
                             settings.with_overrides(expectations=copy))
    (result,) = outcome.results
    assert (result.level, result.severity, outcome.rejected) == (1, "warning", False)


def test_concurrent_validations_in_threads(settings):
    from concurrent.futures import ThreadPoolExecutor

    from .conftest import build_warehouse

    bad = replace_value(clean_release(), {"indicator": "net_jobs", "period": "2024"},
                        value="20 000")

    def one(rows):
        con = build_warehouse(settings)
        try:
            insert_release(con, LOAD, rows)
            return [r.rule_id for r in validate(con, LOAD, settings).failed]
        finally:
            con.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, [clean_release(), bad] * 3))
    assert results == [[], ["identity.stock_flow"]] * 3
