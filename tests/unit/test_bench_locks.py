"""bench/ stays runnable: its modules import, and the pause-hook measure of
bench/locks.py runs against today's `testhooks.pause_at(stage, settings)` (it once
passed a folder where settings are expected, and `make bench` stopped there)."""

from __future__ import annotations

import importlib

import pytest

BENCH_MODULES = ("bench.run", "bench.locks", "bench.service", "bench.perfile",
                 "bench.dbt_peer", "bench.firms", "bench.firms_baseline", "bench.quality",
                 "bench.plain_duckdb")


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
