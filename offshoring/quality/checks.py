"""The SQL side of the rules: shared preparation, then each rule's check.sql, in DuckDB.

The preparation files are ``sql/checks/<temp_table>.sql``: each creates the temp table of
its name (the warehouse builder never runs that folder). They run in the order listed in
``PREPARATION`` for the dataset being checked, and are dropped afterwards. Every query
may use the named parameters ``$load_id``, ``$cap`` (rows a decided_by-sql frame keeps),
``$skip_source`` (runner.query_parameters) and each tolerance by name
(``$stock_flow_abs``, ...): the values GX gets as suite parameters, so SQL and GX agree
on what fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from offshoring.warehouse import read_sql
from offshoring.warehouse.layout import references

from .catalogue import FIRM_DECLARATIONS, RELEASE, Rule

CHECKS_SQL_DIR = "checks"
# Temp tables built before a dataset's rules run, in order (sql/checks/<name>.sql).
PREPARATION: dict[str, tuple[str, ...]] = {
    # quality_known: the release's values, then core.current (quality_current) for the
    # keys not restated. quality_current comes first: a one-source load's values are kept
    # only for keys another source publishes (quality_new_values.sql).
    RELEASE: ("quality_release", "quality_current", "quality_new_values", "quality_known"),
    # One scan of the firm load for every firm rule: flagged rows and per-rule counts.
    FIRM_DECLARATIONS: ("firm_flags",),
}
# Parameters read from a preparation table once it exists, for the tables made after it
# (sql/checks/<name>.sql selects the value): a constant, which DuckDB applies below
# core.current's vintage windows, where the same subquery would be applied above them.
DERIVED_PARAMETERS: dict[str, tuple[str, ...]] = {
    # $release_pairs: the [segment, region] pairs of the release's rows (quality_current).
    "quality_release": ("release_pairs",),
}
# Columns every frame handed to GX carries; GX reports them for each failing row.
KEY_COLUMNS = ("indicator", "period", "segment", "region", "expected", "actual", "detail")
ROW_COLUMN = "frame_row"  # the frame's row number: one failing row however many checks fail
FRAME_CAP = 100  # rows a decided_by-sql rule brings back ($cap); its count is complete
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# The empty frame each guarded rule's check.sql gave in this process (read_sql keeps one
# text per path): what a rule whose guard is false hands GX, so GX judges exactly what
# the query returns.
_EMPTY_FRAMES: dict[Path, object] = {}
# Every rule's meta.runs_when over the values the load adds, in one statement.
_GUARDS = """select
{conditions}
from quality_new_values as v
left join ref.indicators as i on v.indicator = i.code"""
_COMMENT = re.compile(r"--[^\n]*")
# A release of at most this many rows has the frames of the rules that read only its
# preparation tables and ref.* planned without DuckDB's optimizer: on inputs of a few
# rows, planning is most of a query's time and the optimizer half of planning; on a
# one-row release the 13 such rules took 26% less (bench/README.md, per-file cost).
UNOPTIMIZED_MAX_ROWS = 1_000


def referenced(text: str) -> tuple[str, ...]:
    """Named parameters ($name) the query uses, comments aside."""
    return tuple(dict.fromkeys(_PARAMETER.findall(_COMMENT.sub("", text))))


def execute(con, text: str, parameters: dict):
    """Run one statement with the parameters it references (DuckDB refuses extra ones)."""
    names = referenced(text)
    unknown = [n for n in names if n not in parameters]
    if unknown:
        raise KeyError(f"query parameter(s) {', '.join('$' + n for n in unknown)} unknown; "
                       f"available: {', '.join(sorted(parameters))}")
    return con.execute(text, {n: parameters[n] for n in names})


def preparation_files(sql_dir: Path, dataset: str) -> list[Path]:
    """sql/checks/<table>.sql of one dataset, in the order they run."""
    return [_preparation_path(sql_dir, table) for table in PREPARATION[dataset]]


def _preparation_path(sql_dir: Path, table: str) -> Path:
    return Path(sql_dir) / CHECKS_SQL_DIR / f"{table}.sql"


def cleanup(con, dataset: str, ready: tuple[str, ...] = ()) -> None:
    """Drop the temp tables made for one dataset (not those the caller made: ``ready``)."""
    for table in reversed(PREPARATION[dataset]):
        if table not in ready:
            con.execute(f"drop table if exists {table}")


def prepare_table(con, sql_dir: Path, table: str, parameters: dict) -> None:
    """Create one preparation table (``sql/checks/<table>.sql``) for ``$load_id``."""
    execute(con, read_sql(_preparation_path(sql_dir, table)), parameters)


def derived_parameters(con, sql_dir: Path, table: str, parameters: dict) -> dict:
    """The parameters read from the preparation table ``table`` (DERIVED_PARAMETERS)."""
    return {name: execute(con, read_sql(_preparation_path(sql_dir, name)), parameters)
            .fetchone()[0] for name in DERIVED_PARAMETERS.get(table, ())}


@contextmanager
def prepared(con, sql_dir: Path, dataset: str, parameters: dict,
             ready: tuple[str, ...] = ()) -> Iterator[None]:
    """The dataset's temp tables exist inside the block, and are dropped after it.

    ``ready``: tables the caller already made for this load with ``prepare_table`` and
    still needs after the block (the pipeline's release rows, typed once per file): not
    made again, not dropped."""
    known = dict(parameters)
    try:
        for table in PREPARATION[dataset]:
            if table not in ready:
                prepare_table(con, sql_dir, table, known)
            known |= derived_parameters(con, sql_dir, table, known)
        yield
    finally:
        cleanup(con, dataset, ready)


def rule_frame(con, rule: Rule, parameters: dict):
    """The pandas frame GX judges for one rule: its check.sql, plus the key columns and
    the frame's row number. A guarded rule's empty frame is kept for ``known_empty``."""
    return completed_frame(rule, query_frame(con, rule, parameters))


def query_frame(con, rule: Rule, parameters: dict):
    """The rule's check.sql as DuckDB returns it, a pandas frame (``completed_frame``
    makes it the frame GX judges; the pipeline does that on GX's thread, off the path of
    the connection, which runs the next rule's query meanwhile)."""
    return execute(con, read_sql(rule.check_path), parameters).df()


def completed_frame(rule: Rule, frame):
    """``query_frame``'s frame with the key columns and the frame's row number (changed
    in place). A guarded rule's empty frame is kept for ``known_empty``."""
    for column in KEY_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    frame[ROW_COLUMN] = range(len(frame))
    if rule.runs_when and frame.empty:
        _EMPTY_FRAMES[rule.check_path] = frame.copy()
    return frame


def known_empty(con, rules: tuple[Rule, ...], parameters: dict) -> dict[str, object]:
    """The frames of the rules whose check.sql cannot return a row for this load (their
    ``meta.runs_when`` is false: ``guard_answers``), by rule id: the empty frame each gave
    before. Only rules whose empty frame is known are asked; the others run."""
    asked = tuple(rule for rule in rules if rule.runs_when and rule.check_path in _EMPTY_FRAMES)
    answers = guard_answers(con, asked, parameters)
    return {rule.id: _EMPTY_FRAMES[rule.check_path].copy()
            for rule in asked if answers[rule.id] is False}


def guard_answers(con, rules: tuple[Rule, ...], parameters: dict) -> dict[str, bool | None]:
    """Each guarded rule's ``meta.runs_when`` for this load: whether it holds for some
    value of quality_new_values (v, with its ref.indicators row i), all in one
    statement; None when the load adds no value (docs/quality.md, "Guards")."""
    guarded = [rule for rule in rules if rule.runs_when]
    if not guarded:
        return {}
    conditions = ",\n".join(f"bool_or({rule.runs_when}) as guard_{n}"
                            for n, rule in enumerate(guarded))
    answers = execute(con, _GUARDS.format(conditions=conditions), parameters).fetchone()
    return {rule.id: answer for rule, answer in zip(guarded, answers, strict=True)}


def reads_only_prepared(rule: Rule) -> bool:
    """Whether the rule's check.sql reads only the preparation tables and ref.* (comments
    aside): its inputs are as small as the release checked."""
    return _reads_only_prepared(rule.check_path)


@cache
def _reads_only_prepared(check_path: Path) -> bool:
    # Once per query file and process, as read_sql keeps its text: asked per rule per file.
    # A warehouse table other than ref.* grows with every load: a rule that reads one keeps
    # the optimizer (its filters pushed down, its joins ordered).
    return all(name.startswith("ref.") for name in references(read_sql(check_path)))


class OptimizerSwitch:
    """DuckDB's optimizer off for a small release's rules that ``reads_only_prepared``, on for
    the others, one statement per change as the rules go (a context manager: on again at the
    end, whatever happens)."""

    def __init__(self, con, small: bool):
        self._con, self._small, self._off = con, small, False

    def plan(self, rule: Rule) -> None:
        """Set the optimizer for the next query: ``rule``'s frame."""
        self._set(self._small and reads_only_prepared(rule))

    def _set(self, off: bool) -> None:
        if off != self._off:
            self._con.execute("pragma disable_optimizer" if off else "pragma enable_optimizer")
            self._off = off

    def __enter__(self) -> OptimizerSwitch:
        return self

    def __exit__(self, *exc) -> None:
        self._set(False)
