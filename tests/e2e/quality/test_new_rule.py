"""Adding a quality rule means adding one folder: a rule written into a copy of the
catalogue is picked up, judged by GX, recorded and listed, with no other file touched."""

from __future__ import annotations

import filecmp
import json
import shutil

import duckdb
import pytest

from offshoring import cli
from offshoring.pipeline import run_pipeline
from offshoring.quality.model import reason_line
from offshoring.settings import load_settings

pytestmark = pytest.mark.e2e

RULE_ID = "release.jobs_round_hundreds"
SUITE = {
    "name": RULE_ID,
    "expectations": [{
        "type": "expect_column_values_to_be_between",
        "kwargs": {"column": "remainder", "min_value": 0, "max_value": 0},
        "meta": {"problem": "not a multiple of 100"},
    }],
    "meta": {
        "level": 2, "severity": "warning", "dataset": "release", "decided_by": "gx",
        "description_en": "Jobs are published rounded to the hundred",
        "description_fr": "Les emplois sont publiés arrondis à la centaine",
        "expected_en": "jobs % 100 = 0",
    },
}
CHECK_SQL = """
select
    indicator, period, segment, region,
    cast(null as double) as expected,
    value as actual,
    value % 100 as remainder,
    printf('row %d', row_number) as detail
from quality_release
where indicator = 'jobs' and value is not null
order by row_number
"""
RELEASE = (
    "indicator;period;segment;region;value;unit;source;published_on\n"
    "jobs;2023;ALL;MA;130 000;emplois;MTNRA;14/03/2025\n"
    "jobs;2024;ALL;MA;148 550;emplois;MTNRA;14/03/2025\n"
    "net_jobs;2024;ALL;MA;18 550;emplois;MTNRA;14/03/2025\n"
)


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _same_tree(left, right, ignore=()) -> bool:
    compared = filecmp.dircmp(left, right, ignore=list(ignore))
    if compared.left_only or compared.right_only or compared.diff_files:
        return False
    return all(_same_tree(left / d, right / d) for d in compared.common_dirs)


def test_a_new_rule_folder_is_picked_up_judged_recorded_and_listed(tmp_path, monkeypatch,
                                                                   capsys):
    original = load_settings().expectations_dir
    catalogue = tmp_path / "catalogue"
    shutil.copytree(original, catalogue)
    folder = catalogue / RULE_ID
    folder.mkdir()
    (folder / "expectation.json").write_text(json.dumps(SUITE, indent=2), encoding="utf-8")
    (folder / "check.sql").write_text(CHECK_SQL, encoding="utf-8")
    # The only change: one folder with its two files; every other file is the same.
    assert set(_files(catalogue)) - set(_files(original)) == {
        f"{RULE_ID}/check.sql", f"{RULE_ID}/expectation.json"}
    assert _same_tree(catalogue, original, ignore=[RULE_ID])

    monkeypatch.setenv("OFFSHORING_EXPECTATIONS", str(catalogue))
    settings = load_settings(tmp_path / "warehouse")
    release = tmp_path / "jobs_2024.csv"
    release.write_text(RELEASE, encoding="utf-8")
    (outcome,) = run_pipeline(settings, [release], command="ingest").outcomes

    assert outcome.status == "loaded"
    assert [reason_line(w) for w in outcome.warnings] == [
        f"{RULE_ID} (warning): Jobs are published rounded to the hundred: 1 row, "
        "e.g. jobs 2024 ALL MA (row 2: not a multiple of 100)"]
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        recorded = con.execute(
            "select rule_id, level, severity, status, observed, expected, failing_rows "
            "from quality.check_results where rule_id = ?", [RULE_ID]).fetchall()
        failing = con.execute(
            "select indicator, period, segment, region, actual, detail "
            "from quality.failing_rows where rule_id = ?", [RULE_ID]).fetchall()
        checked = con.execute("select count(*) from quality.check_results "
                              "where load_id = ?", [outcome.load_id]).fetchone()[0]
    finally:
        con.close()
    assert recorded == [(RULE_ID, 2, "warning", "failed", "1 of 2 rows checked fail",
                         "jobs % 100 = 0", 1)]
    assert failing == [("jobs", "2024", "ALL", "MA", 148550.0,
                        "row 2: not a multiple of 100")]
    assert checked == 25  # the 24 release rules of the repository's catalogue and the new one

    # Judged by GX: its suite is in the Data Docs, and the file's page (one validation
    # per file) shows its line, failed.
    docs = settings.data_docs_dir
    assert (docs / "expectations" / "release" / "jobs_round_hundreds.html").is_file()
    line = (f"{RULE_ID} (warning): Jobs are published rounded to the hundred "
            "[expect_column_values_to_be_between]")
    pages = (docs / "validations" / "release" / f"load-{outcome.load_id}").rglob("*.html")
    (text,) = [t for t in (p.read_text(encoding="utf-8") for p in pages) if line in t]
    assert "Failed" in text

    capsys.readouterr()
    assert cli.main(["quality", "--warehouse", str(settings.warehouse_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"FAILED  warning {RULE_ID:34} jobs_2024.csv "
                        f"(load {outcome.load_id}): 1 row(s)")
