"""One GX validation result per file: every rule judged, one stored result, one page."""

from __future__ import annotations

import pytest

from offshoring.quality import RELEASE, checks, gx_engine, rules, switching, validate
from offshoring.quality.judge import failing_row, judge
from offshoring.quality.runner import query_parameters, tolerance_parameters
from offshoring.settings import load_settings

from .conftest import fail_query_of, insert_release
from .defects import load_defect
from .releases import clean_release, replace_value

BAD = replace_value(clean_release(), {"indicator": "net_jobs", "period": "2024"}, value="20000")


def _stored(context, load_id: int) -> list:
    store = context.validation_results_store
    return [key for key in store.list_keys() if key.run_id.run_name == f"load-{load_id}"]


def test_a_file_is_stored_as_one_validation_naming_each_rule(con, settings):
    insert_release(con, 71, BAD)
    outcome = validate(con, 71, settings)
    judged = [r for r in rules(settings, RELEASE) if not r.checked_by_reader]

    (key,) = _stored(gx_engine.get_context(), 71)
    assert key.expectation_suite_identifier.name == "release"
    stored = gx_engine.get_context().validation_results_store.get(key)
    assert stored.success is False
    expected_lines = sum(len(r.expectations) for r in judged)
    assert stored.statistics["evaluated_expectations"] == expected_lines == 23
    assert stored.statistics["unsuccessful_expectations"] == 1
    (failed,) = [r for r in stored.results if not r.success]
    assert failed.expectation_config.description == (
        "identity.stock_flow (error): Jobs stock change equals net creations "
        "[expect_actual_near_expected]")

    href = "/".join(("validations", *key.to_tuple())) + ".html"
    page = gx_engine.page_rules(href)
    assert list(page) == [r.id for r in judged]
    assert [rule for rule, passed in page.items() if not passed] == ["identity.stock_flow"]
    assert [r.rule_id for r in outcome.failed] == ["identity.stock_flow"]


def test_an_empty_frame_is_judged_once_and_its_result_reused(con, settings):
    rule = next(r for r in rules(settings, RELEASE) if r.id == "history.revision")
    insert_release(con, 72, clean_release())
    validate(con, 72, settings)  # no earlier values: the revision frame is empty
    tolerances = tolerance_parameters(settings)
    parameters = query_parameters(72, tolerances)
    with checks.prepared(con, settings.sql_dir, RELEASE, parameters):
        frame = checks.rule_frame(con, rule, parameters)
    assert len(frame) == 0
    first = gx_engine.run_rules([(rule, frame)], tolerances, "load-73", RELEASE)[rule.id]
    again = gx_engine.run_rules([(rule, frame.copy())], tolerances, "load-74", RELEASE)
    assert again[rule.id] is first  # reused, not recomputed
    fresh = gx_engine._validate(gx_engine.get_state()["batch"], gx_engine.suite_of(rule),
                                frame, tolerances)
    assert [r.to_json_dict() for r in fresh.results] == [
        r.to_json_dict() for r in first.results]
    assert first.success is True and first.results[0].result["element_count"] == 0
    # Each file still gets its own stored validation (its own Data Docs page).
    assert len(_stored(gx_engine.get_context(), 73)) == len(
        _stored(gx_engine.get_context(), 74)) == 1


JUDGED = [r for r in rules(load_settings()) if not r.checked_by_reader]


def _per_rule_definition(rule, tolerances: dict, frame):
    """GX's documented path, as the engine ran it before 2026-11-30: one
    ValidationDefinition per rule, the keys named by GX itself."""
    import great_expectations as gx

    context = gx_engine.get_context()
    name = f"reference {rule.id}"
    if name not in {d.name for d in context.validation_definitions.all()}:
        suite = context.suites.add(gx.ExpectationSuite(
            name=name, expectations=[dict(e) for e in rule.expectations]))
        context.validation_definitions.add(gx.ValidationDefinition(
            name=name, data=gx_engine.get_state()["batch"], suite=suite))
    index = [c for c in (*checks.KEY_COLUMNS, checks.ROW_COLUMN) if c in frame.columns]
    return context.validation_definitions.get(name).run(
        batch_parameters={"dataframe": frame}, expectation_parameters=tolerances,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index})


