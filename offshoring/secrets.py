"""Secrets (webhook URL, publisher credentials): from the settings (environment) or a
Prefect Secret block.

Never from files in the repository. The settings win; a Prefect Secret block is tried
only when a Prefect API is configured, so a plain CLI run never starts a temporary
Prefect server just to look for a secret.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

MASK = "***"
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``: the only hosts plain http may reach."""
    if not host:
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why a URL may not carry a secret (webhook, publisher credentials), or None:
    https anywhere, plain http only to this machine."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme not in ("http", "https") or not host:
        return "is not an http(s) URL with a host"
    if parts.scheme == "http" and not is_loopback(host):
        return "uses plain http: allowed only for loopback (127.0.0.1, ::1, localhost); use https"
    return None


def mask_url(url: str) -> str:
    """``https://chat.example.org/***``: scheme and host kept, the secret part masked."""
    try:
        parts = urlsplit(str(url))
        host = parts.hostname
    except ValueError:
        return MASK
    if not parts.scheme or not host or not host.isprintable():
        return MASK
    return f"{parts.scheme}://{host}/{MASK}"


def secret_parts(value: str) -> list[str]:
    """The strings to redact for one secret: itself, and for a URL its path and query
    (a webhook's secret is its path, which errors sometimes print alone)."""
    parts = [value]
    try:
        split = urlsplit(value)
    except ValueError:
        return parts
    if split.scheme and split.netloc:
        parts += [p for p in (split.path, split.query) if len(p) >= 8]
    return parts


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ``***`` (longest first)."""
    for value in sorted({p for s in secrets if s for p in secret_parts(s)}, key=len,
                        reverse=True):
        text = text.replace(value, MASK)
    return text


class _Redactor:
    """A log record factory that redacts the configured secrets from every record."""

    def __init__(self, factory):
        self.factory = factory
        self.secrets: set[str] = set()

    def __call__(self, *args, **kwargs):
        record = self.factory(*args, **kwargs)
        if self.secrets:
            try:
                message = record.getMessage()
            except Exception:  # noqa: BLE001 - a broken format is left to logging
                return record
            record.msg, record.args = redact(message, self.secrets), None
            if record.exc_info and not record.exc_text:
                text = logging.Formatter().formatException(record.exc_info)
                record.exc_text = redact(text, self.secrets)
        return record


def install_log_redaction(settings) -> None:
    """Redact ``settings.secret_values()`` from every log record of this process
    (Prefect's and GX's included); idempotent, secrets of later calls are added."""
    factory = logging.getLogRecordFactory()
    if not isinstance(factory, _Redactor):
        factory = _Redactor(factory)
        logging.setLogRecordFactory(factory)
    factory.secrets.update(settings.secret_values())


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
