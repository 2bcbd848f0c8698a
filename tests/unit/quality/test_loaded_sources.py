"""check_loaded_sources after a load of one source (firm aggregates): sources.agree pairs its
values with the other sources only, so the current values of its own source are left out
of quality_current ($skip_source), and the load's values only where another source
publishes the key are prepared (quality_new_values), with the same result."""

from __future__ import annotations

from offshoring.quality import check_loaded_sources, checks, runner

from .conftest import add_current

FIRMS = "firm_declarations"


def _values(con):
    add_current(con, [
        {"indicator": "jobs", "period": "2024", "value": 148500.0, "source": "MTNRA"},
        {"indicator": "jobs", "period": "2023", "value": 131000.0, "source": "MTNRA"},
        {"indicator": "jobs", "period": "2022", "value": 120000.0, "source": FIRMS,
         "load_id": 2},
    ])
    add_current(con, [  # the load being checked: appended inside its transaction
        {"indicator": "jobs", "period": "2024", "value": 200000.0, "source": FIRMS,
         "load_id": 5},
        {"indicator": "jobs", "period": "2023", "value": 131500.0, "source": FIRMS,
         "load_id": 5},
    ])


def _summary(result):
    return (result.status, result.observed, [
        (f.indicator, f.period, f.expected, f.actual, f.detail) for f in result.failing])


def test_a_one_source_load_is_compared_with_the_other_sources(con, settings):
    _values(con)
    assert runner._only_source(con, 5) == FIRMS
    result = check_loaded_sources(con, 5, settings)
    assert _summary(result) == ("failed", "1 of 2 rows checked fail", [
        ("jobs", "2024", 148500.0, 200000.0, "source firm_declarations vs MTNRA")])


def test_leaving_its_own_source_out_changes_nothing(con, settings, monkeypatch):
    _values(con)
    skipped = check_loaded_sources(con, 5, settings)
    monkeypatch.setattr(runner, "_only_source", lambda con, load_id: None)
    assert check_loaded_sources(con, 5, settings) == skipped


def test_a_load_of_several_sources_skips_none(con, settings):
    _values(con)
    add_current(con, [{"indicator": "jobs", "period": "2021", "value": 1.0, "source": "ODC",
                       "load_id": 5}])
    assert runner._only_source(con, 5) is None
    assert runner._only_source(con, 99) is None  # no value at all


def _prepared_new_values(con, settings, skip_source):
    """quality_new_values' (period, source) for load 5, as the release preparation makes it."""
    parameters = runner.query_parameters(5, runner.tolerance_parameters(settings),
                                         skip_source=skip_source)
    with checks.prepared(con, settings.sql_dir, "release", parameters):
        return con.execute("select period, source from quality_new_values "
                           "order by period").fetchall()


def test_only_values_another_source_publishes_are_prepared(con, settings):
    _values(con)
    add_current(con, [  # the load also holds a year no other source publishes
        {"indicator": "jobs", "period": "2021", "value": 110000.0, "source": FIRMS,
         "load_id": 5},
    ])
    assert _prepared_new_values(con, settings, FIRMS) == [("2023", FIRMS), ("2024", FIRMS)]
    assert _prepared_new_values(con, settings, None) == [
        ("2021", FIRMS), ("2023", FIRMS), ("2024", FIRMS)]
    result = check_loaded_sources(con, 5, settings)
    assert _summary(result) == ("failed", "1 of 2 rows checked fail", [
        ("jobs", "2024", 148500.0, 200000.0, "source firm_declarations vs MTNRA")])
