"""Glue for the pipeline: one call per firm file, results in the quality module's shapes.

Everything runs inside the caller's transaction; nothing here commits or rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from offshoring.firms.checks import CheckResult, check_firm_declarations
from offshoring.firms.constants import COLUMNS
from offshoring.firms.load import aggregate_firm_declarations, stage_firm_file

# Rule id recorded when the file itself cannot be read (FirmFileError).
FILE_RULE_ID = "firm.readable"


@dataclass(frozen=True)
class FirmLoad:
    """What one firm file became: rows staged, rule results, values appended."""

    rows: int
    results: list[CheckResult]
    values_inserted: int

    @property
    def rejected(self) -> bool:
        """True when an error rule failed (nothing was aggregated)."""
        return any(r.blocks_load for r in self.results)


def process_firm_file(con, path: Path, load_id: int, aggregate: bool = True) -> FirmLoad:
    """Stage, check and, unless an error rule failed, aggregate one declarations file.

    Raises ``FirmFileError`` when the file does not parse. With ``aggregate=False`` (dry
    run) only stage and check run.
    """
    rows = stage_firm_file(con, path, load_id)
    results = check_firm_declarations(con, load_id)
    rejected = any(r.blocks_load for r in results)
    inserted = aggregate_firm_declarations(con, load_id) if aggregate and not rejected else 0
    return FirmLoad(rows, results, inserted)


def content_checksum(con, load_id: int) -> str:
    """Order-independent checksum of a staged load (same rows, other file = same value).

    Sum of DuckDB row hashes with the row count: one cheap scan, no sort. DuckDB's hash
    is not cryptographic and may change between DuckDB versions.
    """
    columns = ", ".join(COLUMNS)
    count, total = con.execute(
        f"select count(*), sum(cast(hash({columns}) as hugeint)) "
        "from raw.firm_declarations where load_id = ?", [load_id]).fetchone()
    return f"firms:{count}:{int(total or 0):x}"


def to_validation_outcome(results: list[CheckResult]):
    """The results as ``offshoring.quality.ValidationOutcome`` (for record_results)."""
    from offshoring.quality import FailingRow, RuleResult, ValidationOutcome

    converted = []
    for r in results:
        failing = [
            FailingRow(None, f["period"], f["segment"], f["region"], f["expected"], f["actual"],
                       f"firm {f['firm_id']}: {f['detail']}")
            for f in r.failing
        ]
        converted.append(RuleResult(r.rule_id, r.level, r.severity, r.status, r.observed,
                                    r.expected, r.failing_rows, r.description, failing))
    return ValidationOutcome(converted)
