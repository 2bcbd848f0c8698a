"""Firm-level monthly declarations: bulk-read by DuckDB, checked and aggregated in SQL."""

from __future__ import annotations

import re
from pathlib import Path

from offshoring import quality
from offshoring.firms import FirmFileError, aggregate_firm_declarations, stage_firm_file
from offshoring.firms.detect import is_firm_declarations_file
from offshoring.firms.outcome import FILE_RULE_ID, content_checksum
from offshoring.readers import RejectedFile

NAME = quality.FIRM_DECLARATIONS
# A CSV load is staged in memory (no optimistic writes) when the file is at most this share
# of DuckDB's memory limit: its rows then take about a third of the limit (bench/README.md).
IN_MEMORY_SHARE = 0.25
_SIZE = re.compile(r"([0-9.]+)\s*([KMGT]?)i?B", re.I)
_UNITS = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def stage_in_memory(con, settings, path: Path) -> bool:
    """Whether to stage ``path`` without optimistic writes: its rows are not kept and it
    is a CSV small beside DuckDB's memory limit (a larger load held in memory would push
    the process past the limit: peak memory)."""
    if settings.keep_firm_rows or Path(path).suffix.lower() != ".csv":
        return False
    limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
    found = _SIZE.fullmatch(str(limit).strip())
    if not found:
        return False
    budget = float(found.group(1)) * _UNITS[found.group(2).upper()]
    return Path(path).stat().st_size <= IN_MEMORY_SHARE * budget


def matches(path: Path, name: str, settings) -> bool:
    """A file whose header is exactly the firm-declaration columns."""
    return is_firm_declarations_file(path)


def open_file(path: Path, name: str, session) -> FirmFile:
    return FirmFile(path, session)


class FirmFile:
    """A firm declarations file; DuckDB reads it in ``stage``."""

    kind = NAME

    def __init__(self, path: Path, session):
        self.path = path
        self.session = session

    def stage(self, load_id: int) -> int:
        con = self.session.con
        # Rows dropped before commit (load) need not reach the database file: by default
        # DuckDB compresses and writes every 122,880 appended rows to it as they come
        # (optimistic writes), then frees them (bench/README.md: 40 % of the stage's CPU).
        in_memory = stage_in_memory(con, self.session.settings, self.path)
        if in_memory:
            con.execute("set enable_optimistic_write = false")
        try:
            return stage_firm_file(con, self.path, load_id)
        except FirmFileError as err:
            raise RejectedFile(FILE_RULE_ID, err.reason) from None
        finally:
            if in_memory:
                con.execute("reset enable_optimistic_write")

    def content_sha(self, load_id: int) -> str:
        return content_checksum(self.session.con, load_id, self.session.settings)

    def validate(self, load_id: int):
        return quality.validate(self.session.con, load_id, self.session.settings, NAME)

    def load(self, load_id: int) -> int:
        values = aggregate_firm_declarations(self.session.con, load_id, self.session.settings)
        if not self.session.settings.keep_firm_rows:
            self.session.sql("drop_firm_rows", {"load_id": load_id})
        return values

    def after_load(self, load_id: int, verdict):
        """Level 3: the aggregates just appended against the other sources in core.current."""
        agree = quality.check_loaded_sources(self.session.con, load_id, self.session.settings)
        return quality.ValidationOutcome([*verdict.results, agree])
