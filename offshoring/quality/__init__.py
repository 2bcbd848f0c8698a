"""Quality rules that gate every release (interface used by the pipeline).

Minimal first version: level-0 and uniqueness rules as SQL over staging. The full
Great Expectations machinery replaces the internals; the interface stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FailingRow:
    indicator: str | None
    period: str | None
    segment: str | None
    region: str | None
    expected: float | None = None
    actual: float | None = None
    detail: str | None = None


@dataclass
class RuleResult:
    rule_id: str
    level: int
    severity: str
    status: str
    observed: str | None
    expected: str | None
    failing_rows: int
    description: str
    failing: list[FailingRow] = field(default_factory=list)


@dataclass
class ValidationOutcome:
    results: list[RuleResult]

    @property
    def rejected(self) -> bool:
        return any(r.status == "failed" and r.severity == "error" for r in self.results)

    def reasons(self) -> list[str]:
        lines = []
        for r in self.results:
            if r.status != "failed":
                continue
            example = ""
            if r.failing:
                f = r.failing[0]
                keys = " ".join(str(k) for k in (f.indicator, f.period, f.segment, f.region)
                                if k is not None)
                example = f", e.g. {keys}" + (f" ({f.detail})" if f.detail else "")
            count = f": {r.failing_rows} row(s)" if r.failing_rows else ""
            lines.append(f"{r.rule_id} ({r.severity}): {r.description}{count}{example}")
        return lines


_RULES = [
    # rule_id, level, description, SQL predicate marking a failing staged row, detail
    ("format.value_parses", 0, "value is a number",
     "value_raw is not null and fr_number(value_raw) is null", "value_raw"),
    ("format.known_codes", 0, "indicator, segment and region codes are known",
     "(indicator_raw is not null and indicator is null) or (segment_raw is not null and "
     "segment is null) or (region_raw is not null and region is null)",
     "concat_ws(' / ', indicator_raw, segment_raw, region_raw)"),
    ("format.period_syntax", 0, "period is 2024, 2024-S1, 2024-Q3 or 2024-09",
     "period_raw is not null and period is null", "period_raw"),
    ("format.unit_convertible", 0, "unit converts to the indicator's base unit",
     "indicator is not null and not coalesce(unit_convertible, false)", "unit_raw"),
    ("format.published_on_valid", 0, "published_on is a date, not in the future",
     "published_on is null or published_on > current_date", "published_on_raw"),
    ("release.complete", 1, "no missing key or value",
     "indicator_raw is null or period_raw is null or segment_raw is null or region_raw is null"
     " or value_raw is null or source_raw is null", "'missing field'"),
]


def validate_release(con, load_id: int, settings) -> ValidationOutcome:
    """Run the rules on staged rows of one release (inside the caller's transaction)."""
    results = []
    for rule_id, level, description, predicate, detail in _RULES:
        rows = con.execute(
            f"select indicator_raw, period_raw, segment_raw, region_raw, {detail} "
            f"from staging.stg_release_rows where load_id = ? and ({predicate}) "
            "order by row_number", [load_id]).fetchall()
        results.append(_result(rule_id, level, description, rows))
    dup = con.execute(
        "select indicator, period, segment, region, count(*) from staging.stg_release_rows "
        "where load_id = ? and indicator is not null and period is not null "
        "group by indicator, period, segment, region, source "
        "having count(distinct value) > 1 order by all", [load_id]).fetchall()
    results.append(_result("release.unique_key", 1, "one value per indicator, period, "
                           "segment, region and source",
                           [(*r[:4], f"{r[4]} different values") for r in dup]))
    return ValidationOutcome(results)


def file_rejection(rule_id: str, reason: str) -> ValidationOutcome:
    """The outcome for a file the reader could not read."""
    return ValidationOutcome([RuleResult(rule_id, 0, "error", "failed", reason, None, 0,
                                         reason)])


def record_results(con, run_id: str, load_id: int, file_name: str, file_sha256: str,
                   outcome: ValidationOutcome) -> None:
    """Append one row per rule to quality.check_results and the failing rows."""
    con.executemany(
        "insert into quality.check_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "current_timestamp)",
        [(run_id, load_id, file_name, file_sha256, r.rule_id, r.level, r.severity, r.status,
          r.observed, r.expected, r.failing_rows, r.description) for r in outcome.results])
    failing = [(run_id, load_id, r.rule_id, f.indicator, f.period, f.segment, f.region,
                f.expected, f.actual, f.detail)
               for r in outcome.results for f in r.failing]
    if failing:
        con.executemany("insert into quality.failing_rows values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        failing)


def _result(rule_id, level, description, rows) -> RuleResult:
    failing = [FailingRow(r[0], r[1], r[2], r[3], detail=None if r[4] is None else str(r[4]))
               for r in rows[:100]]
    return RuleResult(rule_id, level, "error", "failed" if rows else "passed",
                      f"{len(rows)} failing row(s)", "0 failing rows", len(rows), description,
                      failing)
