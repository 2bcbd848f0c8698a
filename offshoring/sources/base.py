"""The small interface every release source implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from offshoring.files import sha256_file


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


def landing_path(landing_dir: Path, name: str, checksum: str) -> Path:
    """Where a fetched file lands: under its name, unless a file of that name with other
    bytes waits there (a version not processed yet): then ``<stem>.<sha256[:12]>.<ext>``,
    so two versions never collide and none is overwritten."""
    target = landing_dir / name
    if target.is_symlink() or (target.exists() and sha256_file(target) != checksum):
        stem, dot, suffix = name.rpartition(".")
        target = landing_dir / (f"{stem}.{checksum[:12]}.{suffix}" if dot else
                                f"{name}.{checksum[:12]}")
    return target
