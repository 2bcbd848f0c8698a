"""The limits every received file is read under (docs/security.md).

One source for the defaults: the settings' fields (``OFFSHORING_MAX_FILE_MB``, ...) take
them from here, and ``Settings.limits`` hands them to the readers.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """How much of a received file the pipeline agrees to read."""

    max_file_mb: float = 1024.0  # any file (firm declarations at 10 M rows are ~600 MB)
    max_rows: int = 1_000_000  # rows of a release (CSV lines, JSON records, XLSX rows)
    max_json_depth: int = 32  # nesting of arrays and objects in a JSON release
    max_xlsx_cells: int = 5_000_000  # used range of a worksheet (rows x columns)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)
