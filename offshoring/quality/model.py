"""Result types of the quality rules (no Great Expectations import here)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from offshoring.text import excerpt, one_line

ERROR = "error"
WARNING = "warning"
PASSED = "passed"
FAILED = "failed"


@dataclass
class FailingRow:
    """One failing key, as statisticians read it."""

    indicator: str | None
    period: str | None
    segment: str | None
    region: str | None
    expected: float | None = None
    actual: float | None = None
    detail: str | None = None

    def key(self) -> str:
        """'jobs 2024 ALL MA': the non-empty key parts, space separated."""
        parts = (self.indicator, self.period, self.segment, self.region)
        return " ".join(str(p) for p in parts if p not in (None, ""))


@dataclass
class RuleResult:
    """The verdict of one rule on one file (a release or firm declarations)."""

    rule_id: str
    level: int
    severity: str  # 'error' | 'warning'
    status: str  # 'passed' | 'failed'
    observed: str | None
    expected: str | None
    failing_rows: int
    description: str
    failing: list[FailingRow] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status == FAILED


def failed_result(rule_id: str, reason: str, level: int = 0, severity: str = ERROR,
                  failing_rows: int = 0) -> RuleResult:
    """A failed rule with a one-line reason (files the readers refuse, refused downloads,
    late releases)."""
    return RuleResult(rule_id=rule_id, level=level, severity=severity, status=FAILED,
                      observed=reason, expected=None, failing_rows=failing_rows,
                      description=reason)


@dataclass
class ValidationOutcome:
    """Every rule's result for one file, in catalogue order."""

    results: list[RuleResult]

    @property
    def rejected(self) -> bool:
        """True when a rule of severity error failed: the file is quarantined."""
        return any(r.failed and r.severity == ERROR for r in self.results)

    @property
    def failed(self) -> list[RuleResult]:
        """Failed rules, errors first, in catalogue order."""
        failed = [r for r in self.results if r.failed]
        return sorted(failed, key=lambda r: r.severity != ERROR)

    def reasons(self) -> list[str]:
        """One line per failed rule, errors first.

        ``rule_id (severity): description: N rows, e.g. jobs 2024 ALL MA expected 148500 got
        150000``
        """
        return [reason_line(r) for r in self.failed]


def fmt_number(value: float | None) -> str:
    """148500.0 -> '148500'; 0.0475 -> '0.0475'; None -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.12g}"


def example(row: FailingRow) -> str:
    """'jobs 2024 ALL MA expected 148500 got 150000 (jobs 2023 + net_jobs 2024)': the key,
    expected and actual values when both are known, and the row's detail."""
    text = excerpt(row.key(), 100)
    if row.expected is not None and row.actual is not None:
        text += f" expected {fmt_number(row.expected)} got {fmt_number(row.actual)}"
    if row.detail:  # it may quote a received value: a short, escaped excerpt of it
        detail = excerpt(row.detail, 120)
        text += f" ({detail})" if text else detail
    return text


def reason_line(result: RuleResult) -> str:
    """The one-line reason shown by the CLI and stored in meta.loads (received values in
    it are short, escaped excerpts: ``offshoring.text``)."""
    line = f"{result.rule_id} ({result.severity}): {result.description}"
    if result.failing_rows:
        noun = "row" if result.failing_rows == 1 else "rows"
        line += f": {result.failing_rows} {noun}"
        if result.failing:
            line += f", e.g. {example(result.failing[0])}"
    elif result.observed and result.observed != result.description:
        line += f": {result.observed}"
    return one_line(line)
