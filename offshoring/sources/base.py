"""The small interface every release source implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable


class SourceError(RuntimeError):
    """A release could not be fetched; ``reason`` is one line for the run summary."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass
class FetchResult:
    """What one ``fetch`` brought: new files in landing, and what was skipped or refused."""

    new_files: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (what, one-line reason)


@runtime_checkable
class ReleaseSource(Protocol):
    """Fetch new release files into a landing folder and return their paths."""

    name: str

    def fetch(self, landing_dir: Path) -> FetchResult:
        """Copy or download every new release into ``landing_dir``; never raise for one file."""
        ...
