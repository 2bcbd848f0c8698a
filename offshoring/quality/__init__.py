"""Data quality: the rules that gate every file (DuckDB builds frames, GX judges them).

Cheap to import: Great Expectations is imported on first validation. Public interface:

- ``validate(con, load_id, settings, dataset="release", ready=()) -> ValidationOutcome``
- ``prepare_typed_release(con, settings, load_id)``: a release's typed rows, made once per
  file (``TYPED_RELEASE``) for the checksum, the rules (``ready``) and the load
- ``check_loaded_sources(con, load_id, settings) -> RuleResult``
- ``file_rejection(rule_id, reason, settings) -> ValidationOutcome``
- ``rules(settings, dataset=None) -> tuple[Rule, ...]``
- ``record_results(con, settings, run_id, load_id, file_name, file_sha256, outcome)``
- ``quality_report(con, settings) -> list[dict]``
- ``build_data_docs(settings, site_dir=None) -> Path``

One folder per rule: ``<settings.expectations_dir>/<rule_id>/`` (expectation.json,
check.sql, defect fixture); shared preparation: ``sql/checks/<temp_table>.sql``;
documentation: docs/quality.md.
"""

from __future__ import annotations

from .catalogue import DATASETS, FIRM_DECLARATIONS, RELEASE, Rule, load_rules, rules_for
from .datadocs import build_data_docs
from .model import FailingRow, RuleResult, ValidationOutcome
from .runner import (
    TYPED_RELEASE,
    check_loaded_sources,
    file_rejection,
    prepare_typed_release,
    validate,
)
from .store import quality_report, record_results

__all__ = [
    "DATASETS",
    "FIRM_DECLARATIONS",
    "RELEASE",
    "TYPED_RELEASE",
    "FailingRow",
    "Rule",
    "RuleResult",
    "ValidationOutcome",
    "build_data_docs",
    "check_loaded_sources",
    "file_rejection",
    "prepare_typed_release",
    "quality_report",
    "record_results",
    "rules",
    "validate",
]


def rules(settings, dataset: str | None = None) -> tuple[Rule, ...]:
    """The catalogue's rules (of one dataset, or all), in catalogue order."""
    if dataset is None:
        return load_rules(settings.expectations_dir)
    return rules_for(settings.expectations_dir, dataset)
