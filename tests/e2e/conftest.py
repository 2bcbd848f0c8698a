"""End-to-end tier: a Prefect test server for flows and CLI subprocesses, and a
warehouse loaded from the sample releases."""

from __future__ import annotations

import os

import pytest

from tests.support.cli import ROOT
from tests.support.warehouses import build_sample_warehouse


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
    sample releases: marts published and the dashboard written. Read only."""
    return build_sample_warehouse(tmp_path_factory.mktemp("sample-run"))


@pytest.fixture(scope="session")
def own_server_env(tmp_path_factory):
    """The environment of a CLI or service subprocess that starts its own Prefect server:
    no PREFECT_API_URL, one Prefect home for the session (migrated once)."""
    home = tmp_path_factory.mktemp("own-prefect-home")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update({"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "DO_NOT_TRACK": "1", "PYTHONPATH": str(ROOT)})
    env.pop("OFFSHORING_WAREHOUSE", None)
    return env
