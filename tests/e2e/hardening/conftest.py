"""Hostile files, secrets and odd states (issue 12): helpers shared by the tests here.

Every test drives the `offshoring` command in a subprocess on a copy of the warehouse the
sample releases loaded, with a planted secret in its environment, and checks what a user
and an auditor would: the exit code, one line per file and no traceback, the bytes kept
(archive/ or quarantine/) or left in landing/, the secret nowhere, and the marts
published for the good files of the same run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from offshoring.contract import PROVISIONAL, load_contract
from tests.support import cli
from tests.support.warehouses import copy_warehouse

PLANTED = "planted-7c1f4e-Zq9-token"  # a publisher token: must never be seen anywhere
SECRET_ENV = {"OFFSHORING_SOURCE_PLANT_TOKEN": PLANTED}
HEADER = "indicator;period;segment;region;value;unit;source;published_on\n"
GOOD = HEADER + "jobs;2025;ALL;MA;160 000;emplois;MTNRA;2026-03-14\n"  # the good file


@pytest.fixture
def wh(sample_run, tmp_path):
    """Settings of a copy of the sample warehouse, for a test that changes it."""
    return copy_warehouse(sample_run, tmp_path)


def offshoring(settings, *args: str, api: str | None = None, timeout: float = 300,
               **extra: str):
    """`offshoring ARGS...` on the warehouse of `settings`, the planted secret in its
    environment."""
    return cli.run(settings, *args, api=api, timeout=timeout, **{**SECRET_ENV, **extra})


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def no_traceback(done) -> None:
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr


def line_for(done, status: str, name: str) -> str:
    """The one stdout line of a file (`LOADED x.csv: ...`); fails when not exactly one."""
    found = [line for line in done.stdout.splitlines() if line.startswith(f"{status} {name}: ")]
    assert len(found) == 1, done.stdout
    return found[0]


def kept(settings, folder: str) -> dict[str, bytes]:
    """The files of archive/ or quarantine/ by checksum of their bytes."""
    root = settings.warehouse_dir / folder
    return {sha256(p.read_bytes()): p.read_bytes() for p in root.iterdir()} if root.is_dir() \
        else {}


def leaks(settings, done=None, secret: str = PLANTED) -> list[str]:
    """Where `secret` appears: any file under the warehouse (the DuckDB file, Parquet,
    pages) or the Prefect home (its database and logs), and the stdout or stderr of
    `done`."""
    needle = secret.encode()
    folders = [settings.warehouse_dir, settings.prefect_home]
    found = [str(p) for folder in folders for p in folder.rglob("*")
             if p.is_file() and not p.is_symlink() and needle in p.read_bytes()]
    outputs = (("stdout", done.stdout), ("stderr", done.stderr)) if done else ()
    return found + [name for name, text in outputs if secret in text]


def published(settings, indicator: str, period: str) -> list[tuple]:
    """(source, value, file_name) of a figure in the published indicator_timeseries."""
    pattern = str(settings.marts_dir / "indicator_timeseries" / "**" / "*.parquet")
    con = duckdb.connect()
    try:
        return con.execute(
            "select source, value, file_name from read_parquet(?, hive_partitioning = true) "
            "where indicator = ? and period = ? and segment = 'ALL' and region = 'MA' "
            "order by all", [pattern, indicator, period]).fetchall()
    finally:
        con.close()


def marts_complete(settings) -> bool:
    """The marts link points to a version folder holding every mart of the contract."""
    version = settings.marts_dir.resolve(strict=True)
    names = [name for name, entry in load_contract(settings)["marts"].items()
             if entry.get("status") != PROVISIONAL]
    return bool(names) and all(any((version / name).rglob("*.parquet")) for name in names)


def loads(settings) -> list[tuple]:
    """meta.loads: (file_name, status, stored_path, reason), in load order."""
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute("select file_name, status, stored_path, reason from meta.loads "
                           "order by load_id").fetchall()
    finally:
        con.close()
