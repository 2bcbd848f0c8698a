"""Where release files come from: a local folder or a publisher's URL, behind one interface."""

from offshoring.sources.base import FetchResult, ReleaseSource, SourceError
from offshoring.sources.http import HttpSource, RetryPolicy
from offshoring.sources.local import LocalFolderSource
from offshoring.sources.state import SourcesState

__all__ = [
    "FetchResult",
    "HttpSource",
    "LocalFolderSource",
    "ReleaseSource",
    "RetryPolicy",
    "SourceError",
    "SourcesState",
]
