"""The local-folder source: the twin of the HTTP source, for files dropped on disk."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from offshoring.files import sha256_file
from offshoring.sources.base import FetchResult
from offshoring.sources.state import SourcesState

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
            if not path.is_file() or path.suffix.lower() not in RELEASE_SUFFIXES:
                continue
            key = f"{self.name}:{path.name}"
            checksum = sha256_file(path)
            if self.state.get(key).get("sha256") == checksum:
                result.unchanged.append(path.name)
                continue
            landing_dir.mkdir(parents=True, exist_ok=True)
            target = landing_dir / path.name
            if target.resolve() != path.resolve():
                tmp = target.with_name(f".{target.name}.part")
                shutil.copyfile(path, tmp)
                tmp.replace(target)
            self.state.put(key, {"sha256": checksum})
            result.new_files.append(target)
        return result
