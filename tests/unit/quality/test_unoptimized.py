"""A small release's rules that read only its preparation tables are planned without
DuckDB's optimizer: the frames are the same, row for row and type for type."""

from __future__ import annotations

import pandas.testing as pdt
import pytest

from offshoring.quality import RELEASE, checks, rules, validate
from offshoring.quality.runner import query_parameters, tolerance_parameters
from offshoring.settings import load_settings

from .conftest import fail_query_of, insert_release
from .defects import load_defect
from .releases import clean_release

LOAD = 43
RULES = rules(load_settings())
RELEASE_RULES = [r for r in RULES if r.dataset == RELEASE and not r.checked_by_reader]
UNOPTIMIZED = sorted(r.id for r in RELEASE_RULES if checks.reads_only_prepared(r))


def test_the_rules_reading_only_the_release_and_ref_are_known():
    assert UNOPTIMIZED == [
        "format.known_codes", "format.period_syntax", "format.published_on_valid",
        "format.unit_convertible", "format.value_parses", "history.gap", "history.growth",
        "history.revision", "identity.counts_cover_total", "identity.regions_add_up",
        "identity.segments_add_up", "identity.stock_flow", "identity.subannual_flows_add_up",
        "identity.subannual_stock_matches", "release.complete", "release.known_source",
        "release.non_negative", "release.plausible_bounds", "release.unique_key",
        "sources.agree"]
    # it joins core.release_values, which grows with every load
    assert not checks.reads_only_prepared(next(r for r in RULES
                                               if r.id == "history.same_day_conflict"))


def _frames(con, settings, off: bool) -> dict:
    parameters = query_parameters(LOAD, tolerance_parameters(settings))
    with (checks.prepared(con, settings.sql_dir, RELEASE, parameters),
          checks.OptimizerSwitch(con, small=off) as optimizer):
        frames = {}
        for rule in RELEASE_RULES:
            optimizer.plan(rule)
            frames[rule.id] = checks.rule_frame(con, rule, parameters)
    return frames


def _same_frames(con, settings) -> None:
    optimized, unoptimized = _frames(con, settings, False), _frames(con, settings, True)
    assert list(optimized) == list(unoptimized)
    for rule_id, frame in optimized.items():
        pdt.assert_frame_equal(unoptimized[rule_id], frame, check_exact=True, obj=rule_id)
    assert optimizer_on(con)  # on again after the block


def optimizer_on(con) -> bool:
    """Whether DuckDB optimizes this connection's queries (it folds a false filter)."""
    plan = con.execute("explain select * from ref.indicators where 1 = 0").fetchall()
    return "Empty Result" in str(plan)


def test_the_switch_turns_the_optimizer_off_only_for_the_rules_that_read_the_release(con):
    same_day, complete = (next(r for r in RULES if r.id == rule_id)
                          for rule_id in ("history.same_day_conflict", "release.complete"))
    with checks.OptimizerSwitch(con, small=True) as optimizer:
        optimizer.plan(complete)
        assert not optimizer_on(con)
        optimizer.plan(same_day)
        assert optimizer_on(con)
        optimizer.plan(complete)
    assert optimizer_on(con)
    with checks.OptimizerSwitch(con, small=False) as optimizer:  # a large release
        optimizer.plan(complete)
        assert optimizer_on(con)


@pytest.mark.parametrize("rule", RELEASE_RULES, ids=[r.id for r in RELEASE_RULES])
def test_each_defect_gives_the_same_frames_without_the_optimizer(con, settings, rule):
    load_defect(con, rule, LOAD)
    _same_frames(con, settings)


def test_the_clean_release_gives_the_same_frames_and_verdicts(con, settings):
    insert_release(con, LOAD, clean_release())
    _same_frames(con, settings)
    rows = len(clean_release())
    small = validate(con, LOAD, settings, RELEASE, rows=rows)
    large = validate(con, LOAD, settings, RELEASE, rows=checks.UNOPTIMIZED_MAX_ROWS + 1)
    assert [(r.rule_id, r.status, r.observed) for r in small.results] == [
        (r.rule_id, r.status, r.observed) for r in large.results]


def test_the_optimizer_is_on_again_when_a_frame_fails(con, settings, monkeypatch):
    insert_release(con, LOAD, clean_release())
    fail_query_of(monkeypatch, "release.complete", RuntimeError("interrupted"))
    with pytest.raises(RuntimeError, match="interrupted"):
        validate(con, LOAD, settings, RELEASE, rows=1)
    assert optimizer_on(con)
