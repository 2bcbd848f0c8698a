"""A run of several files builds the warehouse, core included, once: core is a set of
views over the loaded values, so loading a file rebuilds nothing. The publish computes the
views the marts read most once, in a transaction it rolls back (publish.core_computed_once)."""

from __future__ import annotations

import re

import pytest

from offshoring import warehouse
from offshoring.pipeline import run_pipeline
from offshoring.sample import write_sample_releases

pytestmark = pytest.mark.e2e

CORE = ["core.firm_dynamics", "core.release_values", "core.observations", "core.current",
        "core.indicators_as_of", "core.preferred", "core.annual", "core.breakdown",
        "core.series_breaks", "core.annual_linked", "core.observation_window"]
CREATES_CORE = re.compile(
    r"create\s+(or\s+replace\s+)?\w+\s+(if\s+not\s+exists\s+)?core\.(\w+)", re.I)


class CountingConnection:
    """The run's connection, counting the statements that create a core object."""

    def __init__(self, con, created: list[str]):
        self._con, self._created = con, created

    def execute(self, query, *args, **kwargs):
        if isinstance(query, str) and CREATES_CORE.search(query):
            self._created.append(CREATES_CORE.search(query).group(3))
        return self._con.execute(query, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_run_of_the_sample_files_builds_core_once(settings, monkeypatch):
    built: list[str] = []
    created: list[str] = []
    real_build, real_connect = warehouse.build, warehouse.connect

    def counting_build(con, run_settings):
        names = real_build(con, run_settings)
        built.extend(names)
        return names

    monkeypatch.setattr(warehouse, "build", counting_build)
    monkeypatch.setattr(warehouse, "connect", lambda *a, **k: CountingConnection(
        real_connect(*a, **k), created))
    write_sample_releases(settings.landing_dir)
    summary = run_pipeline(settings)
    assert summary.count("loaded") == 6
    assert [name for name in built if name.startswith("core.")] == CORE
    computed_once = [name for name in created if name.endswith("_once")]
    # One statement per core object in the whole run, and the publish's computed-once
    # tables (rolled back with its transaction).
    assert sorted(set(created) - set(computed_once)) == sorted(c[5:] for c in CORE)
    assert len(created) - len(computed_once) == len(CORE)
    assert computed_once == ["observations_once", "preferred_once", "annual_once",
                             "series_breaks_once", "annual_linked_once",
                             "observation_window_once"]


def test_a_release_file_is_typed_once(settings, monkeypatch):
    """Typing a release's rows (the staging view, ~10 ms of reference joins whatever the
    rows) happens once per file: the checksum, the rules and the load read the result."""
    typed: list[str] = []
    real_connect = warehouse.connect

    class Counting(CountingConnection):
        def execute(self, query, *args, **kwargs):
            if isinstance(query, str) and "from staging.stg_release_rows" in query:
                typed.append(query)
            return super().execute(query, *args, **kwargs)

    monkeypatch.setattr(warehouse, "connect", lambda *a, **k: Counting(
        real_connect(*a, **k), []))
    write_sample_releases(settings.landing_dir)
    summary = run_pipeline(settings)
    assert summary.count("loaded") == 6
    assert len(typed) == 6
    assert all("create or replace temp table quality_release" in q for q in typed)
