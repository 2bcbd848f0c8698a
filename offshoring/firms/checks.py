"""Quality rules on a staged load of firm declarations, computed in DuckDB.

The rules live in ``sql/firms/checks.sql`` (one scan, one window sort). Python receives
only the failing rows, capped per rule, with each rule's full count, and turns them into
:class:`CheckResult` objects (level, severity and descriptions from the rule catalogue,
``expectations/rules.json``). :mod:`offshoring.firms.validate` hands those capped rows to
Great Expectations, which judges them with ``expectations/firm_declarations.json``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from offshoring.firms.constants import (
    FAILING_ROWS_CAP,
    RULE_IDS,
    SQL_CHECKS,
    STOCK_FLOW_TOLERANCE,
)
from offshoring.firms.sqlfiles import sql_text

FAILING_KEYS = ("firm_id", "period", "segment", "region", "expected", "actual", "detail")
# Columns read by the rules' expectations (expectations/firm_declarations.json).
JUDGED_COLUMNS = ("unknown", "negative_or_missing", "prev_segment", "prev_region")


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one rule on one load (shaped like a row of quality.check_results)."""

    rule_id: str
    level: int
    severity: str  # error | warning
    status: str  # passed | failed
    observed: str
    expected: str
    failing_rows: int
    description: str
    failing: list[dict[str, Any]] = field(default_factory=list)

    @property
    def blocks_load(self) -> bool:
        """True when the rule failed with severity error (the file must be rejected)."""
        return self.status == "failed" and self.severity == "error"

    def summary(self) -> dict[str, Any]:
        """The result without its failing rows."""
        row = asdict(self)
        row.pop("failing")
        return row


def check_firm_declarations(con, load_id: int, cap: int = FAILING_ROWS_CAP,
                            tolerance: float = STOCK_FLOW_TOLERANCE,
                            expectations_dir: Path | None = None) -> list[CheckResult]:
    """Run every firm rule on ``raw.firm_declarations`` rows of ``load_id`` in DuckDB.

    Runs inside the caller's transaction; returns one result per rule of ``RULE_IDS``,
    in catalogue order, each with at most ``cap`` failing rows and the full failing count.
    Level, severity and descriptions come from the rule catalogue in ``expectations_dir``
    (the project's ``expectations/`` by default). This is DuckDB's verdict only; the
    pipeline has Great Expectations judge the rows (``offshoring.firms.validate``).
    """
    params = {"load_id": load_id, "tolerance": tolerance, "cap": cap}
    cursor = con.execute(sql_text(SQL_CHECKS), params)
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    total = _row_count(con, load_id)
    catalogue = _catalogue(expectations_dir)
    return [_result(catalogue[rule_id], rows, total) for rule_id in RULE_IDS]


def _catalogue(expectations_dir: Path | None) -> dict:
    from offshoring.quality.catalogue import FIRM_DECLARATIONS, rules_for

    if expectations_dir is None:
        from offshoring.settings import PROJECT_ROOT

        expectations_dir = PROJECT_ROOT / "expectations"
    return {r.id: r for r in rules_for(Path(expectations_dir), FIRM_DECLARATIONS)}


def summary_table(results: list[CheckResult]):
    """Per-rule summary as a ``pyarrow.Table`` (one row per rule, no failing rows)."""
    import pyarrow as pa

    return pa.Table.from_pylist([r.summary() for r in results])


def _row_count(con, load_id: int) -> int:
    query = "select count(*) from raw.firm_declarations where load_id = ?"
    return int(con.execute(query, [load_id]).fetchone()[0])


def _result(rule, rows: list[dict[str, Any]], total: int) -> CheckResult:
    rule_id = rule.id
    mine = [r for r in rows if r["rule_id"] == rule_id]
    count = int(mine[0]["failing_total"]) if mine else 0
    unit = "duplicated keys" if rule_id == "firm.unique_key" else "rows"
    return CheckResult(
        rule_id=rule_id,
        level=rule.level,
        severity=rule.severity,
        status="failed" if count else "passed",
        observed=f"{count} failing {unit} of {total} rows",
        expected=rule.expected_en,
        failing_rows=count,
        description=rule.description_en,
        failing=[{k: r[k] for k in (*FAILING_KEYS, *JUDGED_COLUMNS)} for r in mine],
    )
