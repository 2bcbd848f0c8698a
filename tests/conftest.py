"""Shared fixtures: settings on a temporary warehouse, an in-memory warehouse with every
SQL layer built, and one Prefect test server per session for flow tests."""

from __future__ import annotations

import os

import duckdb
import pytest

from offshoring import warehouse
from offshoring.settings import load_settings


@pytest.fixture
def settings(tmp_path):
    """Settings on an empty warehouse folder of this test."""
    return load_settings(tmp_path / "warehouse")


@pytest.fixture
def con(settings):
    """An in-memory DuckDB with every layer built and the seeds loaded."""
    connection = duckdb.connect()
    warehouse.build(connection, settings)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory):
    """A temporary Prefect server for the session; its URL for subprocesses."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ.update({"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                       "DO_NOT_TRACK": "1"})
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield PREFECT_API_URL.value()


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """Settings of a warehouse loaded once by the plain pipeline (no Prefect) from the
    sample releases: marts published and the dashboard written."""
    from offshoring.pipeline import run_pipeline
    from offshoring.sample import write_sample_releases

    loaded = load_settings(tmp_path_factory.mktemp("sample-run") / "warehouse")
    write_sample_releases(loaded.landing_dir)
    run_pipeline(loaded)
    return loaded
