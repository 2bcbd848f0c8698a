"""The marts against their contract (docs/contract/marts.yaml), on the in-memory warehouse."""

from __future__ import annotations

import copy

import pyarrow.parquet as pq

from offshoring import contract
from offshoring.publish import _struct_literal

FIELDS = {"name", "type", "unit", "meaning"}


def test_every_view_matches_the_contract(con, settings):
    assert contract.view_drift(con, contract.load_contract(settings), settings) == []


def test_contract_entries_are_complete(settings):
    spec = contract.load_contract(settings)
    assert spec["schema_version"]
    for name, entry in spec["marts"].items():
        assert entry["grain"] and entry["status"] in ("stable", "provisional"), name
        for column in entry["columns"]:
            assert set(column) == FIELDS, (name, column)
            assert column["type"] in contract.ARROW_TYPES, (name, column)
    assert {n for n, e in spec["marts"].items() if e["status"] == "provisional"} == {
        "data_quality"}


def test_a_renamed_or_retyped_column_is_caught(con, settings):
    spec = contract.load_contract(settings)
    renamed = copy.deepcopy(spec)
    renamed["marts"]["progress_2030"]["columns"][4]["name"] = "last_value"
    assert "progress_2030 (view): column last_value missing" in contract.view_drift(
        con, renamed, settings)
    retyped = copy.deepcopy(spec)
    retyped["marts"]["trajectory"]["columns"][1]["type"] = "BIGINT"
    assert contract.view_drift(con, retyped, settings) == [
        "trajectory (view): column year is INTEGER, contract says BIGINT"]


def test_a_mart_missing_from_the_contract_fails(con, settings):
    spec = contract.load_contract(settings)
    del spec["marts"]["segment_mix"]
    con.execute("create view marts.extra as select 1 as x")
    problems = contract.view_drift(con, spec, settings)
    assert "mart segment_mix is not in the contract (docs/contract/marts.yaml)" in problems
    assert "mart extra is not in the contract (docs/contract/marts.yaml)" in problems


def test_docs_are_rendered_from_the_contract(settings):
    assert contract.sync_docs(settings, write=False), \
        "docs/marts.md is out of date: run python -m offshoring.contract"


def test_kv_metadata_survives_quotes(tmp_path, con, settings):
    meta = contract.kv_metadata(contract.load_contract(settings), "trajectory")
    meta["note"] = "l'objectif \"2030\""
    path = tmp_path / "t.parquet"
    con.execute(f"copy (select 1 as x) to '{path}' (format parquet, "
                f"kv_metadata {_struct_literal(meta)})")
    stored = pq.read_schema(path).metadata
    assert stored[b"note"].decode() == meta["note"]
    assert stored[b"schema_version"].decode() == meta["schema_version"]
