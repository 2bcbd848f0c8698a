"""Secrets (webhook URL, publisher credentials): from the settings (environment) or a
Prefect Secret block.

Never from files in the repository. The settings win; a Prefect Secret block is tried
only when a Prefect API is configured, so a plain CLI run never starts a temporary
Prefect server just to look for a secret.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def prefect_api_configured(settings) -> bool:
    """True when this process talks to a Prefect server (PREFECT_API_URL or the profile)."""
    if settings.prefect_api_url:
        return True
    try:
        from prefect.settings import get_current_settings

        return bool(get_current_settings().api.url)
    except Exception:  # pragma: no cover - prefect missing or broken profile
        return False


def read_secret_block(block_name: str) -> str | None:
    """The value of a Prefect ``Secret`` block, or None when absent or unreachable."""
    try:
        from prefect.blocks.system import Secret

        value = Secret.load(block_name, _sync=True).get()
    except Exception as exc:  # absent block, server down: not fatal
        log.debug("secret block %s not readable: %s", block_name, exc)
        return None
    return str(value) if value not in (None, "") else None


def secret(settings, configured, block_name: str | None = None) -> str | None:
    """A secret: its configured value (str or SecretStr), else the Prefect Secret block."""
    value = configured.get_secret_value() if hasattr(configured, "get_secret_value") else configured
    if value:
        return value
    if block_name and prefect_api_configured(settings):
        return read_secret_block(block_name)
    return None
