"""Manual backfill: re-publish the marts for an as-of date (deployment ``backfill``)."""

from __future__ import annotations

from prefect import flow, get_run_logger

from offshoring.backfill import republish
from offshoring.notify import on_flow_failure


@flow(name="publish-marts", on_failure=[on_flow_failure], on_crashed=[on_flow_failure])
def publish_marts_flow(as_of: str | None = None, warehouse: str | None = None) -> str:
    """Re-publish the marts; with ``as_of`` (YYYY-MM-DD) as known on that date.

    Returns the folder the marts were written to.
    """
    marts = republish(as_of, warehouse, cluster_slot=True)
    get_run_logger().info("marts published under %s", marts)
    return str(marts)
