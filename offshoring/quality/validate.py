"""validate_release: the check queries run in DuckDB, GX judges their frames."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from . import checks, gx_engine
from .catalogue import RELEASE, Rule, expected_text, rule_by_id, rules_for
from .judge import judge
from .model import ERROR, FAILED, PASSED, RuleResult, ValidationOutcome


def tolerance_parameters(settings) -> dict[str, float]:
    """GX suite parameters: every field of settings.tolerances, by name."""
    return {k: float(v) for k, v in asdict(settings.tolerances).items()}


def _reader_rule_passed(rule: Rule, parameters: dict[str, float]) -> RuleResult:
    return RuleResult(
        rule_id=rule.id,
        level=rule.level,
        severity=rule.severity,
        status=PASSED,
        observed="checked by the reader",
        expected=expected_text(rule, parameters),
        failing_rows=0,
        description=rule.description_en,
        failing=[],
    )


def validate_release(con, load_id: int, settings) -> ValidationOutcome:
    """Run every release rule of the catalogue on the release ``load_id``.

    Called inside the pipeline's transaction, after the release's rows were inserted into
    raw.release_rows. Uses two temp tables (quality_release, quality_known), dropped at
    the end; writes nothing else. Rules raised by the reader are reported as passed.
    """
    expectations_dir = Path(settings.expectations_dir)
    parameters = tolerance_parameters(settings)
    checks.prepare(con, settings.sql_dir, load_id)
    try:
        results = [_check(con, settings, expectations_dir, rule, parameters, load_id)
                   for rule in rules_for(expectations_dir, RELEASE)]
    finally:
        checks.cleanup(con)
    return ValidationOutcome(results=results)


def _check(con, settings, expectations_dir: Path, rule: Rule, parameters: dict[str, float],
           load_id: int) -> RuleResult:
    if rule.checked_by_reader:
        return _reader_rule_passed(rule, parameters)
    frame = checks.rule_frame(con, settings.sql_dir, rule.id)
    gx_result = gx_engine.run_rule(
        expectations_dir, rule.id, frame, parameters, run_name=f"load-{load_id}"
    )
    return judge(rule, gx_result, parameters, checked=len(frame))


CROSS_SOURCE_RULE = "sources.agree"


def check_loaded_sources(con, load_id: int, settings) -> RuleResult:
    """The cross-source rule (sources.agree) on values already appended by ``load_id``.

    For loads whose values are computed inside the transaction (firm declarations
    aggregated into core.release_values): their values are compared with the other
    sources in core.current (same indicator, frequency, period, segment and region),
    within ``cross_source_rel``. DuckDB joins; GX judges the matched pairs only.
    """
    expectations_dir = Path(settings.expectations_dir)
    parameters = tolerance_parameters(settings)
    rule = rule_by_id(expectations_dir, CROSS_SOURCE_RULE)
    con.execute(f"set variable {checks.LOAD_VARIABLE} = ?", [int(load_id)])
    try:
        checks.run_prepare(con, settings.sql_dir, checks.PREPARE_LOADED_FILE)
        frame = checks.rule_frame(con, settings.sql_dir, rule.id)
    finally:
        checks.cleanup(con)
    gx_result = gx_engine.run_rule(expectations_dir, rule.id, frame, parameters,
                                   run_name=f"load-{load_id}")
    return judge(rule, gx_result, parameters, checked=len(frame))


def file_rejection(rule_id: str, reason: str, expectations_dir: Path | None = None
                   ) -> ValidationOutcome:
    """One failed level-0 error result for a file the reader could not read."""
    level, severity, expected = 0, ERROR, None
    if expectations_dir is None:
        from offshoring.settings import PROJECT_ROOT

        expectations_dir = PROJECT_ROOT / "expectations"
    try:
        rule = rule_by_id(Path(expectations_dir), rule_id)
        level, severity, expected = rule.level, rule.severity, rule.expected_en
    except (KeyError, FileNotFoundError):
        pass
    return ValidationOutcome(results=[RuleResult(
        rule_id=rule_id,
        level=level,
        severity=severity,
        status=FAILED,
        observed=reason,
        expected=expected,
        failing_rows=0,
        description=reason,
        failing=[],
    )])
