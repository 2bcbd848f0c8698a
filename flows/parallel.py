"""Past one machine: check independent releases in parallel on Dask, load them one by one.

Reading and validating a release in isolation (its own in-memory DuckDB with the seeds
and every layer, the quality rules in dry-run mode) needs no warehouse, so releases are
checked in parallel by a task runner: threads, a local Dask cluster, or an existing Dask
scheduler (``tcp://host:8786``) whose workers run on other machines. Loading stays a
single serialized writer: the pipeline flow, under the writer lock and the global
concurrency limit. Rules that compare with what the warehouse already holds (revisions,
continuity) still run only in the writer.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from offshoring.settings import Settings, load_settings

TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}
LOCAL_DASK_WORKERS = 2
RUNNER_KINDS = ("threads", "dask")


def make_task_runner(kind: str = "dask", address: str | None = None,
                     n_workers: int = LOCAL_DASK_WORKERS):
    """A task runner: ``threads``, or ``dask`` (a LocalCluster, or the scheduler at
    ``address``). The local cluster has no dashboard (bokeh is not a dependency)."""
    if kind == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=n_workers)
    if kind != "dask":
        raise ValueError(f"task runner {kind!r}: choose one of {', '.join(RUNNER_KINDS)}")
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": n_workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


def precheck_file(settings: Settings, path: Path) -> dict:
    """Read and validate one release against an in-memory warehouse (no write anywhere)."""
    from offshoring.pipeline import open_session, run

    with open_session(settings, "precheck", in_memory=True) as session:
        (outcome,) = run(session, [Path(path)]).outcomes
    return {"file": Path(path).name, "status": outcome.status, "rows": outcome.rows,
            "reasons": outcome.reasons}


@task(name="precheck-release", task_run_name="precheck {path.name}", **TASK_OPTIONS)
def precheck_release(settings: Settings, path: Path) -> dict:
    """Task wrapper of ``precheck_file`` (runs on a Dask worker or a thread)."""
    import os

    return {**precheck_file(settings, path), "pid": os.getpid()}


@flow(name="precheck-releases")
def precheck_flow(files: list[str], warehouse: str | None = None,
                  landing: str | None = None) -> list[dict]:
    """Check every file in parallel on the flow's task runner; one result per file."""
    settings = load_settings(warehouse, landing)
    futures = [precheck_release.submit(settings, Path(f)) for f in files]
    return [future.result() for future in futures]


def run_prechecks(files: list[str], settings: Settings, kind: str = "dask",
                  address: str | None = None, n_workers: int = LOCAL_DASK_WORKERS) -> list[dict]:
    """``precheck_flow`` on the chosen task runner (a subflow when called in a flow)."""
    runner = make_task_runner(kind, address, n_workers)
    return precheck_flow.with_options(task_runner=runner)(
        files, str(settings.warehouse_dir), str(settings.landing_dir))
