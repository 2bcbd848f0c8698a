"""Download releases from a publisher's URL: retries, timeout, conditional download.

* retries with exponential backoff on connection errors, timeouts, HTTP 5xx, 408 and 429;
* a timeout on every socket operation (connect, each read);
* conditional requests from the last fetch (``If-None-Match`` / ``If-Modified-Since``),
  and a sha256 of the body so an unchanged release served as 200 is not re-processed;
* a body shorter than its ``Content-Length``, or longer than ``OFFSHORING_MAX_FILE_MB``,
  is refused with a one-line reason and nothing is written to landing;
* credentials from ``OFFSHORING_SOURCE_<NAME>_TOKEN`` (bearer) or
  ``OFFSHORING_SOURCE_<NAME>_USER`` / ``_PASSWORD`` (basic), read by the settings, or
  Prefect Secret blocks ``offshoring-source-<name>-token`` / ``-password``; they are sent
  to the origin (scheme, host, port) of the configured URL only, never to the host of a
  redirect elsewhere;
* https, or plain http to this machine only (loopback), for the URL and every redirect.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import logging
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from offshoring.limits import Limits
from offshoring.secrets import mask_url, secret, url_problem
from offshoring.settings import Settings
from offshoring.sources.base import FetchResult, SourceError, landing_path
from offshoring.sources.redirects import RedirectRefused, SafeRedirects
from offshoring.sources.state import SourcesState

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
DEFAULT_TIMEOUT_S = 30.0
USER_AGENT = "offshoring-stats/0.1 (+release fetcher)"


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries in all; waits ``base_delay_s * 2**n`` (capped) between them."""

    attempts: int = 4
    base_delay_s: float = 1.0
    max_delay_s: float = 60.0

    def delay(self, failed_attempts: int) -> float:
        """Seconds to wait after ``failed_attempts`` failures (1, 2, ...)."""
        return min(self.max_delay_s, self.base_delay_s * 2 ** (failed_attempts - 1))


class _Retryable(Exception):
    """A failure worth another attempt."""


def _env_key(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


def auth_header(source_name: str, settings: Settings) -> dict[str, str]:
    """Authorization header for a source, from the settings or Prefect Secret blocks."""
    key = _env_key(source_name)
    block = f"offshoring-source-{source_name.lower()}"
    token = secret(settings, settings.source_secret(key, "TOKEN"), f"{block}-token")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = settings.source_secret(key, "USER")
    password = secret(settings, settings.source_secret(key, "PASSWORD"), f"{block}-password")
    if user and password:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {pair}"}
    return {}


def file_name_for(url: str) -> str:
    """The file name a URL is saved under (last path segment, made inert)."""
    name = unquote(Path(urlparse(url).path).name) or "release"
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).lstrip(".") or "release"


