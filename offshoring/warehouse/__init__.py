"""Warehouse access: the writer lock, connections, and building the SQL objects.

``sql/<schema>/<object>.sql`` makes one object each; ``build`` runs the macros, loads
the seeds and runs every object file in an order derived from what each one reads
(docs/architecture.md, "SQL").
"""

from offshoring.warehouse.build import build, plan, query, read_sql, sql_text
from offshoring.warehouse.connection import connect, first_row, sql_literal
from offshoring.warehouse.layout import SCHEMAS, SqlLayoutError, SqlObject
from offshoring.warehouse.lock import WarehouseBusy, writer_active, writer_lock

__all__ = [
    "SCHEMAS",
    "SqlLayoutError",
    "SqlObject",
    "WarehouseBusy",
    "build",
    "connect",
    "first_row",
    "plan",
    "query",
    "read_sql",
    "sql_literal",
    "sql_text",
    "writer_active",
    "writer_lock",
]
