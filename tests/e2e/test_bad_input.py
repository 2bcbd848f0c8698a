"""Bad input: each file rejected with a one-line reason (exit code 3), kept byte for
byte in quarantine, core tables and marts untouched; the other files still processed.

Assertions name rule ids and exit codes (the quality module is being replaced with the
same ids) and the reader-level reasons of offshoring/readers.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from offshoring.pipeline import run_pipeline
from tests.support import scenario
from tests.support.state import CORE_TABLES, QUALITY_TABLES, marts_state, warehouse_state
from tests.support.warehouses import build_scenario_warehouse, copy_warehouse

ROOT = Path(__file__).resolve().parents[2]
EN_HEADER = "indicator,period,segment,region,value,unit,source,published_on,note\n"
GOOD_ROW = "jobs,2024,ALL,MA,148 500,emplois,MTNRA,2025-03-14,\n"
SQL_TEXT = "'); DROP TABLE core.release_values; --"
FORMULA = '=HYPERLINK("http://x","y")'


def _csv(*rows: str) -> bytes:
    return (EN_HEADER + "".join(rows)).encode("utf-8")


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


# name, bytes, rule id, reader reason (a fragment of the one-line reason) or None
CASES = [
    ("empty.csv", b"", "format.file_readable", "the file is empty"),
    ("blank.csv", b"\n \r\n", "format.file_readable", "the file is empty"),
    ("binary.csv", bytes(range(256)) * 8, "format.file_readable",
     "binary content, not a text file"),
    ("ragged.csv", _csv("jobs,2024,ALL,MA,12,3,4,emplois,MTNRA,2025-03-14,\n"),
     "format.file_readable", "line 2 has 11 fields, the header has 9 (truncated or ragged CSV)"),
    ("truncated.csv", _csv(GOOD_ROW, "jobs,2023,ALL,MA,1"), "format.file_readable",
     "line 3 has 5 fields, the header has 9 (truncated or ragged CSV)"),
    ("unterminated.csv", _csv('jobs,2024,ALL,MA,"148 500'), "format.file_readable",
     "malformed CSV: unexpected end of data"),
    ("unknown_header.csv", b"indicator,period,segment,region,valeur,source,published_on,colour\n"
     b"jobs,2024,ALL,MA,1,MTNRA,2025-03-14,red\n", "format.required_columns",
     "unknown header(s) 'colour'"),
    ("latin1.csv", _csv(GOOD_ROW).decode().replace("MA,", "Fès-Meknès,", 1).encode("latin-1"),
     "format.file_readable", "not UTF-8 text (byte 0xE8 at offset"),
    ("broken.xlsx", b"PK\x03\x04 this is not a workbook", "format.file_readable",
     "malformed XLSX:"),
    ("zip_not_workbook.xlsx", _zip_without_workbook(), "format.file_readable", "malformed XLSX:"),
    ("object.json", json.dumps({"indicator": "jobs", "value": 1}).encode(),
     "format.file_readable", "JSON must be a list of records (objects)"),
    ("numbers.json", b"[1, 2, 3]", "format.file_readable",
     "JSON must be a list of records (objects)"),
    ("broken.json", b'[{"indicator": "jobs",', "format.file_readable", "malformed JSON:"),
    ("thousands_commas.csv", _csv('jobs,2024,ALL,MA,"12,3,4",emplois,MTNRA,2025-03-14,\n'),
     "format.value_parses", None),
    ("exponent.json", json.dumps([{"indicator": "jobs", "period": "2024", "segment": "ALL",
                                   "region": "MA", "value": 1e300, "source": "MTNRA",
                                   "published_on": "2025-03-14"}]).replace("1e+300", "1e400")
     .encode(), "format.value_parses", None),
    ("future.csv", _csv("jobs,2024,ALL,MA,148 500,emplois,MTNRA,2999-01-01,\n"),
     "format.published_on_valid", None),
    ("repeated_key.csv", _csv(GOOD_ROW, "jobs,2024,ALL,MA,148 600,emplois,MTNRA,2025-03-14,\n"),
     "release.unique_key", None),
    ('relevé "T3" été.csv', _csv("jobs,T5 2024,ALL,MA,1,emplois,MTNRA,2025-03-14,\n"),
     "format.period_syntax", None),
    ("sql_in_code.csv", _csv(f"\"{SQL_TEXT}\",2024,ALL,MA,1,emplois,MTNRA,2025-03-14,\n"),
     "format.known_codes", None),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A warehouse with the first two scenario releases."""
    return build_scenario_warehouse(tmp_path_factory.mktemp("bad-input-base"),
                                    list(scenario.RELEASES)[:2])


@pytest.fixture
def wh(base, tmp_path):
    return copy_warehouse(base, tmp_path)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("name", "data", "rule_id", "reason"), CASES,
                         ids=[c[0] for c in CASES])
