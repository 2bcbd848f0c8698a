"""The pipeline flow: the stages of offshoring.pipeline, each run as a Prefect task.

The stages and their order live in ``offshoring.pipeline.stages``; this module only maps
each stage to a task, so the same code runs from the CLI, a deployment or a test.
"""

from __future__ import annotations

import functools
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from offshoring.pipeline import REJECTED, STAGES, RunSummary, open_session, run
from offshoring.pipeline.markdown import checks_markdown, summary_markdown
from offshoring.pipeline.stages import DISCOVER, PROCESS_FILE, Stage
from offshoring.settings import load_settings
from offshoring.text import file_label

TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}


def _process_run_name(parameters: dict) -> str:
    """``process <file>``: the name escaped (a file name may hold control characters)."""
    return f"process {file_label(parameters['path'])}"


TASK_RUN_NAMES = {PROCESS_FILE.name: _process_run_name}


def _logged(stage: Stage):
    """The stage's function, logging what a person wants to see of its result."""

    @functools.wraps(stage.run)
    def run_and_log(*args, **kwargs):
        result = stage.run(*args, **kwargs)
        log = get_run_logger()
        if stage is PROCESS_FILE:
            (log.warning if result.status == REJECTED else log.info)(result.line)
            for line in result.detail_lines:
                log.warning("  %s", line)
        elif stage is DISCOVER:
            log.info("%d file(s) to process", len(result))
            for outcome in args[0].outcomes:  # landing entries not taken (escaped names)
                log.warning(outcome.line)
        elif result is not None:
            log.info("%s written to %s", stage.name, result)
        return result

    return run_and_log


TASKS = {stage.name: task(name=stage.name, task_run_name=TASK_RUN_NAMES.get(stage.name),
                          description=stage.description, **TASK_OPTIONS)(_logged(stage))
         for stage in STAGES}


def call_as_task(stage: Stage, session, *args):
    """Run a stage as its Prefect task. The session is quoted: Prefect would otherwise walk
    it (settings, connection, every outcome so far) for task inputs at each task, a cost
    that grows with the files of the run."""
    return TASKS[stage.name](quote(session), *args)


@flow(name="offshoring-pipeline", log_prints=True)
def offshoring_pipeline(files: list[str] | None = None, warehouse: str | None = None,
                        landing: str | None = None, session: Any = None) -> RunSummary:
    """Ingest release files into the warehouse and publish the marts.

    files: paths to ingest; default: the new files of the landing folder.
    warehouse / landing: override the configured locations.
    session: in-process callers only (the CLI): an open ``offshoring.pipeline.Session``
    (it took the writer lock before Prefect started).
    Returns the run summary (one typed outcome per file).
    """
    if session is None:
        settings = load_settings(warehouse, landing)
        with open_session(settings, "flow", flow_run_id=flow_run.get_id()) as opened:
            return _run(opened, files)
    session.flow_run_id = flow_run.get_id()
    return _run(session, files)


def _run(session, files: list[str] | None) -> RunSummary:
    summary = run(session, files, call=call_as_task)
    for warning in summary.after_commit_warnings:
        get_run_logger().warning(warning)
    create_markdown_artifact(markdown=summary_markdown(summary), key="offshoring-run",
                             description="Files processed by this run")
    create_markdown_artifact(markdown=checks_markdown(session), key="offshoring-checks",
                             description="Quality rules checked by this run, failures first")
    return summary
