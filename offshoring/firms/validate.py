"""Firm rules judged by Great Expectations, through the release rules' engine.

DuckDB does the heavy work in one query (``sql/firms/checks.sql``): it flags the rows
breaking each rule and counts them, and brings back at most ``cap`` rows per rule. Each
rule's rows become a small pandas frame in the engine's contract (``indicator, period,
segment, region, expected, actual, detail``, the firm id in ``detail``, plus the columns
the rule's expectations read) and GX judges it with the rule's expectations
(``expectations/firm_declarations.json``) via :func:`offshoring.quality.gx_engine.run_rule`.
Level and severity come from the rule catalogue (``expectations/rules.json``). The
failing count is DuckDB's full count; GX sees no more than ``cap`` rows per rule.
"""

from __future__ import annotations

from pathlib import Path

from offshoring.firms.checks import JUDGED_COLUMNS, CheckResult, check_firm_declarations
from offshoring.firms.constants import FAILING_ROWS_CAP

FRAME_COLUMNS = ("indicator", "period", "segment", "region", "expected", "actual", "detail",
                 *JUDGED_COLUMNS)


def validate_firm_declarations(con, load_id: int, settings, cap: int = FAILING_ROWS_CAP):
    """Every firm rule on the staged load ``load_id``, as ``ValidationOutcome``.

    Runs inside the caller's transaction and writes nothing.
    """
    from offshoring.quality.model import ValidationOutcome
    from offshoring.quality.validate import tolerance_parameters

    expectations_dir = Path(settings.expectations_dir)
    parameters = tolerance_parameters(settings)
    results = check_firm_declarations(con, load_id, cap,
                                      tolerance=settings.tolerances.stock_flow_abs,
                                      expectations_dir=expectations_dir)
    return ValidationOutcome([
        _judged(expectations_dir, result, parameters, load_id) for result in results
    ])


def rule_frame(result: CheckResult):
    """The small frame GX judges for one rule: DuckDB's flagged rows (at most cap)."""
    import pandas as pd

    rows = [{
        "indicator": None,
        "period": f["period"],
        "segment": f["segment"],
        "region": f["region"],
        "expected": f["expected"],
        "actual": f["actual"],
        "detail": f"firm {f['firm_id']}: {f['detail']}",
        **{c: f.get(c) for c in JUDGED_COLUMNS},
    } for f in result.failing]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    return frame.astype({"expected": "float64", "actual": "float64"})


def _judged(expectations_dir: Path, result: CheckResult, parameters: dict, load_id: int):
    from offshoring.quality import gx_engine
    from offshoring.quality.catalogue import rule_by_id
    from offshoring.quality.judge import judge

    rule = rule_by_id(expectations_dir, result.rule_id)
    frame = rule_frame(result)
    gx_result = gx_engine.run_rule(expectations_dir, rule.id, frame, parameters,
                                   run_name=f"load-{load_id}")
    verdict = judge(rule, gx_result, parameters, checked=len(frame))
    if verdict.observed and verdict.observed.startswith("check could not run"):
        return verdict
    seen, failing = set(), []
    for row in verdict.failing:  # a row failing two expectations is one failing row
        key = (row.period, row.segment, row.region, row.detail)
        if key not in seen:
            seen.add(key)
            failing.append(row)
    verdict.failing = failing
    if verdict.failed:
        # GX judged the flagged rows (at most cap); DuckDB counted them all.
        verdict.failing_rows = max(result.failing_rows, len(failing))
        verdict.observed = result.observed
    elif result.failing_rows:
        verdict.observed = (f"{result.observed}; the {len(frame)} judged by GX pass "
                            "(SQL and suite disagree)")
    else:
        verdict.observed = result.observed
    return verdict
