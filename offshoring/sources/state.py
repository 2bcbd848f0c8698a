"""What each source last fetched (ETag, Last-Modified, checksum), kept in a small JSON file.

The file lives in the warehouse (``settings.sources_state_path``) and is replaced
atomically (write a temporary file, then ``os.replace``), so a crash never leaves half a
file and the DuckDB single-writer rule is not involved.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


class SourcesState:
    """Per-key records (``{"etag": ..., "last_modified": ..., "sha256": ...}``) on disk."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def read_all(self) -> dict[str, dict]:
        """Every record; an absent or unreadable file counts as empty."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> dict:
        """The record of one key (an empty dict if none)."""
        return dict(self.read_all().get(key, {}))

    def put(self, key: str, record: dict) -> None:
        """Replace the record of one key, atomically."""
        data = self.read_all()
        data[key] = record
        write_json_atomic(self.path, data)


def write_json_atomic(path: Path, data: object) -> None:
    """Write JSON next to ``path`` then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
