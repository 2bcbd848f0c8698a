"""Build sources from short specs, as given to deployments (``sources`` parameter).

A spec is ``NAME=URL`` or ``URL`` (an HTTP source; NAME picks its credentials) or a
folder path (a local-folder source). Retry and timeout come from the settings
(``OFFSHORING_HTTP_ATTEMPTS``, ``OFFSHORING_HTTP_BASE_DELAY``, ``OFFSHORING_HTTP_TIMEOUT``).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

from offshoring.settings import ConfigError
from offshoring.sources.base import ReleaseSource
from offshoring.sources.http import HttpSource, RetryPolicy
from offshoring.sources.local import LocalFolderSource
from offshoring.sources.state import SourcesState

_NAMED = re.compile(r"^(?P<name>[A-Za-z0-9_-]+)=(?P<url>https?://.+)$")


def source_from_spec(spec: str, settings) -> ReleaseSource:
    """One source from ``NAME=URL``, ``URL`` or a folder (relative to the project root)."""
    state = SourcesState(settings.sources_state_path)
    match = _NAMED.match(spec)
    if match or spec.startswith(("http://", "https://")):
        url = match["url"] if match else spec
        name = match["name"] if match else (urlparse(url).hostname or "http")
        retry = RetryPolicy(attempts=settings.http_attempts,
                            base_delay_s=settings.http_base_delay_s)
        return HttpSource(name=name, urls=[url], state=state, settings=settings, retry=retry,
                          timeout_s=settings.http_timeout_s)
    folder = Path(spec).expanduser()
    if not folder.is_absolute():
        folder = settings.project_root / folder
    if not folder.is_dir():
        raise ConfigError(f"source {spec!r}: not a URL and not a folder")
    return LocalFolderSource(folder=folder, state=state, name=f"folder:{folder}")


def sources_from_specs(specs: list[str] | None, settings) -> list[ReleaseSource]:
    """Every source of a deployment's ``sources`` parameter (none: landing folder only)."""
    return [source_from_spec(spec, settings) for spec in specs or []]
