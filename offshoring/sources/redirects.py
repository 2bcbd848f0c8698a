"""Redirects of the HTTP source: followed to allowed URLs only, and credentials kept on
the origin (scheme, host, port) of the configured URL."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

from offshoring.secrets import mask_url, url_problem


class RedirectRefused(Exception):
    """A redirect to a URL that may not be fetched (plain http to another machine)."""


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port: where credentials may go."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to allowed URLs only; credentials go to the first origin only
    (urllib carries "unredirected" headers to no redirect: they are added back here when
    the redirect stays on that origin)."""

    def __init__(self, first_url: str, credentials: dict[str, str]):
        super().__init__()
        self.first_origin = origin(first_url)
        self.credentials = credentials

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        problem = url_problem(newurl)
        if problem:
            raise RedirectRefused(f"redirected to {mask_url(newurl)}, which {problem}")
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and origin(newurl) == self.first_origin:
            for name, value in self.credentials.items():
                new.add_unredirected_header(name, value)
        return new
