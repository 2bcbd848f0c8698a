"""From GX validation results to RuleResult (no GX import: reads the result objects)."""

from __future__ import annotations

import math

from .catalogue import Rule, expected_text
from .model import FAILED, PASSED, FailingRow, RuleResult

MAX_FAILING_KEPT = 1000  # failing rows kept per rule (the count is always exact)


def _clean(value):
    if value is None:
        return None
    try:
        if isinstance(value, float) and math.isnan(value):
            return None
        if value != value:  # pandas NA, NaT
            return None
    except (TypeError, ValueError):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def _number(value) -> float | None:
    value = _clean(value)
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _text(value) -> str | None:
    value = _clean(value)
    return None if value is None else str(value)


def failing_row(entry: dict, problem: str | None) -> FailingRow:
    """One entry of GX's unexpected_index_list as a FailingRow."""
    detail = _text(entry.get("detail"))
    if problem:
        detail = f"{detail}: {problem}" if detail else problem
    return FailingRow(
        indicator=_text(entry.get("indicator")),
        period=_text(entry.get("period")),
        segment=_text(entry.get("segment")),
        region=_text(entry.get("region")),
        expected=_number(entry.get("expected")),
        actual=_number(entry.get("actual")),
        detail=detail,
    )


def judge(rule: Rule, gx_result, tolerances: dict[str, float], checked: int = 0) -> RuleResult:
    """The RuleResult of one rule from its GX ExpectationSuiteValidationResult.

    ``checked``: rows in the frame handed to GX (GX's element_count otherwise).
    """
    failing: list[FailingRow] = []
    errors: list[str] = []
    for result in gx_result.results:
        outcome = result.result or {}
        checked = max(checked, int(outcome.get("element_count") or 0))
        if result.success:
            continue
        info = result.exception_info or {}
        if info.get("raised_exception"):
            errors.append(str(info.get("exception_message")))
            continue
        problem = (result.expectation_config.meta or {}).get("problem")
        for entry in outcome.get("unexpected_index_list") or []:
            failing.append(failing_row(entry, problem))
    failed = bool(failing) or bool(errors) or not gx_result.success
    if errors:
        observed = "check could not run: " + "; ".join(errors)[:500]
    elif failed:
        observed = f"{len(failing)} of {checked} rows checked fail"
    else:
        observed = f"{checked} rows checked, all pass"
    return RuleResult(
        rule_id=rule.id,
        level=rule.level,
        severity=rule.severity,
        status=FAILED if failed else PASSED,
        observed=observed,
        expected=expected_text(rule, tolerances),
        failing_rows=len(failing),
        description=rule.description_en,
        failing=failing[:MAX_FAILING_KEPT],
    )
