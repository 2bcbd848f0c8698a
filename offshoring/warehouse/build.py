"""Building the warehouse: schemas, seeds, macros (they may read the seeds, e.g. the
period vocabulary), then every object of sql/ in an order derived from what each one reads. Idempotent: tables are created if missing, views and
table macros replaced, seed tables reloaded; a run builds once, when it opens.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb

from offshoring.settings import Settings
from offshoring.warehouse.layout import (
    OBJECT_STEM,
    SCHEMAS,
    SqlObject,
    macro_files,
    macro_names,
    object_files,
    read_object,
)
from offshoring.warehouse.order import build_order
from offshoring.warehouse.seeds import SEED_KINDS, load_seed, seed_objects

# Tables of earlier versions that are views now: dropped when found, so that an existing
# warehouse upgrades in place (their content was derived from core.release_values).
FORMER_TABLES = ("core.observations",)


def plan(settings: Settings) -> list[SqlObject]:
    """Seeds and SQL objects in build order (no database needed); layout errors raise."""
    sql_dir = settings.sql_dir
    objects = [read_object(path, sql_dir) for path in object_files(sql_dir)]
    return build_order([*seed_objects(settings), *objects], sql_dir)


def build(con: duckdb.DuckDBPyConnection, settings: Settings) -> list[str]:
    """Create or refresh the whole warehouse; return what was built, in order: the seed
    tables, the macro names, then the qualified name of every SQL object."""
    ordered = plan(settings)  # every file checked before anything changes
    built: list[str] = []
    folders = [s for s in SCHEMAS if (settings.sql_dir / s).is_dir()]
    for schema in dict.fromkeys([*folders, *(obj.schema for obj in ordered)]):
        con.execute(f"create schema if not exists {schema}")
    _drop_former_tables(con, ordered)
    _drop_former_views(con, ordered)
    seeds = [obj for obj in ordered if obj.kind in SEED_KINDS]
    for obj in seeds:
        load_seed(con, obj, settings)
        built.append(obj.qualified)
    for path in macro_files(settings.sql_dir):
        con.execute(path.read_text(encoding="utf-8"))
        built += macro_names(path)
    for obj in ordered:
        if obj.kind not in SEED_KINDS:
            con.execute(obj.sql)
            built.append(obj.qualified)
    return built


def _drop_former_tables(con: duckdb.DuckDBPyConnection, ordered: list[SqlObject]) -> None:
    views = {obj.qualified for obj in ordered if obj.kind == "view"}
    for name in FORMER_TABLES:
        schema, table = name.split(".")
        found = con.execute("select count(*) from duckdb_tables() where schema_name = ? "
                            "and table_name = ?", [schema, table]).fetchall()[0][0]
        if name in views and found:
            con.execute(f"drop table {name}")


def _drop_former_views(con: duckdb.DuckDBPyConnection, ordered: list[SqlObject]) -> None:
    """Views of earlier versions that are tables now (ref.*_keys, computed once per
    build): dropped, so that `create or replace table` can replace them (a view holds no
    data)."""
    tables = {obj.qualified for obj in ordered if obj.kind == "table"}
    found = con.execute("select schema_name || '.' || view_name from duckdb_views() "
                        "where not internal and database_name = current_database()"
                        ).fetchall()
    for (name,) in found:
        if name in tables:
            con.execute(f"drop view {name}")


def sql_text(settings: Settings, relative_path: str) -> str:
    """The text of a SQL file that Python runs (not a warehouse object), e.g.
    ``sql_text(settings, "firms/aggregate.sql")``; read once per process."""
    sql_dir = Path(settings.sql_dir).resolve()
    path = (sql_dir / relative_path).resolve()
    if sql_dir not in path.parents:
        raise ValueError(f"{relative_path}: not a file under {sql_dir}")
    parts = path.relative_to(sql_dir).parts
    if len(parts) == 2 and parts[0] in SCHEMAS and OBJECT_STEM.fullmatch(path.stem):
        raise ValueError(f"sql/{relative_path} is a warehouse object, made by build(), "
                         "not a statement to run")
    return read_sql(path)


def query(con, settings: Settings, relative_path: str, params: dict | None = None
          ) -> list[dict]:
    """Run a read query of sql/ (e.g. ``reports/last_run.sql``); its rows as dicts."""
    result = con.execute(sql_text(settings, relative_path), params or {})
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


@lru_cache(maxsize=None)
def read_sql(path: Path) -> str:
    """The text of a SQL file, read once per process (rules' queries live outside sql/)."""
    return Path(path).read_text(encoding="utf-8")
