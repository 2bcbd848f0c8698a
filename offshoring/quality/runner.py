"""One way to run the rules: DuckDB builds each rule's frame, GX judges it.

``validate`` runs every rule of a dataset on one load; ``check_loaded_sources`` runs the
cross-source rule on values a load appended inside the transaction (firm aggregates);
``file_rejection`` is the result of a file the readers refused.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from . import checks, gx_engine
from .catalogue import RELEASE, Rule, expected_text, rule_by_id, rules_for
from .judge import judge
from .model import ERROR, FAILED, PASSED, RuleResult, ValidationOutcome

CROSS_SOURCE_RULE = "sources.agree"
TYPED_RELEASE = "quality_release"  # a release's typed rows (sql/checks/quality_release.sql)


def tolerance_parameters(settings) -> dict[str, float]:
    """Every tolerance of ``settings.tolerances`` by name: GX suite parameters, and the
    SQL parameters of the queries that decide in DuckDB (one source for both)."""
    tolerances = settings.tolerances
    if dataclasses.is_dataclass(tolerances):
        values = dataclasses.asdict(tolerances)
    else:  # a pydantic model
        values = tolerances.model_dump()
    return {name: float(value) for name, value in values.items()}


def query_parameters(load_id: int, tolerances: dict[str, float],
                     cap: int = checks.FRAME_CAP, skip_source: str | None = None) -> dict:
    """Named parameters the SQL of the rules may use: $load_id, $cap, each tolerance, and
    $skip_source (a source whose current values the check does not need; None: none)."""
    return {**tolerances, "load_id": int(load_id), "cap": int(cap),
            "skip_source": skip_source}


def prepare_typed_release(con, settings, load_id: int) -> None:
    """Create the temp table TYPED_RELEASE for the release ``load_id`` (its rows typed by
    staging), for a caller that reads it too and passes ``ready=(TYPED_RELEASE,)`` to
    ``validate``; the caller's transaction or the next call replaces it."""
    checks.prepare_table(con, settings.sql_dir, TYPED_RELEASE, {"load_id": int(load_id)})


def _catalogue(settings) -> Path:
    return Path(settings.expectations_dir)


def _reader_rule_passed(rule: Rule, tolerances: dict[str, float]) -> RuleResult:
    return RuleResult(
        rule_id=rule.id,
        level=rule.level,
        severity=rule.severity,
        status=PASSED,
        observed="checked by the reader",
        expected=expected_text(rule, tolerances),
        failing_rows=0,
        description=rule.description_en,
        failing=[],
    )


def validate(con, load_id: int, settings, dataset: str = RELEASE,
             cap: int = checks.FRAME_CAP, ready: tuple[str, ...] = (),
             rows: int | None = None) -> ValidationOutcome:
    """Every rule of ``dataset`` (release | firm_declarations) on the load ``load_id``.

    Runs inside the caller's transaction, after the load's rows were staged (releases:
    raw.release_rows; firm declarations: raw.firm_declarations). Builds the dataset's
    temp tables (sql/checks/), runs each rule's check.sql and has GX judge the frame;
    drops the temp tables; writes nothing else. Rules raised by the readers are reported
    as passed. ``cap``: rows a decided_by-sql rule brings back (its count is complete).
    ``ready``: temp tables the caller made for this load and keeps (checks.prepared).
    ``rows``: the release's row count, when the caller knows it: a small release's rules
    that read only its preparation tables are planned without DuckDB's optimizer
    (``checks.UNOPTIMIZED_MAX_ROWS``; the same frames, found sooner).
    """
    rules = rules_for(_catalogue(settings), dataset)
    tolerances = tolerance_parameters(settings)
    parameters = query_parameters(load_id, tolerances, cap)
    # GX judges each frame on its own thread while DuckDB builds the next one.
    judging = gx_engine.FileJudging(tolerances, f"load-{load_id}", dataset)
    try:
        small = rows is not None and rows <= checks.UNOPTIMIZED_MAX_ROWS
        with (checks.prepared(con, settings.sql_dir, dataset, parameters, ready),
              checks.OptimizerSwitch(con, small) as optimizer):
            empty = checks.known_empty(con, rules, parameters)
            for rule in rules:
                if rule.checked_by_reader:
                    continue
                if rule.id in empty:
                    judging.submit(rule, empty[rule.id])
                    continue
                optimizer.plan(rule)
                # completed on GX's thread while this one runs the next query
                judging.submit(rule, checks.query_frame(con, rule, parameters),
                               checks.completed_frame)
    except BaseException:
        judging.abandon()
        raise
    gx_results = judging.finish()
    judged = _judged(rules, judging.frames, gx_results, tolerances)
    return ValidationOutcome(results=[
        _reader_rule_passed(rule, tolerances) if rule.checked_by_reader else judged[rule.id]
        for rule in rules])


def _judged(rules: tuple[Rule, ...], frames: dict, gx_results: dict,
            tolerances: dict[str, float]) -> dict[str, RuleResult]:
    """Each judged rule's RuleResult from GX's result on its frame."""
    return {rule.id: judge(rule, gx_results[rule.id], frames[rule.id], tolerances)
            for rule in rules if rule.id in frames}


def _judge_frames(rules: tuple[Rule, ...], frames: dict, tolerances: dict[str, float],
                  load_id: int, dataset: str) -> dict[str, RuleResult]:
    """GX judges every frame of the load in one go (one stored validation per file)."""
    checked = [(rule, frames[rule.id]) for rule in rules if rule.id in frames]
    gx_results = gx_engine.run_rules(checked, tolerances, run_name=f"load-{load_id}",
                                     dataset=dataset)
    return _judged(rules, frames, gx_results, tolerances)


def check_loaded_sources(con, load_id: int, settings) -> RuleResult:
    """The cross-source rule (sources.agree) on values already appended by ``load_id``.

    For loads whose values are computed inside the transaction (firm declarations
    aggregated into core.release_values): the release preparation reads them from
    core.release_values, and sources.agree compares them with the other sources in
    core.current (same indicator, frequency, period, segment and region), within
    ``cross_source_rel``. DuckDB joins; GX judges the matched pairs.
    """
    rule = rule_by_id(_catalogue(settings), CROSS_SOURCE_RULE)
    tolerances = tolerance_parameters(settings)
    parameters = query_parameters(load_id, tolerances, skip_source=_only_source(con, load_id))
    with checks.prepared(con, settings.sql_dir, rule.dataset, parameters):
        frame = checks.rule_frame(con, rule, parameters)
    return _judge_frames((rule,), {rule.id: frame}, tolerances, load_id, rule.id)[rule.id]


def _only_source(con, load_id: int) -> str | None:
    """The one source of the values ``load_id`` appended, or None (several, or none).
    sources.agree pairs each value with other sources only, so when a load has one
    source, the current values of that source are not needed (quality_current.sql)."""
    sources = con.execute("select distinct source from core.release_values "
                          "where load_id = ? limit 2", [int(load_id)]).fetchall()
    return sources[0][0] if len(sources) == 1 else None


def file_rejection(rule_id: str, reason: str, settings) -> ValidationOutcome:
    """One failed result for a file the readers refused (``rule_id`` is a reader rule of
    the catalogue ``settings.expectations_dir``; unknown ids fail as level-0 errors)."""
    level, severity, expected = 0, ERROR, None
    try:
        rule = rule_by_id(_catalogue(settings), rule_id)
        level, severity, expected = rule.level, rule.severity, rule.expected_en
    except KeyError:
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
