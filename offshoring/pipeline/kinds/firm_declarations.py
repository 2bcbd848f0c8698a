"""Firm-level monthly declarations: bulk-read by DuckDB, checked and aggregated in SQL."""

from __future__ import annotations

from pathlib import Path

from offshoring import quality
from offshoring.firms import FirmFileError, aggregate_firm_declarations, stage_firm_file
from offshoring.firms.detect import is_firm_declarations_file
from offshoring.firms.outcome import FILE_RULE_ID, content_checksum
from offshoring.readers import RejectedFile

NAME = quality.FIRM_DECLARATIONS


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
        # With DuckDB's optimistic writes (the default), the rows reach the database file
        # as compressed row groups while they are appended, and the rules and the
        # aggregation scan those 1.5-5x faster than rows held in the transaction's memory;
        # rows not kept are freed at the commit (bench/README.md, "Rows scanned...").
        try:
            return stage_firm_file(self.session.con, self.path, load_id)
        except FirmFileError as err:
            raise RejectedFile(FILE_RULE_ID, err.reason) from None

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
