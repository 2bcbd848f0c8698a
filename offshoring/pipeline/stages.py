"""The stages of a run, listed once and in order, and the one loop that runs them.

The CLI, the Prefect flow, backfill and the parallel prechecks all go through ``run``;
they differ only in how a stage is called (``call``: directly, or as a Prefect task).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from offshoring.pipeline.discover import discover
from offshoring.pipeline.outcome import LOADED, REJECTED, RunSummary
from offshoring.pipeline.process import process_file
from offshoring.text import excerpt

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stage:
    """One step of the pipeline: its name (the Prefect task's), its function, its role."""

    name: str
    run: Callable
    description: str


def publish(session) -> Path:
    """Write every mart as Parquet and swap them in at once (as of a date for backfill)."""
    from offshoring.publish import publish_marts

    session.marts = publish_marts(session.con, session.settings, as_of=session.as_of)
    return session.marts


def after_commit(what: str):
    """A stage that runs once the files are committed: its failure is a warning of the run
    (``RunSummary.after_commit_warnings``), never a failed run: the data are loaded."""

    def decorate(stage_function: Callable) -> Callable:
        @functools.wraps(stage_function)
        def guarded(session):
            try:
                return stage_function(session)
            except Exception as err:  # noqa: BLE001 - reported as a warning, see above
                log.debug("%s failed", what, exc_info=True)
                session.after_commit_warnings.append(
                    f"{what} could not be written: {type(err).__name__}: {excerpt(err, 160)} "
                    "(the files are loaded and the marts published)")
                return None

        return guarded

    return decorate


@after_commit("the dashboard")
def report(session) -> Path | None:
    """Write the static HTML dashboard from the marts (not for an as-of backfill)."""
    if session.as_of is not None:
        return None
    from offshoring.dashboard import write_report

    return write_report(session.con, session.settings)


@after_commit("the Data Docs")
def data_docs(session) -> Path | None:
    """Great Expectations' Data Docs for the files this run validated."""
    if not any(o.status in (LOADED, REJECTED) and o.load_id is not None
               for o in session.outcomes):
        return None
    from offshoring import quality

    return quality.build_data_docs(session.settings)


DISCOVER = Stage("discover", discover, "the given files, or the new files of landing/")
PROCESS_FILE = Stage("process-file", process_file,
                     "receive (archive), read, validate and load one file in one transaction")
PUBLISH = Stage("publish", publish, "write the marts as Parquet and swap them in atomically")
REPORT = Stage("report", report, "write the static HTML dashboard from the marts")
DATA_DOCS = Stage("data-docs", data_docs, "Great Expectations' Data Docs (offline HTML)")

RUN_STAGES = (PUBLISH, REPORT, DATA_DOCS)  # once per run, after every file (not dry runs)
STAGES = (DISCOVER, PROCESS_FILE, *RUN_STAGES)


def call_directly(stage: Stage, *args):
    """Run a stage as a plain function call."""
    return stage.run(*args)


def run(session, files: list[Path] | None = None, call: Callable = call_directly) -> RunSummary:
    """Every stage in order: discover, each file, then the run stages (not in a dry run)."""
    for path in call(DISCOVER, session, files):
        call(PROCESS_FILE, session, path)
    if not session.dry_run:
        for stage in RUN_STAGES:
            call(stage, session)
    return session.summary()
