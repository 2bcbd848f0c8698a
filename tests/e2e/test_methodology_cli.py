"""The worked examples of docs/methodology.md marked `cli: true` (those of issue 11)
through the command line: each example's
files given to `offshoring ingest` in a new warehouse, then the exact figures read back
from the published Parquet marts (tests/support/examples.py), and the verdict on the
last file from the CLI's line and the data_quality mart."""

from __future__ import annotations

import duckdb
import pytest

from tests.support import cli, examples

EXAMPLES = {name: e for name, e in examples.examples().items() if e.get("cli")}


def _mart(settings, mart: str, where: str = "true", params=()) -> list[dict]:
    con = duckdb.connect()
    try:
        result = con.execute(
            f"select * from read_parquet(?, hive_partitioning = true, union_by_name = true) "
            f"where {where}", [str(settings.marts_dir / mart / "**" / "*.parquet"), *params])
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, prefect_api):
    """name -> (settings, CLI result, file names), each example in its own warehouse."""
    from offshoring.settings import load_settings

    done = {}
    for name, example in EXAMPLES.items():
        folder = tmp_path_factory.mktemp(name)
        settings = load_settings(folder / "warehouse")
        paths = examples.write_files(example, folder / "in")
        result = cli.run(settings, "ingest", *map(str, paths), api=prefect_api)
        done[name] = (settings, result, [p.name for p in paths])
    return done


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_worked_example_through_the_cli(ingested, name):
    example = EXAMPLES[name]
    settings, result, files = ingested[name]
    assert "Traceback" not in result.stdout + result.stderr
    lines = {line.split(" ", 2)[1].rstrip(":"): line for line in result.stdout.splitlines()
             if line.startswith(("LOADED ", "REJECTED "))}
    assert all(lines[f].startswith("LOADED ") for f in files[:-1]), result.stdout
    expect = example["expect"]
    last = lines[files[-1]]
    if "outcome" in expect:
        assert last.startswith(expect["outcome"].upper() + " "), last
        assert result.returncode == (3 if expect["outcome"] == "rejected" else 0)
    quality = {r["rule_id"]: r for r in _mart(settings, "data_quality", "file_name = ?",
                                              [files[-1]])}
    for rule_id, status in expect.get("rules", {}).items():
        assert quality[rule_id]["status"] == status, (rule_id, quality[rule_id]["observed"])
    for rule_id, keys in expect.get("failing", {}).items():
        assert quality[rule_id]["failing_keys"] == "; ".join(keys), rule_id
    examples.check_marts(example, lambda mart: _mart(settings, mart))


def test_the_same_day_conflict_line_names_both_files(ingested):
    _, result, _ = ingested["same_day_conflict"]
    assert ("REJECTED mtnra_b.csv: history.same_day_conflict (error): No other value of the "
            "same figure was published the same day by another file: 1 row, e.g. jobs 2024 "
            "ALL MA expected 148500 got 148000 (published the same day (2025-03-14) by "
            "mtnra_a.csv (load 1))") in result.stdout.splitlines()


def test_the_unit_slip_line_says_what_is_wrong(ingested):
    _, result, _ = ingested["unit_slip"]
    (line,) = [ln for ln in result.stdout.splitlines() if ln.startswith("REJECTED")]
    assert line == (
        "REJECTED release_1.csv: release.plausible_bounds (error): Values lie within plausible "
        "bounds for the indicator and frequency: 1 row, e.g. exports_mad 2024 ALL MA (row 1, "
        "frequency A: national exports below 1 bn MAD in a year (unit slip?))")
