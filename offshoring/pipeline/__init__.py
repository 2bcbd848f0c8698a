"""The pipeline: the life of a file from landing/ to the published Parquet marts.

Read top to bottom (``docs/architecture.md`` has the same list):

- ``session.open_session``   writer lock, DuckDB connection, layers built, run record;
- ``stages.run``              the stages, listed once (``STAGES``), called in order;
- ``discover.discover``       the files to process;
- ``process.process_file``    checksum, archive, then one transaction per file;
- ``kinds``                   releases and firm declarations behind one interface;
- ``records``                 the meta.loads writes (SQL in ``sql/pipeline/``);
- ``outcome``                 typed results: ``FileOutcome``, ``RunSummary``.
"""

from __future__ import annotations

from pathlib import Path

from offshoring.pipeline.outcome import (
    DUPLICATE,
    LOADED,
    REJECTED,
    SKIPPED,
    FileOutcome,
    RunSummary,
)
from offshoring.pipeline.session import Session, open_session
from offshoring.pipeline.stages import STAGES, Stage, run
from offshoring.settings import Settings

__all__ = ["DUPLICATE", "LOADED", "REJECTED", "SKIPPED", "STAGES", "FileOutcome", "RunSummary",
           "Session", "Stage", "open_session", "run", "run_pipeline"]


def run_pipeline(settings: Settings, paths: list[Path] | None = None, command: str = "run",
                 dry_run: bool = False) -> RunSummary:
    """Every stage in one session, without Prefect (``validate``, tests, scripts)."""
    with open_session(settings, command, dry_run=dry_run) as session:
        return run(session, paths)