@pytest.mark.parametrize("rule", JUDGED, ids=[r.id for r in JUDGED])
def test_each_defect_is_judged_as_by_one_validation_definition_per_rule(con, settings, rule):
    load_defect(con, rule, 75)
    tolerances = tolerance_parameters(settings)
    parameters = query_parameters(75, tolerances)
    with checks.prepared(con, settings.sql_dir, rule.dataset, parameters):
        frame = checks.rule_frame(con, rule, parameters)
    engine = gx_engine.run_rules([(rule, frame)], tolerances, "load-75", rule.dataset)[rule.id]
    reference = _per_rule_definition(rule, tolerances, frame)
    assert judge(rule, engine, frame, tolerances) == judge(rule, reference, frame, tolerances)
    assert judge(rule, engine, frame, tolerances).status == "failed"
    for ours, theirs in zip(engine.results, reference.results, strict=True):
        assert (ours.success, ours.result.get("element_count")) == (
            theirs.success, theirs.result.get("element_count"))
        # GX named the failing rows' keys itself; the engine reads them from the frame.
        for entry in theirs.result.get("unexpected_index_list") or []:
            row = frame.iloc[int(entry[checks.ROW_COLUMN])]
            assert failing_row(entry) == failing_row(row.to_dict())


def test_a_passing_frame_keeps_gx_counts_and_a_failing_one_its_failing_rows(con, settings):
    """GX judges each frame with counts only (BASIC); a frame with a failing expectation is
    judged again with its failing rows (COMPLETE): both as Data Docs show them."""
    insert_release(con, 76, BAD)
    validate(con, 76, settings)
    (key,) = _stored(gx_engine.get_context(), 76)
    stored = gx_engine.get_context().validation_results_store.get(key)
    by_rule = {}
    for result in stored.results:
        by_rule.setdefault(result.expectation_config.description.split(" ")[0], []).append(
            result)
    (failed,) = by_rule["identity.stock_flow"]
    assert failed.success is False
    assert [entry["frame_row"] for entry in failed.result["unexpected_index_list"]] == [0]
    (passed,) = by_rule["release.non_negative"]
    assert passed.success is True
    # Every row but the signed flows (net_jobs may be negative): 16 jobs + 10 exports.
    assert passed.result["element_count"] == len(
        [row for row in BAD if row["indicator"] != "net_jobs"]) == 26
    assert passed.result["unexpected_count"] == 0
    assert "unexpected_index_list" not in passed.result


def test_received_text_is_stored_escaped_for_data_docs_and_kept_as_is_for_the_judge(
        tmp_path):
    """A value GX lists (a failing row's text) goes into the Data Docs store HTML-escaped
    once, as stored; the result the judge reads keeps the value as received."""
    import json

    import pandas as pd

    from offshoring.quality.catalogue import read_rule

    folder = tmp_path / "format.code_spelling"
    folder.mkdir()
    (folder / "check.sql").write_text("select 1 as code\n", encoding="utf-8")
    (folder / "expectation.json").write_text(json.dumps({
        "name": "format.code_spelling",
        "expectations": [{"type": "expect_column_values_to_be_in_set",
                          "kwargs": {"column": "code", "value_set": ["ITO"]}}],
        "meta": {"level": 0, "severity": "error", "dataset": "release",
                 "description_en": "Codes are spelled", "description_fr": "Codes",
                 "expected_en": "ITO"}}),
        encoding="utf-8")
    rule = read_rule(folder)
    hostile = "<img src=x onerror=alert(1)>"
    frame = pd.DataFrame({"code": ["ITO", hostile], checks.ROW_COLUMN: [0, 1]})

    judged = gx_engine.run_rules([(rule, frame)], {}, "load-91", RELEASE)[rule.id]
    assert judged.results[0].result["partial_unexpected_list"] == [hostile]

    (key,) = _stored(gx_engine.get_context(), 91)
    assert gx_engine.stored_escaped(key)
    stored = gx_engine.get_context().validation_results_store.get(key)
    assert stored.results[0].result["partial_unexpected_list"] == [
        "&lt;img src=x onerror=alert(1)&gt;"]
    assert stored.results[0].expectation_config.description == (
        "format.code_spelling (error): Codes are spelled [expect_column_values_to_be_in_set]")
    assert judged.results[0].expectation_config.description is None


