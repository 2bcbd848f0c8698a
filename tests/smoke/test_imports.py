"""Import smoke tests, and the promise that light commands stay light."""

import importlib
import subprocess
import sys

import pytest

MODULES = ["offshoring", "offshoring.settings", "offshoring.readers", "offshoring.pipeline",
           "offshoring.warehouse", "offshoring.publish", "offshoring.report", "offshoring.cli",
           "offshoring.quality", "offshoring.sample", "offshoring.firms", "offshoring.contract",
           "offshoring.dashboard", "offshoring.sources", "offshoring.notify",
           "offshoring.freshness", "offshoring.serve", "offshoring.backfill",
           "offshoring.snapshot", "offshoring.prefect_env", "offshoring.service",
           "offshoring.service.api_server", "offshoring.service.handoff",
           "offshoring.service.local_server", "offshoring.service.runs",
           "offshoring.service.service", "offshoring.service.watcher",
           "flows.pipeline", "flows.scheduled", "flows.backfill", "flows.parallel"]


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name):
    importlib.import_module(name)


def test_help_imports_neither_prefect_nor_gx():
    code = ("import sys; from offshoring.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('prefect', 'great_expectations', 'duckdb') if m in sys.modules]\n"
            "print('HEAVY=' + ','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    assert out == "HEAVY="
