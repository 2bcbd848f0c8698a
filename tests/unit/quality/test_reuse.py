"""offshoring.quality.reuse: a passing frame's GX result is reused for a later frame whose
named columns hold the same values, and only then; the results are those GX gives."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from offshoring.quality import RELEASE, checks, gx_engine, reuse, rules, validate
from offshoring.settings import load_settings

from .conftest import insert_release

KNOWN_CODES = next(r for r in rules(load_settings(), RELEASE) if r.id == "format.known_codes")
# Rules whose frames read only codes, units, sources, completeness, and the months missing
# before the release (none loaded yet): the same for two months of one national series.
# The value, the period and the publication date differ: those rules are judged again.
SAME_FOR_EVERY_MONTH = ["format.known_codes", "format.unit_convertible", "history.gap",
                        "release.complete", "release.known_source"]


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


def test_the_next_month_reuses_five_passing_results_and_gets_what_gx_gives_cold(
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
    assert len(cold_judged) - len(judged) == 5


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
    # format.period_syntax is judged for load 66.
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
    frame = pd.DataFrame({"code": ["ITO", "MA"], "period": ["2024-01", "2024-01"],
                          "detail": ["a", "b"], checks.ROW_COLUMN: [0, 1]})
    other_keys = frame.assign(period="2024-02", detail=["c", "d"])
    other_code = frame.assign(code=["ITO", "MA-01"])

    key = reuse.passing_key(KNOWN_CODES, frame, {"tolerance": 1.0})
    assert reuse.named_columns(KNOWN_CODES) == {"code"}
    assert key == reuse.passing_key(KNOWN_CODES, other_keys, {"tolerance": 1.0})
    assert key != reuse.passing_key(KNOWN_CODES, other_code, {"tolerance": 1.0})
    assert key != reuse.passing_key(KNOWN_CODES, frame, {"tolerance": 2.0})
    assert key != reuse.passing_key(KNOWN_CODES, frame.iloc[:1], {"tolerance": 1.0})


def test_no_key_for_large_frames_unhashable_cells_or_nan():
    many = pd.DataFrame({"code": ["ITO"] * (reuse.PASSING_MAX_ROWS + 1)})
    listed = pd.DataFrame({"code": [["ITO"]]})
    nan = pd.DataFrame({"code": [math.nan]})

    assert reuse.passing_key(KNOWN_CODES, many, {}) is None
    assert reuse.passing_key(KNOWN_CODES, many.iloc[:100], {}) is not None
    assert reuse.passing_key(KNOWN_CODES, listed, {}) is None
    assert reuse.passing_key(KNOWN_CODES, nan, {}) != reuse.passing_key(KNOWN_CODES, nan, {})


def test_kept_drops_the_least_recently_used():
    kept, results = reuse.Kept(limit=2), [object(), object(), object()]
    kept.put("a", results[0])
    kept.put("b", results[1])
    assert kept.get("a") is results[0]  # "b" is now the least recently used
    kept.put("c", results[2])

    assert kept.get("b") is None and len(kept) == 2
    assert kept.snapshot() == {id(results[0]), id(results[2])}

