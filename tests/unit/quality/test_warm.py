"""offshoring.quality.warm: GX's results for the rules' empty frames, computed before the
first file, are the ones that file would have computed; nothing is stored or left."""

from __future__ import annotations

import dataclasses
import shutil
import threading

import pytest

from offshoring.quality import RELEASE, checks, gx_engine, reuse, rules, validate, warm
from offshoring.settings import load_settings

from .conftest import insert_release
from .releases import clean_release, replace_value

JUDGED_IDS = sorted(r.id for r in rules(load_settings(), RELEASE) if not r.checked_by_reader)
GUARDED_IDS = sorted(r.id for r in rules(load_settings(), RELEASE) if r.runs_when)
# jobs 2024 at 150 000 where 2023 + net jobs = 148 500, the regions and Q4 say 148 500.
STOCK_OFF = replace_value(clean_release(), {"indicator": "jobs", "period": "2024", "region": "MA"},
                          value="150 000")


@pytest.fixture
def validations(monkeypatch):
    """A process that has judged nothing yet (no empty frame known to GX or to the
    guards); the row count of each frame GX validates from now on, in order."""
    monkeypatch.setitem(gx_engine.get_state(), "empty_frames", {})
    monkeypatch.setitem(gx_engine.get_state(), "passing_frames", reuse.Kept())
    monkeypatch.setattr(checks, "_EMPTY_FRAMES", {})
    counted, real = [], gx_engine._validate

    def validate_counted(batch, suite, frame, parameters, result_format=gx_engine.COMPLETE):
        counted.append(len(frame))
        return real(batch, suite, frame, parameters, result_format)

    monkeypatch.setattr(gx_engine, "_validate", validate_counted)
    return counted


def _temp_tables(con) -> int:
    return con.execute("select count(*) from duckdb_tables() where temporary").fetchone()[0]


def test_each_rules_empty_frame_is_judged_once_and_nothing_is_stored(con, settings,
                                                                      validations):
    store = gx_engine.get_context().validation_results_store
    stored_before = set(store.list_keys())

    judged = warm.judge_empty_frames(con, settings)

    assert len(judged) == 21 and sorted(judged) == JUDGED_IDS
    assert validations == [0] * 21  # one GX validation per rule, of an empty frame
    assert len(gx_engine.get_state()["empty_frames"]) == 21
    assert sorted(path.parent.name for path in checks._EMPTY_FRAMES) == GUARDED_IDS
    assert len(GUARDED_IDS) == 6
    assert set(store.list_keys()) == stored_before and _temp_tables(con) == 0

    assert warm.judge_empty_frames(con, settings) == judged  # every result reused
    assert len(validations) == 21


def test_a_file_after_the_warm_up_gets_the_same_results_from_its_non_empty_frames_only(
        con, settings, validations, monkeypatch):
    insert_release(con, 81, STOCK_OFF)
    insert_release(con, 82, STOCK_OFF)
    cold = validate(con, 81, settings)
    cold_validations = list(validations)

    monkeypatch.setitem(gx_engine.get_state(), "empty_frames", {})  # a new process
    monkeypatch.setitem(gx_engine.get_state(), "passing_frames", reuse.Kept())
    monkeypatch.setattr(checks, "_EMPTY_FRAMES", {})
    warm.judge_empty_frames(con, settings)
    validations.clear()
    warmed = validate(con, 82, settings)

    assert warmed.results == cold.results
    assert sorted(r.rule_id for r in warmed.failed) == [
        "identity.regions_add_up", "identity.stock_flow", "identity.subannual_stock_matches"]
    # Cold: every frame, the empty ones included. Warmed: the frames with rows only.
    assert cold_validations.count(0) > 0
    assert validations == [rows for rows in cold_validations if rows > 0]


def test_the_warm_up_stops_when_asked_and_drops_its_tables(con, settings, validations):
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 3  # asked once before the tables, then before each rule

    assert len(warm.judge_empty_frames(con, settings, stop=stop)) == 2
    assert validations == [0, 0] and _temp_tables(con) == 0
    assert warm.judge_empty_frames(con, settings, stop=lambda: True) == []
    assert validations == [0, 0]


def test_a_rule_whose_query_fails_is_left_to_the_files_run_and_the_others_are_judged(
        con, settings, validations, monkeypatch, tmp_path):
    broken_id = JUDGED_IDS[0]
    real_rules_for = warm.rules_for

    def one_broken(directory, dataset):
        found = real_rules_for(directory, dataset)
        rule = next(r for r in found if r.id == broken_id)
        folder = shutil.copytree(rule.folder, tmp_path / broken_id)
        (folder / "check.sql").write_text("select * from no_such_table", encoding="utf-8")
        return tuple(dataclasses.replace(r, folder=folder) if r is rule else r for r in found)

    monkeypatch.setattr(warm, "rules_for", one_broken)
    judged = warm.judge_empty_frames(con, settings)

    assert sorted(judged) == JUDGED_IDS[1:] and broken_id not in judged
    assert validations == [0] * 20 and _temp_tables(con) == 0
    # The connection is left as it was: the file after it is validated as usual.
    insert_release(con, 83, STOCK_OFF)
    assert sorted(r.rule_id for r in validate(con, 83, settings).failed) == [
        "identity.regions_add_up", "identity.stock_flow", "identity.subannual_stock_matches"]


def test_the_runs_warm_up_never_stops_the_run(monkeypatch):
    from offshoring.service import runs

    def failing(*args, **kwargs):
        raise RuntimeError("the warm-up broke")

    monkeypatch.setattr(warm, "judge_empty_frames", failing)
    session = type("Session", (), {"con": None, "settings": None})()
    answered = threading.Event()
    assert runs._load_while_server_starts(session, answered) is None
