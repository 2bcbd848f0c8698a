"""Every rule folder's defect fixture trips exactly that rule, with the exact failing keys;
the clean release trips none."""

from __future__ import annotations

import pytest

from offshoring.quality import RELEASE, rules, validate
from offshoring.settings import load_settings

from .conftest import insert_release
from .defects import (
    REJECTIONS,
    expected_failing,
    failing_keys,
    load_defect,
    rejected_rule,
)
from .releases import clean_release

LOAD = 42
RULES = rules(load_settings())


def failed(outcome) -> dict[str, object]:
    return {r.rule_id: r for r in outcome.results if r.status == "failed"}


def test_clean_release_trips_no_rule(con, settings):
    insert_release(con, LOAD, clean_release())
    outcome = validate(con, LOAD, settings, RELEASE)
    assert failed(outcome) == {}
    assert not outcome.rejected
    assert outcome.reasons() == []
    assert len(outcome.results) == 24


def test_real_2024_exports_by_segment_add_up_within_rounding(con, settings):
    insert_release(con, LOAD, clean_release())
    result = {r.rule_id: r for r in validate(con, LOAD, settings).results}[
        "identity.segments_add_up"]
    assert result.status == "passed"
    assert result.observed == "1 rows checked, all pass"  # the ALL 2024 exports row


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_defect_fixture_trips_exactly_its_rule(con, settings, rule):
    if rule.checked_by_reader:
        with pytest.raises(REJECTIONS) as caught:
            load_defect(con, rule, LOAD)
        assert rejected_rule(caught.value) == rule.id
        return
    load_defect(con, rule, LOAD)
    outcome = validate(con, LOAD, settings, rule.dataset)
    assert list(failed(outcome)) == [rule.id]
    result = failed(outcome)[rule.id]
    assert (result.level, result.severity) == (rule.level, rule.severity)
    columns, expected = expected_failing(rule)
    assert failing_keys(result, columns) == expected
    assert result.failing_rows == len(expected)
    assert outcome.rejected is (rule.severity == "error")
