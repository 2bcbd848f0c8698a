"""The local-folder source: the twin of the HTTP source, for files dropped on disk.

Only regular files are copied (links are not followed). A file is copied under its name,
or, when a file of that name with other bytes still waits in landing/ (the publisher
replaced it before the pipeline ran), under ``<stem>.<sha256[:12]>.<ext>``: no version is
ever overwritten before it is processed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from offshoring.files import FileChanged, sha256_handle, store_copy
from offshoring.sources.base import FetchResult, landing_path
from offshoring.sources.state import SourcesState
from offshoring.text import file_label

RELEASE_SUFFIXES = (".csv", ".xlsx", ".json")


@dataclass
class LocalFolderSource:
    """Copy release files whose checksum was not seen before from ``folder`` into landing."""

    folder: Path
    state: SourcesState
    name: str = "local"

    def fetch(self, landing_dir: Path) -> FetchResult:
        """Copy each new file (by sha256) into ``landing_dir``; skip the ones seen before."""
        result = FetchResult()
        landing_dir = Path(landing_dir)
        for path in sorted(Path(self.folder).iterdir()):
            if path.suffix.lower() not in RELEASE_SUFFIXES:
                continue
            if not stat.S_ISREG(os.lstat(path).st_mode):
                result.rejected.append((file_label(path), "not a regular file (a link?)"))
                continue
            key = f"{self.name}:{path.name}"
            with open(path, "rb") as handle:
                checksum = sha256_handle(handle)
                if self.state.get(key).get("sha256") == checksum:
                    result.unchanged.append(path.name)
                    continue
                landing_dir.mkdir(parents=True, exist_ok=True)
                target = landing_path(landing_dir, path.name, checksum)
                if target.resolve() != path.resolve():
                    try:
                        store_copy(handle, target, checksum)
                    except FileChanged:
                        result.rejected.append((file_label(path), "changed while it was "
                                                "copied (still being written?)"))
                        continue
            self.state.put(key, {"sha256": checksum})
            result.new_files.append(target)
        return result
