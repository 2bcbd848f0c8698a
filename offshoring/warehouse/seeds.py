"""Seed tables: every ``seeds/<name>.csv`` becomes ``ref.<name>``; ``ref.parameters``
holds the settings the marts read (name, value)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from offshoring.settings import Settings
from offshoring.warehouse.layout import OBJECT_STEM, SqlObject

SEED_SCHEMA = "ref"
PARAMETERS = "parameters"
SEED_KINDS = ("seed", "parameters")  # SqlObject.kind of the tables loaded by Python


def seed_objects(settings: Settings) -> list[SqlObject]:
    """One ref table per seed CSV, and ref.parameters (from the settings)."""
    folder = Path(settings.seeds_dir)
    csvs = sorted(p for p in folder.glob("*.csv") if OBJECT_STEM.fullmatch(p.stem)) \
        if folder.is_dir() else []
    seeds = [SqlObject(SEED_SCHEMA, p.stem, "seed", p) for p in csvs]
    return [*seeds, SqlObject(SEED_SCHEMA, PARAMETERS, "parameters")]


def parameters(settings: Settings) -> dict[str, float]:
    """The settings the mart views read from ref.parameters."""
    return {
        "cagr_window_years": settings.cagr_window_years,
        "min_years_observed": settings.min_years_observed,
        "status_on_track": settings.status_on_track,
        "status_acceleration": settings.status_acceleration,
        "projection_on_track": settings.projection_on_track,
        "projection_acceleration": settings.projection_acceleration,
    }


def load_seed(con: duckdb.DuckDBPyConnection, seed: SqlObject, settings: Settings) -> None:
    """Replace one seed table: from its CSV, or ref.parameters from the settings."""
    if seed.kind == "parameters":
        con.execute(f"create or replace table {seed.qualified} (name varchar, value double)")
        con.executemany(f"insert into {seed.qualified} values (?, ?)",
                        list(parameters(settings).items()))
        return
    con.execute(
        f"create or replace table {seed.qualified} as "
        "select * from read_csv(?, header = true, auto_detect = true)",
        [str(seed.path)],
    )
