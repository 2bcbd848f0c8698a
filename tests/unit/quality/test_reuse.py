"""offshoring.quality.reuse: a passing frame's GX result is reused for a later frame whose
named columns hold the same values, and only then; the results are those GX gives."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from offshoring.quality import RELEASE, checks, gx_engine, reuse, rules, validate
from offshoring.settings import load_settings

from .conftest import insert_release

NON_NEGATIVE = next(r for r in rules(load_settings(), RELEASE) if r.id == "release.non_negative")
# Rules whose frames read only codes, units, sources, completeness, and the months missing
# before the release (none loaded yet), or only ask which cells are null or which rows
# repeat (reuse.null_pattern: the period, the value and the key differ, not their flags):
# the same for two months of one national series. The bounds, the sign and the
# publication date are judged again.
SAME_FOR_EVERY_MONTH = ["format.known_codes", "format.period_syntax", "format.unit_convertible",
                        "format.value_parses", "history.gap", "release.complete",
                        "release.known_source", "release.unique_key"]
RULES = {r.id: r for r in rules(load_settings(), RELEASE)}


def _month(period: str, value: str, unit: str = "MDH") -> list[dict]:
    """One month of national exports, published at the end of the next month."""
    published = {"2024-01": "2024-02-28", "2024-02": "2024-03-28"}[period]
    return [{"indicator": "exports_mad", "period": period, "value": value, "unit": unit,
             "source": "AMDIE", "published_on": published}]


@pytest.fixture
def judged(monkeypatch):
    """A process that has judged nothing yet; the rule of each frame with rows GX
    validates from now on, in order."""
    _new_process(monkeypatch)
    seen, real = [], gx_engine._validate

    def validate_recorded(batch, suite, frame, parameters, result_format=gx_engine.COMPLETE):
        if len(frame):
            seen.append(suite.name)
        return real(batch, suite, frame, parameters, result_format)

    monkeypatch.setattr(gx_engine, "_validate", validate_recorded)
    return seen


def _new_process(monkeypatch) -> None:
    monkeypatch.setitem(gx_engine.get_state(), "empty_frames", {})
    monkeypatch.setitem(gx_engine.get_state(), "passing_frames", reuse.Kept())
    monkeypatch.setattr(checks, "_EMPTY_FRAMES", {})


def test_the_next_month_reuses_eight_passing_results_and_gets_what_gx_gives_cold(
        con, settings, judged, monkeypatch):
    insert_release(con, 61, _month("2024-01", "2 180,5"))
    insert_release(con, 62, _month("2024-02", "2 190,5"))
    cold = validate(con, 62, settings)
    cold_judged = list(judged)

    _new_process(monkeypatch)
    validate(con, 61, settings)
    judged.clear()
    warm = validate(con, 62, settings)

    assert warm.results == cold.results and not warm.failed
    assert sorted(set(cold_judged) - set(judged)) == SAME_FOR_EVERY_MONTH
    assert len(cold_judged) - len(judged) == 8


def test_a_failing_frame_is_judged_again_in_full_with_its_own_rows(con, settings, judged):
    insert_release(con, 63, _month("2024-01", "2 180,5", unit="tonnes"))
    insert_release(con, 64, _month("2024-02", "2 190,5", unit="tonnes"))
    first = validate(con, 63, settings)
    judged.clear()
    second = validate(con, 64, settings)

    assert [r.rule_id for r in first.failed] == ["format.unit_convertible"]
    assert [r.rule_id for r in second.failed] == ["format.unit_convertible"]
    # Verdict and counts, then the complete result: twice, never reused.
    assert judged.count("format.unit_convertible") == 2
    (failing,) = second.failed[0].failing
    assert failing.period == "2024-02"


def test_the_files_page_shows_the_batch_of_a_frame_judged_for_it(con, settings, judged):
    # The same value twice: the file's first frames (format.value_parses...) are reused,
    # format.published_on_valid (another publication date) is judged for load 66.
    insert_release(con, 65, _month("2024-01", "2 180,5"))
    insert_release(con, 66, _month("2024-02", "2 180,5"))
    validate(con, 65, settings)
    kept = gx_engine.get_state()["passing_frames"]
    markers_before = [r.meta["batch_markers"] for r in kept._items.values()]
    validate(con, 66, settings)

    store = gx_engine.get_context().validation_results_store
    (key,) = [k for k in store.list_keys() if k.run_id.run_name == "load-66"]
    assert len(markers_before) == 11  # every frame of load 65 with rows passed
    assert store.get(key).meta["batch_markers"] not in markers_before


def test_the_key_holds_the_named_columns_only():
    frame = pd.DataFrame({"actual": [1.5, 2.5], "period": ["2024-01", "2024-01"],
                          "detail": ["a", "b"], checks.ROW_COLUMN: [0, 1]})
    other_keys = frame.assign(period="2024-02", detail=["c", "d"])
    other_value = frame.assign(actual=[1.5, 3.5])

    key = reuse.passing_key(NON_NEGATIVE, frame, {"tolerance": 1.0})
    assert reuse.named_columns(NON_NEGATIVE) == {"actual"}
    assert key == reuse.passing_key(NON_NEGATIVE, other_keys, {"tolerance": 1.0})
    assert key != reuse.passing_key(NON_NEGATIVE, other_value, {"tolerance": 1.0})
    assert key != reuse.passing_key(NON_NEGATIVE, frame, {"tolerance": 2.0})
    assert key != reuse.passing_key(NON_NEGATIVE, frame.iloc[:1], {"tolerance": 1.0})


def test_no_key_for_large_frames_unhashable_cells_or_nan():
    many = pd.DataFrame({"actual": [1.0] * (reuse.PASSING_MAX_ROWS + 1)})
    listed = pd.DataFrame({"actual": [[1.0]]})
    nan = pd.DataFrame({"actual": [math.nan]})

    assert reuse.passing_key(NON_NEGATIVE, many, {}) is None
    assert reuse.passing_key(NON_NEGATIVE, many.iloc[:100], {}) is not None
    assert reuse.passing_key(NON_NEGATIVE, listed, {}) is None
    assert reuse.passing_key(NON_NEGATIVE, nan, {}) != reuse.passing_key(NON_NEGATIVE, nan, {})


def test_kept_drops_the_least_recently_used():
    kept, results = reuse.Kept(limit=2), [object(), object(), object()]
    kept.put("a", results[0])
    kept.put("b", results[1])
    assert kept.get("a") is results[0]  # "b" is now the least recently used
    kept.put("c", results[2])

    assert kept.get("b") is None and len(kept) == 2
    assert kept.snapshot() == {id(results[0]), id(results[2])}



def _basic(rule, frame) -> list[dict]:
    """GX's verdict and counts for ``frame``, judged now (no reuse), as plain dicts."""
    state = gx_engine.get_state()
    result = gx_engine._validate(state["batch"], gx_engine.suite_of(rule), frame, {},
                                 gx_engine.VERDICT_AND_COUNTS)
    return [(r.success, r.expectation_config.type, r.result) for r in result.results]


