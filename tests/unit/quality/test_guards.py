"""Guards (meta.runs_when): a rule whose condition holds for no value of the release is not
queried; its frame is the empty one its query gave before, so the results are the same."""

from __future__ import annotations

import re

import pytest

from offshoring.quality import RELEASE, checks, rules, validate
from offshoring.quality.catalogue import CatalogueError, read_rule
from offshoring.quality.runner import query_parameters, tolerance_parameters
from offshoring.readers import RejectedFile
from offshoring.settings import load_settings

from .conftest import insert_release
from .defects import load_defect
from .releases import clean_release

RULES = rules(load_settings(), RELEASE)
GUARDED = tuple(rule for rule in RULES if rule.runs_when)
NATIONAL_MONTH = [{"indicator": "exports_mad", "period": "2025-02", "value": "2302,0",
                   "unit": "MDH", "source": "AMDIE"}]


def _answers_and_rows(con, settings, load_id: int) -> tuple[dict, dict]:
    """Each guard's answer and the rows its rule's check.sql returns, for one staged load."""
    parameters = query_parameters(load_id, tolerance_parameters(settings))
    with checks.prepared(con, settings.sql_dir, RELEASE, parameters):
        answers = checks.guard_answers(con, GUARDED, parameters)
        rows = {rule.id: len(checks.rule_frame(con, rule, parameters)) for rule in GUARDED}
    return answers, rows


def test_the_guarded_rules():
    assert [rule.id for rule in GUARDED] == [
        "identity.stock_flow", "identity.segments_add_up", "identity.regions_add_up",
        "identity.subannual_flows_add_up", "identity.subannual_stock_matches",
        "identity.counts_cover_total"]


def test_a_national_monthly_release_leaves_five_guards_false(con, settings):
    insert_release(con, 7, NATIONAL_MONTH)
    answers, rows = _answers_and_rows(con, settings, 7)
    assert answers == {
        "identity.stock_flow": False, "identity.segments_add_up": False,
        "identity.regions_add_up": False, "identity.subannual_flows_add_up": True,
        "identity.subannual_stock_matches": False, "identity.counts_cover_total": False}
    assert set(rows.values()) == {0}


def test_the_clean_release_opens_the_guards_of_what_it_holds(con, settings):
    insert_release(con, 7, clean_release())
    answers, rows = _answers_and_rows(con, settings, 7)
    assert answers == {
        "identity.stock_flow": True, "identity.segments_add_up": True,
        "identity.regions_add_up": True, "identity.subannual_flows_add_up": True,
        "identity.subannual_stock_matches": True, "identity.counts_cover_total": False}
    # exports by segment; jobs by region (companies only for ALL, MA)
    assert rows["identity.segments_add_up"] == 1
    assert rows["identity.regions_add_up"] == 1


def test_a_release_without_values_asks_nothing_false(con, settings):
    insert_release(con, 7, [{"indicator": "jobs", "period": "2024", "value": "n/a"}])
    answers, _ = _answers_and_rows(con, settings, 7)
    assert set(answers.values()) == {None}


RELEASE_DEFECTS = [rule for rule in RULES if (rule.folder / "failing.csv").is_file()]


@pytest.mark.parametrize("defect", RELEASE_DEFECTS, ids=[r.id for r in RELEASE_DEFECTS])
def test_a_guard_never_hides_a_row(con, settings, defect):
    """Every release defect fixture: a rule that finds rows has its guard true."""
    try:
        load_defect(con, defect, 7)
    except RejectedFile:
        pytest.skip("the readers refuse this defect")
    answers, rows = _answers_and_rows(con, settings, 7)
    for rule_id, count in rows.items():
        assert count == 0 or answers[rule_id] is True, (rule_id, count, answers[rule_id])


@pytest.mark.parametrize("rule", GUARDED, ids=[r.id for r in GUARDED])
def test_each_guard_is_true_on_its_own_defect(con, settings, rule):
    load_defect(con, rule, 7)
    answers, rows = _answers_and_rows(con, settings, 7)
    assert rows[rule.id] > 0
    assert answers[rule.id] is True


def test_a_rule_known_empty_is_not_queried_and_judged_the_same(con, settings, monkeypatch):
    monkeypatch.setattr(checks, "_EMPTY_FRAMES", {})
    insert_release(con, 7, NATIONAL_MONTH)
    unguarded = validate(con, 7, settings).results  # the first load learns the empty frames
    assert len(checks._EMPTY_FRAMES) == 6  # every guarded rule: no flow to add up either
    queried = []
    execute = checks.execute
    monkeypatch.setattr(checks, "execute",
                        lambda con, text, parameters: queried.append(text)
                        or execute(con, text, parameters))
    insert_release(con, 8, [{**NATIONAL_MONTH[0], "period": "2025-03"}])
    guarded = validate(con, 8, settings).results
    skipped = {"identity.stock_flow", "identity.segments_add_up", "identity.regions_add_up",
               "identity.subannual_stock_matches", "identity.counts_cover_total"}
    asked = {rule.id for rule in RULES if rule.check_path.is_file()
             and checks.read_sql(rule.check_path) in queried}
    assert asked == {rule.id for rule in RULES if rule.check_path.is_file()} - skipped
    monkeypatch.setattr(checks, "_EMPTY_FRAMES", {})
    assert validate(con, 8, settings).results == guarded
    assert [r.rule_id for r in guarded] == [r.rule_id for r in unguarded]
    assert {r.observed for r in guarded if r.rule_id in skipped} == {"0 rows checked, all pass"}


def test_runs_when_belongs_to_a_gx_rule_of_releases(tmp_path, settings):
    folder = tmp_path / "firm.example"
    folder.mkdir()
    (folder / "check.sql").write_text("select 1", encoding="utf-8")
    (folder / "expectation.json").write_text(
        '{"name": "firm.example", "expectations": [{"type": "expect_column_to_exist", '
        '"kwargs": {"column": "actual"}}], "meta": {"level": 1, "severity": "error", '
        '"dataset": "firm_declarations", "decided_by": "gx", "runs_when": "true", '
        '"description_en": "x", "description_fr": "x", "expected_en": "x"}}',
        encoding="utf-8")
    with pytest.raises(CatalogueError, match="runs_when is a condition of a gx rule"):
        read_rule(folder)


def test_the_docs_list_every_guard_as_the_catalogue_has_it(settings):
    text = (settings.project_root / "docs" / "quality.md").read_text(encoding="utf-8")
    section = text.split("### Guards", 1)[1].split("\n## ", 1)[0]
    listed = dict(re.findall(r"^\| `([a-z_.]+)` \| `(.+?)` \|", section, flags=re.M))
    assert listed == {rule.id: rule.runs_when for rule in GUARDED}
