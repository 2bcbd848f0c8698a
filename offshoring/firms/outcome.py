"""What the pipeline records for a firm file besides its rule results.

Everything runs inside the caller's transaction; nothing here commits or rolls back.
"""

from __future__ import annotations

from offshoring.firms.constants import COLUMNS

# Rule id recorded when the file itself cannot be read (FirmFileError): a reader rule of
# the catalogue (expectations/firm.readable/).
FILE_RULE_ID = "firm.readable"


def content_checksum(con, load_id: int) -> str:
    """Order-independent checksum of a staged load (same rows, other file = same value).

    Sum of DuckDB row hashes with the row count: one cheap scan, no sort. DuckDB's hash
    is not cryptographic and may change between DuckDB versions.
    """
    columns = ", ".join(COLUMNS)
    count, total = con.execute(
        f"select count(*), sum(cast(hash({columns}) as hugeint)) "
        "from raw.firm_declarations where load_id = ?", [load_id]).fetchone()
    return f"firms:{count}:{int(total or 0):x}"
