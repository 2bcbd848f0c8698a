"""The read-only snapshot: the whole warehouse as of the last publish, replaced
atomically, open-able at any time (during a run too), and what `status` reads while a
writer holds the warehouse."""

from __future__ import annotations

import shlex
import subprocess
import sys

import duckdb
import pytest

from offshoring import testhooks
from offshoring.pipeline import run_pipeline
from tests.support import cli
from tests.support.warehouses import copy_warehouse

SCHEMAS = ["core", "marts", "meta", "quality", "raw", "ref", "staging", "stats"]
GOOD = ("indicator;period;segment;region;value;unit;source;published_on\n"
        "jobs;2025;ALL;MA;160 000;emplois;MTNRA;2026-03-14\n")


def objects(con) -> dict[str, int]:
    """Every table and view of the user schemas and its row count."""
    names = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() "
        "where database_name = current_database() union all "
        "select schema_name || '.' || view_name from duckdb_views() "
        "where database_name = current_database() and not internal").fetchall()
    return {name: con.execute(f"select count(*) from {name}").fetchone()[0]
            for (name,) in sorted(names)}


@pytest.fixture
def wh(sample_run, tmp_path):
    return copy_warehouse(sample_run, tmp_path)


def test_the_snapshot_holds_every_schema_of_the_warehouse(sample_run):
    live = duckdb.connect(str(sample_run.db_path), read_only=True)
    snap = duckdb.connect(str(sample_run.snapshot_path), read_only=True)
    try:
        schemas = [r[0] for r in snap.execute(
            "select distinct schema_name from duckdb_tables() union "
            "select distinct schema_name from duckdb_views() where not internal "
            "order by 1").fetchall()]
        assert schemas == SCHEMAS
        assert objects(snap) == objects(live)
        assert objects(snap)["meta.loads"] == 6 and objects(snap)["meta.runs"] == 1
        query = "select * from marts.progress_2030 order by all"
        assert snap.execute(query).fetchall() == live.execute(query).fetchall()
    finally:
        live.close()
        snap.close()


def test_a_publish_replaces_the_snapshot_and_an_open_reader_keeps_its_version(wh, tmp_path):
    reader = duckdb.connect(str(wh.snapshot_path), read_only=True)
    before = wh.snapshot_path.stat().st_ino
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    summary = run_pipeline(wh, [tmp_path / "good.csv"], command="ingest")
    assert [o.status for o in summary.outcomes] == ["loaded"]
    assert wh.snapshot_path.stat().st_ino != before  # a new file renamed over the old
    assert sorted(p.name for p in wh.warehouse_dir.iterdir() if "snapshot" in p.name) == [
        "snapshot.duckdb"]  # no temporary copy left behind
    try:
        assert reader.execute("select count(*) from meta.loads").fetchone() == (6,)
    finally:
        reader.close()
    fresh = duckdb.connect(str(wh.snapshot_path), read_only=True)
    try:
        assert fresh.execute("select count(*) from meta.loads").fetchone() == (7,)
        assert fresh.execute(
            "select latest_value from marts.progress_2030 where indicator = 'jobs' "
            "and segment = 'ALL' and region = 'MA'").fetchone() == (160000.0,)
    finally:
        fresh.close()


def test_a_dry_run_leaves_the_snapshot_alone(wh, tmp_path):
    before = wh.snapshot_path.stat()
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    run_pipeline(wh, [tmp_path / "good.csv"], command="validate", dry_run=True)
    after = wh.snapshot_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_readers_open_the_snapshot_while_a_run_holds_the_warehouse(wh, tmp_path, prefect_api):
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    env = cli.cli_env(wh, prefect_api, **{testhooks.PAUSE_ENV: testhooks.AFTER_RAW_INSERT})
    writer = cli.spawn("ingest", str(good), env=env)
    marker = cli.wait_for_pause(wh, testhooks.AFTER_RAW_INSERT, writer)
    try:
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(wh.db_path), read_only=True)
        snap = duckdb.connect(str(wh.snapshot_path), read_only=True)
        assert snap.execute("select count(*) from meta.loads").fetchone() == (6,)
        snap.close()
        status = cli.run(wh, "status", api=prefect_api)
        assert (status.returncode, status.stderr) == (0, "")
        lines = status.stdout.splitlines()
        assert lines[:3] == [
            f"warehouse: {wh.warehouse_dir}",
            f"a run is writing: read from the snapshot {wh.snapshot_path} (the warehouse "
            "as of the last publish)",
            "files loaded: 6 (253 rows)"]
        quality = cli.run(wh, "quality", "--json", api=prefect_api)
        assert quality.returncode == 0 and quality.stdout.startswith("[")
    finally:
        marker.unlink()
    out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    status = cli.run(wh, "status", api=prefect_api)
    assert status.stdout.splitlines()[1] == "files loaded: 7 (254 rows)"


def test_the_readme_query_example_reads_the_snapshot(sample_run, tmp_path):
    """The README's example, as written, from a folder holding the warehouse."""
    readme = (cli.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Querying the warehouse", 1)[1].split("\n## ", 1)[0]
    (command,) = [line for line in section.splitlines() if line.startswith(".venv/bin/python")]
    assert "warehouse/snapshot.duckdb" in command
    copy_warehouse(sample_run, tmp_path)
    done = subprocess.run(shlex.split(command.replace(".venv/bin/python", sys.executable, 1)),
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("┌") and "exports_mad" in done.stdout and "jobs" in done.stdout
