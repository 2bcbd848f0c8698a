"""The adjustments of GX (offshoring.quality.gx_setup) give what GX gives, faster."""

from __future__ import annotations

import math

import pytest

from offshoring.quality import gx_engine, gx_setup

PLAIN = [
    {"column": "actual", "batch_id": "abc", "row_condition": None},
    {"column_list": ["expected", "actual"], "ignore_row_if": "any_value_is_missing",
     "abs_tolerance": 100.0, "rel_tolerance": 0.005, "mostly": 1},
    {"value_set": ("MDH", "MMDH"), "parse_strings_as_datetimes": False, "nested": {"a": [1, 2.5]}},
]
NOT_PLAIN = [
    {"column": "actual", "min_value": math.nan},  # NaN: GX writes null
    {"column": "actual", "value_set": {"b", "a"}},  # a set: GX makes a list
    {"column": "actual", 1: "one"},  # a key that is not text
]


@pytest.fixture(scope="module")
def id_dict():
    gx_engine.get_state()  # the adjustments are made with the context
    from great_expectations.core.id_dict import IDDict

    return IDDict


@pytest.mark.parametrize("values", PLAIN + NOT_PLAIN)
def test_a_metric_id_is_the_one_gx_computes(id_dict, values):
    assert id_dict.to_id is gx_setup._to_id
    assert id_dict(values).to_id() == gx_setup._GX_TO_ID[0](id_dict(values))


def test_only_plain_json_takes_the_short_way():
    assert all(gx_setup._plain(v) for values in PLAIN for v in values.values())
    assert [all(gx_setup._plain(v) for v in values.values()) for values in NOT_PLAIN] == [
        False, False, True]  # the third one's key is refused by _to_id itself


def test_a_configuration_is_built_once_per_validation_and_anew_outside(id_dict):
    import great_expectations as gx

    expectation = gx.expectations.ExpectColumnValuesToNotBeNull(column="actual")
    assert expectation.configuration is not expectation.configuration  # GX's own way
    with gx_setup.configurations_cached():
        first = expectation.configuration
        assert expectation.configuration is first
        assert first.to_json_dict() == gx_setup._BUILD[0](expectation).to_json_dict()
    assert expectation.configuration is not first
