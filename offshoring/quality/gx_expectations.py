"""Custom Great Expectations expectations: identities with tolerance, bounds per row.

Imported lazily (they import GX). ``ExpectActualNearExpected`` passes a row when
``|actual - expected| <= abs_tolerance`` or ``|actual - expected| <= rel_tolerance *
|expected|``; rows where either value is missing are skipped.
``ExpectColumnValuesWithinRowBounds`` passes a row when ``lowest <= value <= highest``
for ``column_list`` = [value, lowest, highest], a missing bound being no bound: one
expectation for bounds that differ by row (release.plausible_bounds: per indicator and
frequency), where one ``expect_column_values_to_be_between`` per bound costs GX a
validation step each.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from great_expectations.core.suite_parameters import SuiteParameterDict
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import MulticolumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import (
    MulticolumnMapMetricProvider,
)
from great_expectations.expectations.metrics.map_metric_provider.multicolumn_condition_partial import (  # noqa: E501
    multicolumn_condition_partial,
)

METRIC = "multicolumn_values.actual_near_expected"
BOUNDS_METRIC = "multicolumn_values.within_row_bounds"


class MulticolumnActualNearExpected(MulticolumnMapMetricProvider):
    """Row-wise: the second column lies within tolerance of the first."""

    condition_metric_name = METRIC
    condition_domain_keys = (
        "batch_id",
        "table",
        "column_list",
        "row_condition",
        "condition_parser",
        "ignore_row_if",
    )
    condition_value_keys = ("abs_tolerance", "rel_tolerance")

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list, **kwargs):
        abs_tol = float(kwargs.get("abs_tolerance") or 0.0)
        rel_tol = float(kwargs.get("rel_tolerance") or 0.0)
        expected = column_list.iloc[:, 0].astype("float64")
        actual = column_list.iloc[:, 1].astype("float64")
        gap = (actual - expected).abs()
        return (gap <= abs_tol) | (gap <= rel_tol * expected.abs())


class ExpectActualNearExpected(MulticolumnMapExpectation):
    """Expect column_list[1] (actual) within tolerance of column_list[0] (expected)."""

    abs_tolerance: float | SuiteParameterDict = 0.0
    rel_tolerance: float | SuiteParameterDict = 0.0
    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = (
        "any_value_is_missing"
    )

    map_metric: ClassVar[str] = METRIC
    success_keys: ClassVar[tuple[str, ...]] = ("mostly", "abs_tolerance", "rel_tolerance")
    args_keys: ClassVar[tuple[str, ...]] = ("column_list", "abs_tolerance", "rel_tolerance")


class MulticolumnWithinRowBounds(MulticolumnMapMetricProvider):
    """Row-wise: the first column lies between the second and the third (either missing:
    no bound on that side)."""

    condition_metric_name = BOUNDS_METRIC
    condition_domain_keys = MulticolumnActualNearExpected.condition_domain_keys
    condition_value_keys = ()

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list, **kwargs):
        value, lowest, highest = (column_list.iloc[:, i].astype("float64") for i in range(3))
        return (lowest.isna() | (value >= lowest)) & (highest.isna() | (value <= highest))


class ExpectColumnValuesWithinRowBounds(MulticolumnMapExpectation):
    """Expect column_list[0] between column_list[1] and column_list[2], row by row."""

    ignore_row_if: Literal["all_values_are_missing", "any_value_is_missing", "never"] = (
        "never"
    )

    map_metric: ClassVar[str] = BOUNDS_METRIC
    success_keys: ClassVar[tuple[str, ...]] = ("mostly",)
    args_keys: ClassVar[tuple[str, ...]] = ("column_list",)
