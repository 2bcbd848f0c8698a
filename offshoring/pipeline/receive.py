"""receive: checksum the bytes, recognise a file seen before, archive a new one; and
tidy the landing folder once the file is safe."""

from __future__ import annotations

from pathlib import Path

from offshoring import files
from offshoring.pipeline.outcome import DUPLICATE, REJECTED, FileOutcome


def seen_before(session, path: Path, sha: str) -> FileOutcome | None:
    """The outcome of a file whose exact bytes were received before, else None."""
    rows = session.sql("previous_load", {"file_sha256": sha})
    if not rows:
        return None
    load_id, status, reason = rows[0]
    if status == REJECTED:
        return FileOutcome(path.name, sha, REJECTED, load_id=load_id,
                           note=f"already rejected as load {load_id}: {reason}")
    return FileOutcome(path.name, sha, DUPLICATE, load_id=load_id,
                       note=f"same checksum as load {load_id}")


def archive(settings, path: Path, sha: str) -> Path:
    """Keep the bytes before anything else can go wrong: archive/<sha256><ext>."""
    return files.store_copy(path, settings.archive_dir / f"{sha}{files.safe_suffix(path)}")


def clear_landing(settings, path: Path) -> None:
    """Remove a processed file from the landing folder (files given to ``ingest`` from
    elsewhere are left alone)."""
    if path.parent.resolve() == settings.landing_dir.resolve() and path.exists():
        path.unlink()
