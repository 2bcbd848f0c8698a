"""The pipeline flow: discover -> read/validate/load each file -> transform -> publish.

The stages are plain functions in offshoring.pipeline; this module only orchestrates
them as Prefect tasks, so the same code runs from the CLI, a deployment or a test.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from offshoring import pipeline
from offshoring import warehouse as wh
from offshoring.report import markdown_text
from offshoring.settings import load_settings

TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="discover", **TASK_OPTIONS)
def discover_files(ctx: pipeline.RunContext, files: list[str] | None) -> list[Path]:
    """The given files, or the new files of the landing folder."""
    found = pipeline.discover(ctx, [Path(f) for f in files] if files is not None else None)
    get_run_logger().info("%d file(s) to process", len(found))
    return found


@task(name="process-file", task_run_name="process {path.name}", **TASK_OPTIONS)
def process_file(ctx: pipeline.RunContext, path: Path) -> pipeline.FileOutcome:
    """Receive (archive), read, validate and load one file in one transaction."""
    outcome = pipeline.process_file(ctx, path)
    log = get_run_logger()
    (log.warning if outcome.status == pipeline.STATUS_REJECTED else log.info)(outcome.line)
    for reason in outcome.reasons[1:]:
        log.warning("  %s", reason)
    return outcome


@task(name="transform", **TASK_OPTIONS)
def transform(ctx: pipeline.RunContext) -> None:
    """Core and the marts are views built when the run opened: nothing to rebuild."""
    pipeline.transform(ctx)


@task(name="publish", **TASK_OPTIONS)
def publish(ctx: pipeline.RunContext) -> str:
    """Write the marts as Parquet and swap them in atomically."""
    marts = pipeline.publish(ctx)
    get_run_logger().info("marts published under %s", marts)
    return str(marts)


@task(name="report", **TASK_OPTIONS)
def report(ctx: pipeline.RunContext) -> str:
    """Write the static HTML dashboard from the marts."""
    page = pipeline.report(ctx)
    get_run_logger().info("dashboard written to %s", page)
    return str(page)


@task(name="data-docs", **TASK_OPTIONS)
def data_docs(ctx: pipeline.RunContext) -> str | None:
    """Great Expectations' Data Docs for this run's validations (offline HTML)."""
    index = pipeline.data_docs(ctx)
    if index is not None:
        get_run_logger().info("Data Docs written to %s", index)
    return str(index) if index else None


@flow(name="offshoring-pipeline", log_prints=True)
def offshoring_pipeline(files: list[str] | None = None, warehouse: str | None = None,
                        landing: str | None = None) -> dict:
    """Ingest release files into the warehouse and publish the marts.

    files: paths to ingest; default: the new files of the landing folder.
    warehouse / landing: override the configured locations.
    Returns the run summary (counts and one outcome per file).
    """
    settings = load_settings(warehouse, landing)
    with wh.writer_lock(settings):
        ctx = pipeline.open_run(settings, "flow", flow_run_id=flow_run.get_id())
        status = "failed"
        try:
            for path in discover_files(ctx, files):
                process_file(ctx, path)
            transform(ctx)
            marts = publish(ctx)
            report(ctx)
            data_docs(ctx)
            checks = pipeline.checks_markdown(ctx)
            status = "completed"
        finally:
            pipeline.close_run(ctx, status)
    summary = pipeline.RunSummary(ctx.run_id, str(settings.warehouse_dir), marts, ctx.outcomes)
    create_markdown_artifact(markdown=summary_markdown(summary), key="offshoring-run",
                             description="Files processed by this run")
    create_markdown_artifact(markdown=checks, key="offshoring-checks",
                             description="Quality rules checked by this run, failures first")
    return summary.to_dict()


def summary_markdown(summary: pipeline.RunSummary) -> str:
    """A markdown table of the run's files for the Prefect UI."""
    lines = ["| file | status | rows | reason |", "|---|---|---|---|"]
    for o in summary.outcomes:
        reason = o.reasons[0] if o.reasons else ""
        lines.append(f"| {markdown_text(o.file_name)} | {o.status} | {o.rows} | "
                     f"{markdown_text(reason)} |")
    return "\n".join(lines)

