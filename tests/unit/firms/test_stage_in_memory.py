"""Which firm loads are staged without DuckDB's optimistic writes (rows kept in memory)."""

from __future__ import annotations

import duckdb

from offshoring.pipeline.kinds.firm_declarations import stage_in_memory
from offshoring.settings import load_settings


def _file(tmp_path, name: str, size: int):
    path = tmp_path / name
    path.write_bytes(b"x" * size)
    return path


def test_a_csv_small_beside_the_memory_limit_is_staged_in_memory(tmp_path):
    settings = load_settings(tmp_path / "wh")
    con = duckdb.connect(config={"memory_limit": "64MiB"})  # a quarter: 16 MiB
    assert stage_in_memory(con, settings, _file(tmp_path, "small.csv", 16 * 2**20)) is True
    assert stage_in_memory(con, settings, _file(tmp_path, "large.csv", 16 * 2**20 + 1)) is False


def test_kept_rows_and_parquet_files_keep_optimistic_writes(tmp_path):
    con = duckdb.connect(config={"memory_limit": "64MiB"})
    small_csv = _file(tmp_path, "small.csv", 1000)
    kept = load_settings(tmp_path / "wh", keep_firm_rows=True)
    assert stage_in_memory(con, kept, small_csv) is False
    default = load_settings(tmp_path / "wh")
    assert stage_in_memory(con, default, _file(tmp_path, "small.parquet", 1000)) is False
