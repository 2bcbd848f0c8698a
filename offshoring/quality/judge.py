"""From GX validation results to RuleResult (no GX import: reads the result objects).

``decided_by: gx`` - the frame holds every key checked; the failing rows are GX's.
``decided_by: sql`` - the frame holds the failing rows SQL found (at most ``$cap``) and
their full count (column ``failing_total``) and the rows checked (``checked_total``); GX
judges that frame, the count recorded is SQL's.
"""

from __future__ import annotations

import math

from .catalogue import SQL, Rule, expected_text
from .checks import ROW_COLUMN
from .model import FAILED, PASSED, FailingRow, RuleResult

MAX_FAILING_KEPT = 1000  # failing rows kept per rule (the count is always exact)
FAILING_TOTAL, CHECKED_TOTAL = "failing_total", "checked_total"


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


def failing_row(entry: dict, problem: str | None = None) -> FailingRow:
    """One entry of GX's unexpected_index_list (or one frame row) as a FailingRow."""
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


def _gx_verdict(gx_result, frame) -> tuple[list[FailingRow], list[str], int]:
    """GX's failing rows (one per frame row, first failing expectation's problem), the
    errors raised by expectations, and the rows GX saw. GX names a failing row by its
    ``frame_row``; its keys and values are read from the frame."""
    rows_of_frame: list[dict] | None = None
    failing: dict = {}
    errors: list[str] = []
    seen = 0
    for result in gx_result.results:
        outcome = result.result or {}
        seen = max(seen, int(outcome.get("element_count") or 0))
        if result.success:
            continue
        info = result.exception_info or {}
        if info.get("raised_exception"):
            errors.append(str(info.get("exception_message")))
            continue
        meta = result.expectation_config.meta or {}
        for entry in outcome.get("unexpected_index_list") or []:
            key = entry.get(ROW_COLUMN)
            if key not in failing:
                if rows_of_frame is None:
                    rows_of_frame = frame.to_dict("records")
                row = rows_of_frame[int(key)]
                failing[key] = (row, _problem(meta, row))
    rows = [failing_row(entry, problem) for _, (entry, problem) in sorted(
        failing.items(), key=lambda item: item[0])]
    return rows, errors, seen


def _problem(meta: dict, row: dict) -> str | None:
    """What is wrong with a failing row: the expectation's ``meta.problem``, or the row's
    own text in the frame column ``meta.problem_column`` (bounds that differ by row)."""
    column = meta.get("problem_column")
    return (_text(row.get(column)) if column else None) or meta.get("problem")


def judge(rule: Rule, gx_result, frame, tolerances: dict[str, float]) -> RuleResult:
    """The RuleResult of one rule from GX's result on the rule's ``frame``."""
    failing, errors, seen = _gx_verdict(gx_result, frame)
    checked = max(len(frame), seen)
    count = len(failing)
    failed = bool(failing) or bool(errors) or not gx_result.success
    if errors:
        observed = "check could not run: " + "; ".join(errors)[:500]
    elif rule.decided_by == SQL:
        count, failed, observed, failing = _sql_counts(frame, failing, failed)
    elif failed:
        observed = f"{count} of {checked} rows checked fail"
    else:
        observed = f"{checked} rows checked, all pass"
    return RuleResult(
        rule_id=rule.id,
        level=rule.level,
        severity=rule.severity,
        status=FAILED if failed else PASSED,
        observed=observed,
        expected=expected_text(rule, tolerances),
        failing_rows=count,
        description=rule.description_en,
        failing=failing[:MAX_FAILING_KEPT],
    )


def _column_max(frame, column: str) -> int:
    if column not in frame.columns or not len(frame):
        return 0
    value = _number(frame[column].max())
    return int(value or 0)


def _sql_counts(frame, failing: list[FailingRow], gx_failed: bool):
    """decided_by sql: SQL counted every failing row; GX judged the capped frame."""
    total = _column_max(frame, FAILING_TOTAL)
    checked = _column_max(frame, CHECKED_TOTAL)
    if total and not gx_failed:
        # SQL flags rows the expectations pass: the rule's check.sql and suite disagree.
        # SQL decides; its rows are reported as they are.
        failing = [failing_row(r) for r in frame.to_dict("records")]
        observed = (f"{total} failing rows of {checked} rows; the {len(frame)} judged by GX "
                    "pass (check.sql and expectations disagree)")
        return total, True, observed, failing
    if not total and not gx_failed:
        return 0, False, "0 failing rows", failing
    total = max(total, len(failing))
    return total, True, f"{total} failing rows of {checked or '?'} rows", failing