def _frames_of(con, settings, load_id: int, rows) -> list:
    insert_release(con, load_id, rows)
    tolerances = tolerance_parameters(settings)
    parameters = query_parameters(load_id, tolerances)
    judged = [r for r in rules(settings, RELEASE) if not r.checked_by_reader]
    with checks.prepared(con, settings.sql_dir, RELEASE, parameters):
        return [(rule, checks.rule_frame(con, rule, parameters)) for rule in judged]


def test_frames_are_judged_on_a_daemon_thread_and_stored_once_at_finish(con, settings):
    checked = _frames_of(con, settings, 92, BAD)
    tolerances = tolerance_parameters(settings)
    judging = gx_engine.FileJudging(tolerances, "load-92", RELEASE)
    assert judging._thread.daemon and judging._thread.name == "gx-judge"
    for rule, frame in checked:
        judging.submit(rule, frame)
    assert _stored(gx_engine.get_context(), 92) == []  # nothing stored before finish
    results = judging.finish()
    assert not judging._thread.is_alive()
    assert list(results) == [rule.id for rule, _ in checked]
    assert [rid for rid, r in results.items() if not r.success] == ["identity.stock_flow"]
    assert len(_stored(gx_engine.get_context(), 92)) == 1


def test_an_abandoned_file_stores_nothing_and_an_error_reaches_the_caller(
        con, settings, monkeypatch):
    checked = _frames_of(con, settings, 93, clean_release())
    tolerances = tolerance_parameters(settings)
    judging = gx_engine.FileJudging(tolerances, "load-93", RELEASE)
    judging.submit(*checked[0])
    judging.abandon()
    assert not judging._thread.is_alive() and _stored(gx_engine.get_context(), 93) == []

    def broken(*args):
        raise ValueError("GX could not judge")

    monkeypatch.setattr(gx_engine, "_judge_frame", broken)
    judging = gx_engine.FileJudging(tolerances, "load-94", RELEASE)
    judging.submit(*checked[0])
    with pytest.raises(ValueError, match="GX could not judge"):
        judging.finish()
    assert _stored(gx_engine.get_context(), 94) == []


def test_a_frame_that_cannot_be_built_stops_the_judging_thread(con, settings, monkeypatch):
    import threading

    fail_query_of(monkeypatch, "format.period_syntax",
                  RuntimeError("disk full while building a frame"))
    insert_release(con, 95, clean_release())
    with pytest.raises(RuntimeError, match="disk full"):
        validate(con, 95, settings)
    assert [t for t in threading.enumerate() if t.name == "gx-judge"] == []
    assert _stored(gx_engine.get_context(), 95) == []


def test_the_switch_interval_is_shorter_only_while_a_file_is_judged():
    import sys

    before = sys.getswitchinterval()
    first = gx_engine.FileJudging({}, "load-96", RELEASE)
    second = gx_engine.FileJudging({}, "load-97", RELEASE)
    assert sys.getswitchinterval() == switching.JUDGING_SWITCH_INTERVAL_S
    first.finish()
    assert sys.getswitchinterval() == switching.JUDGING_SWITCH_INTERVAL_S  # one still runs
    second.abandon()
    second.abandon()  # twice: no effect
    assert sys.getswitchinterval() == before


def test_a_stored_result_is_kept_as_the_object_not_as_json_text(con, settings):
    """GX's stores write each result out as indented JSON and parse it again for Data
    Docs; the process's in-memory store keeps the object (gx_setup.keep_results_as_objects)."""
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
    )

    insert_release(con, 175, BAD)
    validate(con, 175, settings)
    store = gx_engine.get_context().validation_results_store
    (key,) = _stored(gx_engine.get_context(), 175)
    kept = store.store_backend.get(key.to_tuple())
    assert isinstance(kept, ExpectationSuiteValidationResult)
    assert store.get(key) is kept
    assert kept.statistics["unsuccessful_expectations"] == 1


def test_frames_are_not_fingerprinted_and_each_result_names_its_load(con, settings):
    """GX would hash every frame for a batch marker (gx_setup.without_frame_fingerprints);
    a file's stored result is traced by its run name, the load's id, instead."""
    insert_release(con, 176, BAD)
    validate(con, 176, settings)
    (key,) = _stored(gx_engine.get_context(), 176)
    stored = gx_engine.get_context().validation_results_store.get(key)
    assert key.run_id.run_name == "load-176"
    assert set(stored.meta["batch_markers"]) == {"ge_load_time"}