def test_null_flags_decide_a_null_checks_result_whatever_the_values():
    period = RULES["format.period_syntax"]
    january = pd.DataFrame({"code": ["2024-01", "2024-02"], "detail": ["row 1", "row 2"]})
    june = pd.DataFrame({"code": ["2024-06", "2024-07"], "detail": ["row 1", "row 2"]})
    assert reuse.null_pattern(period, january) == ((False, False),)
    assert reuse.passing_key(period, january, {}) == reuse.passing_key(period, june, {})
    assert _basic(period, january) == _basic(period, june)
    assert _basic(period, january)[0][0] is True
    one_missing = pd.DataFrame({"code": ["2024-06", None], "detail": ["row 1", "row 2"]})
    assert reuse.passing_key(period, one_missing, {}) != reuse.passing_key(period, june, {})


def test_repeated_flags_decide_a_uniqueness_result_whatever_the_keys():
    unique = RULES["release.unique_key"]
    key = ["indicator", "period", "segment", "region", "source_key"]

    def frame(periods):
        return pd.DataFrame([("jobs", p, "ALL", "MA", "mtnra") for p in periods], columns=key)

    first, later = frame(["2023", "2024"]), frame(["2019", "2020"])
    assert reuse.passing_key(unique, first, {}) == reuse.passing_key(unique, later, {})
    assert _basic(unique, first) == _basic(unique, later)
    repeated = frame(["2024", "2024"])
    assert reuse.null_pattern(unique, repeated) == ((True, True),)
    assert reuse.passing_key(unique, repeated, {}) != reuse.passing_key(unique, first, {})
    missing_cell = frame(["2024", None])
    assert reuse.null_pattern(unique, missing_cell) is None  # keyed by its values


def test_a_rule_that_reads_values_is_keyed_by_its_values():
    published = RULES["format.published_on_valid"]  # not null, and days_ahead <= 0
    frame = pd.DataFrame({"published_on": ["2024-02-28"], "days_ahead": [-5]})
    assert reuse.null_pattern(published, frame) is None
    later = frame.assign(days_ahead=[-6])
    assert reuse.passing_key(published, frame, {}) != reuse.passing_key(published, later, {})


def test_a_frame_without_the_named_column_is_keyed_by_its_values():
    period = RULES["format.period_syntax"]  # expects `code` not null
    frame = pd.DataFrame({"period": ["2024-01"], "detail": ["row 1"]})
    assert reuse.null_pattern(period, frame) is None
    assert reuse.passing_key(period, frame, {}) is not None
