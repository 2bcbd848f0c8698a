"""What the pipeline writes about files: load ids, meta.loads rows, duplicate lookups.

Every statement is a file of sql/pipeline/ run through ``Session.sql``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from offshoring.files import Keeping


@dataclass(frozen=True)
class Received:
    """A file as received: its name, checksum, where its bytes are kept, its size, and
    the archive copy being made durable (None: nothing to wait for, as in a dry run)."""

    file_name: str
    sha256: str
    stored: Path
    size_bytes: int
    keeping: Keeping | None = None

    def wait_kept(self) -> None:
        """Return once the kept bytes would survive a crash (NotKept if they cannot)."""
        if self.keeping is not None:
            self.keeping.wait()

    def moved_to(self, stored: Path) -> Received:
        """The same file moved (by ``files.move_into``, after ``wait_kept``)."""
        return replace(self, stored=stored, keeping=None)


def relative(settings, stored: Path) -> str:
    """A kept file's path inside the warehouse (archive/... or quarantine/...)."""
    return str(stored.relative_to(settings.warehouse_dir))


def next_load_id(session) -> int:
    return session.sql("next_load_id")[0][0]


def same_content_load(session, content_sha256: str) -> int | None:
    rows = session.sql("same_content_load", {"content_sha256": content_sha256})
    return rows[0][0] if rows else None


def record_load(session, received: Received, load_id: int, kind: str, status: str,
                content_sha256: str | None, row_count: int, reason: str | None = None) -> None:
    session.sql("record_load", {
        "load_id": load_id, "run_id": session.run_id, "kind": kind,
        "file_name": received.file_name, "file_sha256": received.sha256,
        "content_sha256": content_sha256, "size_bytes": received.size_bytes,
        "stored_path": relative(session.settings, received.stored), "status": status,
        "reason": reason, "row_count": row_count,
    })
