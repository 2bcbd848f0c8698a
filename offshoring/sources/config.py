"""Build sources from short specs, as given to deployments (``sources`` parameter).

A spec is ``NAME=URL`` or ``URL`` (an HTTP source; NAME picks its credentials) or a
folder path (a local-folder source). Retry and timeout come from
``OFFSHORING_HTTP_ATTEMPTS``, ``OFFSHORING_HTTP_BASE_DELAY`` and ``OFFSHORING_HTTP_TIMEOUT``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

from offshoring.settings import ENV_PREFIX, ConfigError
from offshoring.sources.base import ReleaseSource
from offshoring.sources.http import DEFAULT_TIMEOUT_S, HttpSource, RetryPolicy
from offshoring.sources.local import LocalFolderSource
from offshoring.sources.state import SourcesState, state_path

_NAMED = re.compile(r"^(?P<name>[A-Za-z0-9_-]+)=(?P<url>https?://.+)$")


def _number(name: str, default: float) -> float:
    raw = os.environ.get(ENV_PREFIX + name)
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{ENV_PREFIX}{name}={raw!r} is not a number") from None


def retry_policy_from_env() -> RetryPolicy:
    """Retry policy of HTTP sources from the environment."""
    return RetryPolicy(attempts=int(_number("HTTP_ATTEMPTS", 4)),
                       base_delay_s=_number("HTTP_BASE_DELAY", 1.0))


def source_from_spec(spec: str, settings) -> ReleaseSource:
    """One source from ``NAME=URL``, ``URL`` or a folder (relative to the project root)."""
    state = SourcesState(state_path(settings.warehouse_dir))
    match = _NAMED.match(spec)
    if match or spec.startswith(("http://", "https://")):
        url = match["url"] if match else spec
        name = match["name"] if match else (urlparse(url).hostname or "http")
        return HttpSource(name=name, urls=[url], state=state, retry=retry_policy_from_env(),
                          timeout_s=_number("HTTP_TIMEOUT", DEFAULT_TIMEOUT_S))
    folder = Path(spec).expanduser()
    if not folder.is_absolute():
        folder = settings.project_root / folder
    if not folder.is_dir():
        raise ConfigError(f"source {spec!r}: not a URL and not a folder")
    return LocalFolderSource(folder=folder, state=state, name=f"folder:{folder}")


def sources_from_specs(specs: list[str] | None, settings) -> list[ReleaseSource]:
    """Every source of a deployment's ``sources`` parameter (none: landing folder only)."""
    return [source_from_spec(spec, settings) for spec in specs or []]
