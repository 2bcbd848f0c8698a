"""One GX validation result per file: every rule judged, one stored result, one page."""

from __future__ import annotations

from offshoring.quality import RELEASE, checks, gx_engine, rules, validate
from offshoring.quality.runner import query_parameters, tolerance_parameters

from .conftest import insert_release
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
    assert stored.statistics["evaluated_expectations"] == expected_lines == 22
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
