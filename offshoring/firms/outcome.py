"""What the pipeline records for a firm file besides its rule results.

Everything runs inside the caller's transaction; nothing here commits or rolls back.
"""

from __future__ import annotations

from offshoring.warehouse import sql_text

# Rule id recorded when the file itself cannot be read (FirmFileError): a reader rule of
# the catalogue (expectations/firm.readable/).
FILE_RULE_ID = "firm.readable"


def content_checksum(con, load_id: int, settings) -> str:
    """Order-independent checksum of a staged load (same rows, other file = same value)."""
    row_count, hash_sum = con.execute(sql_text(settings, "firms/content_checksum.sql"),
                                      {"load_id": load_id}).fetchall()[0]
    return f"firms:{row_count}:{int(hash_sum):x}"
