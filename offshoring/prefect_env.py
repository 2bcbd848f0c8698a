"""Prefect's environment for this project: one Prefect home, telemetry off.

Applied before `prefect` is imported: Prefect reads its settings at import. Every
warehouse shares the project's Prefect home (``settings.prefect_home``), so a new
warehouse does not create and migrate a Prefect database of its own.
"""

from __future__ import annotations

import os

from offshoring.settings import Settings

QUIET_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_LOG_PRINTS": "true",
}


def apply_prefect_env(settings: Settings, api_url: str | None = None) -> None:
    """Telemetry off, the project's Prefect home, and the API when one is given."""
    for key, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ["PREFECT_HOME"] = str(settings.prefect_home)
    if api_url:
        os.environ["PREFECT_API_URL"] = api_url


def run_settings(api_url: str | None) -> dict:
    """Prefect settings for a flow run in this process: the API it reports to, and no
    heartbeat thread (its join costs about a second at the end of every run)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    updates = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    if api_url:
        updates[PREFECT_API_URL] = api_url
    return updates


def flush_prefect() -> None:
    """Send the logs and events still queued before the server may go away."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=5)
