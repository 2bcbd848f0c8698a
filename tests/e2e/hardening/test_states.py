"""Processes and states (issue 12): a reader holding the database, a failure after the
commit, a dry run that must leave no trace, a folder given as a file, a worker without
OFFSHORING_PROJECT_ROOT. (A temporary Prefect server outliving a killed run belongs to
the service work, issue 13.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.support.cli import ROOT, assert_one_line_error

from .conftest import (
    GOOD,
    leaks,
    line_for,
    loads,
    marts_complete,
    no_traceback,
    offshoring,
    published,
    write,
)

HOLD = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print("holding", flush=True)
    sys.stdin.read()
""")


@pytest.fixture
def reader(wh):
    """A process (a notebook, say) holding the warehouse database open read-only."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(wh.db_path)], text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout.readline() == "holding\n"
    yield proc
    proc.communicate(timeout=30)


def test_a_reader_holding_the_database_is_told_apart_from_a_run(wh, reader, tmp_path,
                                                                 prefect_api):
    good = write(tmp_path / "good.csv", GOOD)
    line = (f"offshoring: the warehouse database {wh.db_path} is held open by another process "
            f"(PID {reader.pid}) that is not a run, e.g. a notebook or BI tool reading it: "
            f"close that connection and retry; the marts under {wh.marts_dir} stay readable")
    for args in (["ingest", str(good)], ["run"]):
        done = offshoring(wh, *args, api=prefect_api, OFFSHORING_LOCK_TIMEOUT="0")
        assert_one_line_error(done, 4, line)
        assert done.stderr == line + "\n" and done.stdout == ""
    status = offshoring(wh, "status")  # readers share the file
    assert status.returncode == 0 and status.stderr == ""
    assert good.exists() and len(loads(wh)) == 6


def test_a_failure_after_the_commit_is_a_warning_of_a_loaded_run(wh, tmp_path, prefect_api):
    """The dashboard and Data Docs cannot be written (their folders are files here): the
    file is loaded, the marts published, the run recorded as completed with warnings."""
    for folder in (wh.report_dir, wh.data_docs_dir):
        if folder.exists():
            shutil.rmtree(folder)
        write(folder, "not a folder\n")
    done = offshoring(wh, "ingest", str(write(tmp_path / "good.csv", GOOD)), api=prefect_api)
    assert done.returncode == 0, done.stderr
    no_traceback(done)
    assert line_for(done, "LOADED", "good.csv").startswith("LOADED good.csv: 1 rows as load 7")
    warnings = [line for line in done.stdout.splitlines() if line.startswith("WARNING: ")]
    assert [w.split(": ")[1] for w in warnings] == [
        "the dashboard could not be written", "the Data Docs could not be written"]
    assert all(w.endswith("(the files are loaded and the marts published)") for w in warnings)
    assert loads(wh)[-1][:2] == ("good.csv", "loaded")
    assert published(wh, "jobs", "2025") == [("MTNRA", 160000.0, "good.csv")]
    assert marts_complete(wh)
    con = duckdb.connect(str(wh.db_path), read_only=True)
    assert con.execute("select status, files_loaded from meta.runs order by started_at desc "
                       "limit 1").fetchall() == [("completed_with_warnings", 1)]


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.lstat().st_mtime_ns, p.read_bytes() if p.is_file()
                                        and not p.is_symlink() else b"")
            for p in folder.rglob("*")}


def test_validate_creates_and_changes_nothing_on_disk(wh, tmp_path):
    good = write(tmp_path / "good.csv", GOOD)
    typo = tmp_path / "wharehouse"
    done = offshoring(wh, "validate", "--warehouse", str(typo), str(good))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "VALID good.csv: 1 rows\n"
    assert not typo.exists()

    before = _snapshot(wh.warehouse_dir)
    sample = next(wh.archive_dir.iterdir())  # a file the warehouse loaded already
    done = offshoring(wh, "validate", str(good), str(sample))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "VALID good.csv: 1 rows"
    assert lines[1].startswith(f"ALREADY LOADED {sample.name}: same checksum as load ")
    assert _snapshot(wh.warehouse_dir) == before
    assert leaks(wh, done) == []


def test_ingest_of_a_folder_says_it_is_a_folder(wh, tmp_path):
    folder = tmp_path / "releases"
    write(folder / "good.csv", GOOD)
    for command in ("ingest", "validate"):
        done = offshoring(wh, command, str(folder))
        assert_one_line_error(done, 2, (
            f"offshoring: {folder}: is a directory; name the files in it (e.g. DIR/*.csv), "
            "or put them in the landing folder and use `offshoring run`"))


PULL = textwrap.dedent("""
    import asyncio, json, os, sys, yaml
    from prefect.deployments.steps.core import run_steps
    steps = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["pull"]
    try:
        output = asyncio.run(run_steps(steps))
    except Exception as err:
        print(f"{type(err.__cause__).__name__}: {err.__cause__}")
        sys.exit(1)
    from prefect.flows import load_flow_from_entrypoint
    flow = load_flow_from_entrypoint("flows/scheduled.py:release_flow")
    print(json.dumps({"directory": output["directory"], "cwd": os.getcwd(), "flow": flow.name}))
""")


def test_a_worker_without_the_project_root_runs_from_its_installed_checkout(tmp_path,
                                                                           prefect_api):
    """What a process worker does before a flow run: the pull steps of prefect.yaml, from
    its own temporary folder, then the deployment's entrypoint."""
    env = {k: v for k, v in os.environ.items() if k != "OFFSHORING_PROJECT_ROOT"}
    env.update(PREFECT_API_URL=prefect_api, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-c", PULL, str(ROOT / "prefect.yaml")]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == (
        f'{{"directory": "{ROOT}", "cwd": "{ROOT}", "flow": "offshoring-release"}}')

    wrong = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                           env={**env, "OFFSHORING_PROJECT_ROOT": str(tmp_path)})
    assert wrong.returncode == 1
    assert wrong.stdout.splitlines()[-1] == (
        f"ConfigError: OFFSHORING_PROJECT_ROOT={tmp_path} is not a checkout of the project "
        "(no prefect.yaml, flows, sql, seeds): set OFFSHORING_PROJECT_ROOT to the checkout in "
        "the worker's environment (docs/operations.md)")