@dataclass
class HttpSource:
    """Fetch each URL of ``urls`` into landing when its content changed."""

    name: str
    urls: list[str]
    state: SourcesState
    settings: Settings
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout_s: float = DEFAULT_TIMEOUT_S
    sleep: Callable[[float], None] = time.sleep

    def fetch(self, landing_dir: Path) -> FetchResult:
        """Download every changed URL; failures are reported in ``rejected``, not raised."""
        result = FetchResult()
        for url in self.urls:
            try:
                path = self.fetch_one(url, Path(landing_dir))
            except SourceError as exc:
                log.warning("source %s: %s", self.name, exc.reason)
                result.rejected.append((url, exc.reason))
                continue
            if path is None:
                result.unchanged.append(url)
            else:
                result.new_files.append(path)
        return result

    def fetch_one(self, url: str, landing_dir: Path) -> Path | None:
        """Download one URL; None when unchanged; raises SourceError with a one-line reason."""
        problem = url_problem(url)
        if problem:
            raise SourceError(self.name, f"{mask_url(url)} {problem}")
        key = f"{self.name}:{url}"
        previous = self.state.get(key)
        status, headers, body = self._get_with_retries(url, _conditional_headers(previous))
        if status == 304:
            return None
        checksum = hashlib.sha256(body).hexdigest()
        record = {
            "etag": headers.get("ETag"),
            "last_modified": headers.get("Last-Modified"),
            "sha256": checksum,
            "url": url,
        }
        if checksum == previous.get("sha256"):
            self.state.put(key, record)
            return None
        path = _write_landing(landing_dir, file_name_for(url), body, checksum)
        self.state.put(key, record)
        return path

    # --- transport ---------------------------------------------------------------
    def _get_with_retries(self, url: str, extra: dict[str, str]):
        last_reason = "no attempt made"
        for attempt in range(1, max(1, self.retry.attempts) + 1):
            try:
                return self._get(url, extra)
            except _Retryable as exc:
                last_reason = str(exc)
                if attempt < self.retry.attempts:
                    wait = self.retry.delay(attempt)
                    log.info("source %s: %s; retry %d in %.1fs", self.name, exc, attempt, wait)
                    self.sleep(wait)
        raise SourceError(self.name, f"{url}: gave up after {self.retry.attempts} attempts: "
                                     f"{last_reason}")

    def _get(self, url: str, extra: dict[str, str]):
        credentials = auth_header(self.name, self.settings)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **extra},
                                         method="GET")
        for name, value in credentials.items():  # never carried to a redirect by urllib
            request.add_unredirected_header(name, value)
        opener = urllib.request.build_opener(SafeRedirects(url, credentials))
        try:
            with opener.open(request, timeout=self.timeout_s) as response:
                body = _read_body(response, url, self.name, self.settings.limits)
                return response.status, response.headers, body
        except RedirectRefused as exc:
            raise SourceError(self.name, f"{url}: {exc}") from None
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return 304, exc.headers, b""
            if exc.code in RETRY_STATUSES:
                raise _Retryable(f"HTTP {exc.code}") from None
            raise SourceError(self.name, f"{url}: HTTP {exc.code} {exc.reason}") from None
        except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                raise _Retryable(f"timed out after {self.timeout_s:g}s") from None
            raise _Retryable(f"connection failed: {reason}") from None


def _conditional_headers(previous: dict) -> dict[str, str]:
    headers = {}
    if previous.get("etag"):
        headers["If-None-Match"] = previous["etag"]
    if previous.get("last_modified"):
        headers["If-Modified-Since"] = previous["last_modified"]
    return headers


def _read_body(response, url: str, source: str, limits: Limits) -> bytes:
    """The whole body; a short read against Content-Length, or a body over the file size
    limit (read no further), is refused."""
    expected = response.headers.get("Content-Length")
    cap = limits.max_file_bytes
    too_big = f"{url}: the body is larger than OFFSHORING_MAX_FILE_MB={limits.max_file_mb:g}"
    if expected is not None and expected.isdigit() and int(expected) > cap:
        raise SourceError(source, too_big)
    try:
        body = response.read(cap + 1)
    except http.client.IncompleteRead as exc:
        raise SourceError(source, f"{url}: truncated body: got {len(exc.partial)} of "
                                  f"{expected} bytes (Content-Length)") from None
    except TimeoutError:
        raise _Retryable("timed out while reading the body") from None
    if len(body) > cap:
        raise SourceError(source, too_big)
    if expected is not None and expected.isdigit() and len(body) != int(expected):
        raise SourceError(source, f"{url}: truncated body: got {len(body)} of {expected} "
                                  "bytes (Content-Length)")
    return body


def _write_landing(landing_dir: Path, name: str, body: bytes, checksum: str) -> Path:
    """Write atomically into landing; a different file of the same name is not overwritten."""
    landing_dir.mkdir(parents=True, exist_ok=True)
    target = landing_path(landing_dir, name, checksum)
    tmp = target.with_name(f".{target.name}.part")  # hidden: never discovered half-written
    tmp.write_bytes(body)
    tmp.replace(target)
    return target
