"""The scheduled release flow run by the monthly / quarterly / annual deployments.

fetch new releases from the sources -> (one session: the writer lock) run the pipeline
and check freshness -> notify rejected and late releases. A failed or crashed run is
notified by the hooks.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from offshoring.notify import (
    notify_late_releases,
    notify_rejected_release,
    notify_summary,
    on_flow_failure,
)
from offshoring.pipeline import open_session
from offshoring.pipeline.discover import landing_files
from offshoring.quality.model import failed_result
from offshoring.settings import Settings, load_settings

TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}
FETCH_RULE_ID = "source.fetch"


@task(name="fetch-releases", **TASK_OPTIONS)
def fetch_releases(settings: Settings, sources: list[str] | None) -> dict:
    """Bring new releases from every source into landing; notify the refused downloads."""
    from offshoring.sources.config import sources_from_specs

    log = get_run_logger()
    new, unchanged, refused = [], [], []
    for source in sources_from_specs(sources, settings):
        result = source.fetch(settings.landing_dir)
        new += [str(p) for p in result.new_files]
        unchanged += result.unchanged
        for what, reason in result.rejected:
            log.warning("source %s refused %s: %s", source.name, what, reason)
            notify_rejected_release(settings, what, [failed_result(FETCH_RULE_ID, reason)])
            refused.append({"source": source.name, "what": what, "reason": reason})
    log.info("%d new release(s), %d unchanged, %d refused", len(new), len(unchanged),
             len(refused))
    return {"new": new, "unchanged": unchanged, "refused": refused}


@task(name="freshness", **TASK_OPTIONS)
def freshness(session) -> list:
    """Late releases (``LateRelease``), recorded as quality warnings of this run."""
    from offshoring.freshness import check_freshness

    late = check_freshness(session.con, session.settings, session.run_id)
    for item in late:
        get_run_logger().warning(item.message)
    return late


@flow(name="offshoring-release", on_failure=[on_flow_failure], on_crashed=[on_flow_failure])
def release_flow(cadence: str = "manual", sources: list[str] | None = None,
                 landing: str | None = None, warehouse: str | None = None,
                 check_freshness: bool = True, precheck: str | None = None) -> dict:
    """Fetch, ingest and publish new releases; check freshness; notify what went wrong.

    cadence: label of the deployment (monthly, quarterly, annual, manual).
    sources: ``NAME=URL``, ``URL`` or folder specs; none: the landing folder only.
    landing / warehouse: override the configured locations.
    precheck: check the landed releases in parallel first: ``threads``, ``dask`` (a local
    cluster) or a Dask scheduler address ``tcp://host:8786``; loading stays serialized.
    """
    from flows.pipeline import offshoring_pipeline

    settings = load_settings(warehouse, landing)
    fetched = fetch_releases(settings, sources)
    prechecked = run_precheck(settings, precheck) if precheck else []
    with open_session(settings, "flow", flow_run_id=flow_run.get_id(),
                      cluster_slot=True) as session:
        summary = offshoring_pipeline(session=session)
        late = freshness(session) if check_freshness else []
    run = f"{flow_run.get_flow_name()}/{flow_run.get_name()} ({cadence})"
    sent = notify_summary(settings, summary, run=run)
    if late:
        sent += notify_late_releases(settings, [item.as_result() for item in late])
    return {"run_id": summary.run_id, "exit_code": summary.exit_code,
            "loaded": summary.count("loaded"), "rejected": summary.count("rejected"),
            "cadence": cadence, "fetched": fetched, "late": [item.message for item in late],
            "precheck": prechecked,
            "notifications": sent}


def run_precheck(settings: Settings, precheck: str) -> list[dict]:
    """Parallel checks of the landing folder's releases (see flows/parallel.py)."""
    from flows.parallel import run_prechecks

    files = [str(p) for p in landing_files(settings.landing_dir)]
    if not files:
        return []
    kind, address = ("dask", precheck) if "://" in precheck else (precheck, None)
    results = run_prechecks(files, settings, kind=kind, address=address)
    log = get_run_logger()
    for item in results:
        (log.warning if item["status"] == "rejected" else log.info)(
            "precheck %s: %s %s", item["file"], item["status"], "; ".join(item["reasons"]))
    return results
