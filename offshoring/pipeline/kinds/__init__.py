"""File kinds behind one small interface: how a received file is read, staged, judged
and loaded. The pipeline asks ``kind_of(path)`` and then only talks to the interface.

A kind is a module with ``NAME``, ``matches(path, name, settings) -> bool`` and
``open_file(path, name, session) -> KindFile`` (which may raise ``RejectedFile``); ``path``
is the archived copy, ``name`` the file's name as received (a layout may match on it).
``KINDS`` is tried in order: firm declarations (by their header), publishers' tables
read through a layout (any CSV or XLSX table that is not a long release), and releases,
the last one, which take every file no other kind claims.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from offshoring.pipeline.kinds import firm_declarations, layout, release
from offshoring.quality.model import ValidationOutcome

KINDS = (firm_declarations, layout, release)


class KindFile(Protocol):
    """One opened file of a kind. Every method runs inside the session's transaction."""

    kind: str

    def stage(self, load_id: int) -> int:
        """Write the file's rows to the raw layer; return how many (RejectedFile if the
        file turns out unreadable)."""

    def content_sha(self, load_id: int) -> str:
        """Checksum of the staged content: the same rows from another file are a duplicate."""

    def validate(self, load_id: int) -> ValidationOutcome:
        """Every quality rule of the kind on the staged rows."""

    def load(self, load_id: int) -> int:
        """Append the accepted values to core.release_values; return how many."""

    def after_load(self, load_id: int, verdict: ValidationOutcome) -> ValidationOutcome:
        """Rules that need the loaded values (e.g. firm aggregates vs other sources)."""


def kind_of(path: Path, name: str, settings):
    """The kind module that claims ``path``, received as ``name`` (releases when no other
    does)."""
    return next(kind for kind in KINDS if kind.matches(path, name, settings))
