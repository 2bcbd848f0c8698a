"""Data quality: the rules that gate every release (Great Expectations suites).

Cheap to import: Great Expectations is imported on first validation. Public interface:

- ``validate_release(con, load_id, settings) -> ValidationOutcome``
- ``file_rejection(rule_id, reason) -> ValidationOutcome``
- ``record_results(con, run_id, load_id, file_name, file_sha256, outcome)``
- ``quality_report(con) -> list[dict]``, ``summary_markdown(outcomes) -> str``
- ``build_data_docs(settings, site_dir=None) -> Path``

Rules: expectations/rules.json; suites: expectations/*.json; check queries:
sql/quality/*.sql; documentation: docs/quality.md.
"""

from __future__ import annotations

from .model import FailingRow, RuleResult, ValidationOutcome
from .report import summary_markdown
from .store import quality_report, record_results

__all__ = [
    "FailingRow",
    "RuleResult",
    "ValidationOutcome",
    "build_data_docs",
    "file_rejection",
    "quality_report",
    "record_results",
    "summary_markdown",
    "validate_release",
]


def validate_release(con, load_id: int, settings) -> ValidationOutcome:
    """Run every quality rule on the release ``load_id`` (see validate.validate_release)."""
    from .validate import validate_release as _validate

    return _validate(con, load_id, settings)


def file_rejection(rule_id: str, reason: str) -> ValidationOutcome:
    """One failed level-0 error result for a file the reader could not read."""
    from .validate import file_rejection as _rejection

    return _rejection(rule_id, reason)


def build_data_docs(settings, site_dir=None):
    """Build offline Data Docs under settings.data_docs_dir (see datadocs.build_data_docs)."""
    from .datadocs import build_data_docs as _build

    return _build(settings, site_dir)


def warm_up() -> None:
    """Import GX and create its context now (about 3 s), e.g. in a thread while Prefect's
    temporary API server starts; later validations then find it ready."""
    from .gx_engine import get_state

    get_state()
