"""Read the SQL files of the capability from the project's sql/ folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from offshoring.settings import PROJECT_ROOT

SQL_ROOT = PROJECT_ROOT / "sql"


@cache
def sql_text(relative: str, root: Path = SQL_ROOT) -> str:
    """Text of ``sql/<relative>``, without a trailing semicolon."""
    return (root / relative).read_text(encoding="utf-8").strip().rstrip(";")
