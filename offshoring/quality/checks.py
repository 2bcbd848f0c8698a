"""The check queries (sql/quality/*.sql): the heavy work, inside DuckDB."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PREPARE_FILE = "_prepare.sql"
# For a load whose values are already in core.release_values (firm aggregates).
PREPARE_LOADED_FILE = "_prepare_loaded.sql"
TEMP_TABLES = ("quality_known", "quality_new_values", "quality_release")
KNOWN_FILE = "_known.sql"  # run after either preparation file
LOAD_VARIABLE = "quality_load_id"  # read by _prepare.sql with getvariable()
QUALITY_SQL_DIR = "quality"
# Columns every frame handed to GX carries; GX reports them for each failing row.
KEY_COLUMNS = ("indicator", "period", "segment", "region", "expected", "actual", "detail")


@lru_cache(maxsize=64)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def check_sql(sql_dir: Path, rule_id: str) -> str:
    """The query of one rule: sql/quality/<rule_id>.sql."""
    return _read(Path(sql_dir) / QUALITY_SQL_DIR / f"{rule_id}.sql")


def _statements(text: str) -> list[str]:
    return [s.strip() for s in text.split(";") if s.strip()]


def prepare(con, sql_dir: Path, load_id: int) -> None:
    """Materialise the release's rows (temp tables quality_release, quality_known) once."""
    con.execute(f"set variable {LOAD_VARIABLE} = ?", [int(load_id)])
    run_prepare(con, sql_dir, PREPARE_FILE)


def run_prepare(con, sql_dir: Path, name: str) -> None:
    """Run one preparation file of sql/quality/ (its statements, in order), then the
    shared _known.sql that adds what core.current already holds."""
    for file_name in (name, KNOWN_FILE):
        for statement in _statements(_read(Path(sql_dir) / QUALITY_SQL_DIR / file_name)):
            con.execute(statement)


def cleanup(con) -> None:
    """Drop the temp tables made by prepare()."""
    for table in TEMP_TABLES:
        con.execute(f"drop table if exists {table}")


def rule_frame(con, sql_dir: Path, rule_id: str):
    """The pandas frame GX judges for one rule (one row per key checked)."""
    frame = con.execute(check_sql(sql_dir, rule_id)).df()
    for column in KEY_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    return frame
