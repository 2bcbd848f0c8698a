"""Statistics releases: read in Python (small, text as received), typed in SQL staging."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from offshoring import quality
from offshoring.readers import ReleaseTable, read_release

NAME = "release"
ARROW_VIEW = "incoming_release"  # the name sql/pipeline/insert_release_rows.sql reads


def matches(path: Path, name: str, settings) -> bool:
    """Every file no other kind claims is read as a release."""
    return True


def open_file(path: Path, name: str, session) -> ReleaseFile:
    settings = session.settings
    return ReleaseFile(session, read_release(path, limits=settings.limits,
                                             sheet=settings.xlsx_sheet))


class ReleaseFile:
    """A release's rows, read before any transaction (RejectedFile when unreadable):
    from a long release file, or reshaped from a publisher's table (kinds.layout)."""

    kind = NAME

    def __init__(self, session, table: ReleaseTable):
        self.session = session
        self.table = table

    def stage(self, load_id: int) -> int:
        rows = self.table.rows
        columns = list(zip(*rows, strict=True)) if rows else [[] for _ in self.table.columns]
        arrow = pa.table({
            "load_id": pa.array([load_id] * len(rows), pa.int64()),
            "row_number": pa.array(range(1, len(rows) + 1), pa.int32()),
            **{name: pa.array(values, pa.string())
               for name, values in zip(self.table.columns, columns, strict=True)},
        })
        con = self.session.con
        con.register(ARROW_VIEW, arrow)
        try:
            self.session.sql("insert_release_rows")
        finally:
            con.unregister(ARROW_VIEW)
        # Typed once per file (typing reads every reference list, ~10 ms whatever the
        # rows): the checksum, the rules and the load read this temp table. Made inside
        # the file's transaction (a rollback drops it); the next file replaces it.
        quality.prepare_typed_release(self.session.con, self.session.settings, load_id)
        return len(rows)

    def content_sha(self, load_id: int) -> str:
        return self.session.sql("release_content_sha", {"load_id": load_id})[0][0]

    def validate(self, load_id: int):
        return quality.validate(self.session.con, load_id, self.session.settings, quality.RELEASE,
                                ready=(quality.TYPED_RELEASE,), rows=len(self.table.rows))

    def load(self, load_id: int) -> int:
        return self.session.sql("load_release_values", {"load_id": load_id})[0][0]

    def after_load(self, load_id: int, verdict):
        # sources.agree already ran in validate(): a release's values are known before.
        return verdict
