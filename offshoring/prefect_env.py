"""Prefect's environment for a local run: state under the warehouse, telemetry off.

Must be applied before `prefect` is imported: Prefect reads its settings at import.
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


def apply_prefect_env(settings: Settings) -> None:
    """Keep Prefect's home under the warehouse unless the user chose one."""
    for key, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("PREFECT_HOME", str(settings.prefect_home))
