"""bench/ stays runnable: its modules import, and the pause-hook measure of
bench/locks.py runs against today's `testhooks.pause_at(stage, settings)` (it once
passed a folder where settings are expected, and `make bench` stopped there)."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import pytest

import bench

BENCH_MODULES = ("bench.run", "bench.locks", "bench.service", "bench.perfile",
                 "bench.dbt_peer", "bench.firms", "bench.firms_baseline", "bench.quality",
                 "bench.plain_duckdb", "bench.ab")


@pytest.mark.parametrize("name", BENCH_MODULES)
def test_every_bench_module_imports(name):
    assert importlib.import_module(name).__doc__


def test_the_pause_hook_measure_runs_with_the_hook_off(tmp_path, monkeypatch):
    from bench import locks
    from offshoring import testhooks

    monkeypatch.setenv(testhooks.PAUSE_ENV, "after_archive")  # the measure turns it off
    result = locks.pause_hook(tmp_path)
    assert result["calls"] == locks.HOOK_CALLS
    assert len(result["runs"]["hook"]) == len(result["runs"]["lookup"]) == locks.RUNS
    assert list(tmp_path.glob(".paused-*")) == []


def test_the_bench_compiles_the_project_even_where_bytecode_is_not_written(
        tmp_path, monkeypatch):
    """`make bench` measures CLI processes that read the project's bytecode, as after a
    checkout's first run, also where PYTHONDONTWRITEBYTECODE is set; a module that does
    not compile is reported."""
    for name in bench.PROJECT_PACKAGES:
        (tmp_path / name).mkdir()
        (tmp_path / name / "module.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.setattr(bench, "PROJECT_ROOT", tmp_path)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert bench.compile_project()
    for name in bench.PROJECT_PACKAGES:
        source = tmp_path / name / "module.py"
        assert Path(importlib.util.cache_from_source(str(source))).is_file()
    (tmp_path / "flows" / "broken.py").write_text("def (:\n", encoding="utf-8")
    assert not bench.compile_project()