def test_bad_file_rejected_and_kept(wh, tmp_path, name, data, rule_id, reason):
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(data)
    before = warehouse_state(wh)
    marts_before = marts_state(wh)

    summary = run_pipeline(wh, [path], command="ingest")

    outcome, = summary.outcomes
    assert summary.exit_code == 3 and outcome.status == "rejected"
    assert outcome.reasons[0].startswith(f"{rule_id} (error)")
    if reason:
        assert reason in outcome.reasons[0]
    assert "\n" not in outcome.line and outcome.line.startswith(f"REJECTED {name}: ")
    # Kept byte for byte in quarantine, under its checksum.
    kept = wh.warehouse_dir / outcome.stored_path
    assert kept.parent == wh.quarantine_dir and _sha(kept.read_bytes()) == _sha(data)
    assert kept.name.startswith(_sha(data))
    # Core untouched; the quality log and meta.loads record the rejection; marts unchanged.
    after = warehouse_state(wh)
    assert {t: after[t] for t in CORE_TABLES} == {t: before[t] for t in CORE_TABLES}
    for table in QUALITY_TABLES:
        assert after[table][0] >= before[table][0]
    assert after["quality.check_results"][0] > before["quality.check_results"][0]
    assert after["meta.loads"][0] == before["meta.loads"][0] + 1
    assert marts_state(wh) == marts_before
    con = duckdb.connect(str(wh.db_path), read_only=True)
    assert con.execute("select file_name, status, reason from meta.loads "
                       "where load_id = ?", [outcome.load_id]).fetchall() == [
        (name, "rejected", outcome.reasons[0])]
    assert con.execute("select distinct rule_id from quality.check_results where load_id = ? "
                       "and status = 'failed'", [outcome.load_id]).fetchall() == [(rule_id,)]


def test_same_bad_file_again_is_reported_rejected(wh, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    first = run_pipeline(wh, [path], command="ingest")
    before = warehouse_state(wh, CORE_TABLES + ("meta.loads",) + QUALITY_TABLES)
    again = run_pipeline(wh, [path], command="ingest")
    assert again.exit_code == 3
    assert again.outcomes[0].reasons == [
        f"already rejected as load {first.outcomes[0].load_id}: format.file_readable "
        "(error): the file is empty"]
    assert warehouse_state(wh, CORE_TABLES + ("meta.loads",) + QUALITY_TABLES) == before


def _inert_release(folder: Path) -> Path:
    name = "relevé \"T3\" été; x'); drop table meta.loads; --.csv"
    rows = [("jobs", "2024", "ALL", "MA", "148 500", "emplois", "MTNRA", "2025-03-14",
             SQL_TEXT),
            ("companies", "2024", "ALL", "MA", "1 200", "entreprises", "MTNRA", "2025-03-14",
             FORMULA)]
    header = ("indicator", "period", "segment", "region", "value", "unit", "source",
              "published_on", "note")
    return scenario.write_csv(folder / name, rows, header, delimiter=",")


def test_sql_and_formulas_are_stored_as_inert_text(wh, tmp_path):
    path = _inert_release(tmp_path)
    summary = run_pipeline(wh, [path], command="ingest")
    assert summary.exit_code == 0 and summary.outcomes[0].rows == 2
    con = duckdb.connect(str(wh.db_path), read_only=True)
    assert con.execute("select note from raw.release_rows where load_id = ? order by row_number",
                       [summary.outcomes[0].load_id]).fetchall() == [(SQL_TEXT,), (FORMULA,)]
    assert con.execute("select file_name from meta.loads where load_id = ?",
                       [summary.outcomes[0].load_id]).fetchall() == [(path.name,)]
    tables = con.execute("select schema_name || '.' || table_name from duckdb_tables() "
                         "where schema_name in ('core', 'meta', 'raw') order by all").fetchall()
    assert [t for (t,) in tables] == [  # nothing was dropped by the SQL held in the text
        "core.firm_dynamics", "core.release_values", "meta.loads", "meta.runs",
        "raw.firm_declarations", "raw.release_rows"]


def test_rejected_sql_text_is_kept_verbatim_in_quality_log(wh, tmp_path):
    path = tmp_path / "sql_in_code.csv"
    path.write_bytes(_csv(f"\"{SQL_TEXT}\",2024,ALL,MA,1,emplois,MTNRA,2025-03-14,\n"))
    summary = run_pipeline(wh, [path], command="ingest")
    con = duckdb.connect(str(wh.db_path), read_only=True)
    assert con.execute("select indicator, detail from quality.failing_rows where load_id = ?",
                       [summary.outcomes[0].load_id]).fetchall() == [
        (SQL_TEXT, f"row 1: unknown indicator '{SQL_TEXT}': not in seeds/")]


def test_cli_one_run_many_bad_files(base, tmp_path, prefect_api):
    """One `ingest` of every bad file plus a good one: one line each, exit code 3, the good
    file loaded, every bad file in quarantine byte for byte."""
    wh = copy_warehouse(base, tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    paths = []
    for name, data, _, _ in CASES:
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    good = _inert_release(folder)
    before = warehouse_state(wh, ("core.release_values",))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PREFECT_API_URL": prefect_api,
           "OFFSHORING_WAREHOUSE": str(wh.warehouse_dir)}
    done = subprocess.run([sys.executable, "-m", "offshoring.cli", "ingest", *map(str, paths),
                           str(good)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name, _, rule_id, reason in CASES:
        line = next(x for x in lines if x.startswith(f"REJECTED {name}: "))
        assert f": {rule_id} (error)" in line and (reason is None or reason in line)
    assert f"LOADED {good.name}: 2 rows as load" in done.stdout
    assert f"1 loaded, {len(CASES)} rejected, 0 already loaded" in done.stdout
    kept = {_sha(p.read_bytes()) for p in wh.quarantine_dir.iterdir()}
    assert kept == {_sha(data) for _, data, _, _ in CASES}
    after = warehouse_state(wh, ("core.release_values",))
    assert after["core.release_values"][0] == before["core.release_values"][0] + 2
