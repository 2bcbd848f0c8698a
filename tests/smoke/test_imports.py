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


def test_gx_is_imported_without_running_scipy_stats_or_altair_until_used():
    """GX's import leaves SciPy's statistics and Altair not run (deferred modules); the
    first use runs the whole module, in the object GX holds, for GX and for anyone else."""
    code = ("import sys\n"
            "from offshoring.quality.gx_import import import_gx\n"
            "import_gx()\n"
            "print('RUN_AT_IMPORT=' + str('scipy.stats._stats_py' in sys.modules or "
            "'altair.vegalite' in sys.modules))\n"
            "from great_expectations.expectations.core import "
            "expect_column_kl_divergence_to_be_less_than as kl\n"
            "import altair, scipy.stats\n"
            "print('SAME=' + str(kl.stats is scipy.stats and kl.alt is altair))\n"
            "print('CDF=' + str(scipy.stats.norm.cdf(0.0)))\n"
            "print('ENTROPY=' + str(round(kl.stats.entropy([0.5, 0.5]), 6)))\n"
            "print('CHART=' + kl.alt.Chart.__name__)\n"
            "print('STILL_SAME=' + str(kl.stats is sys.modules['scipy.stats'] and "
            "kl.alt is sys.modules['altair']))\n"
            "print('PLAIN=' + type(altair).__name__ + ',' + type(scipy.stats).__name__)\n")
    assert _printed(code) == ["RUN_AT_IMPORT=False", "SAME=True", "CDF=0.5",
                              "ENTROPY=0.693147", "CHART=Chart", "STILL_SAME=True",
                              "PLAIN=module,module"]


def test_gx_is_imported_as_its_base_install_without_sqlalchemy_which_loads_afterwards():
    """GX loads without SQLAlchemy (its SQL extras) and judges a pandas frame; SQLAlchemy
    itself still imports afterwards (Prefect's server needs it)."""
    code = ("import sys\n"
            "import pandas as pd\n"
            "from offshoring.quality import gx_engine\n"
            "state = gx_engine.get_state()\n"
            "import great_expectations as gx\n"
            "from great_expectations.compatibility import sqlalchemy as compat\n"
            "from great_expectations.validator.v1_validator import Validator\n"
            "suite = gx.ExpectationSuite(name='probe', expectations=["
            "gx.expectations.ExpectColumnValuesToBeBetween(column='x', min_value=0, "
            "max_value=10)])\n"
            "frame = pd.DataFrame({'x': [1, 5, 12]})\n"
            "result = Validator(batch_definition=state['batch'], "
            "batch_parameters={'dataframe': frame}).validate_expectation_suite(suite)\n"
            "print('JUDGED=' + str(result.success) + ',' + "
            "str(result.results[0].result['unexpected_count']))\n"
            "print('GX_SQL=' + str(bool(compat.sqlalchemy)))\n"
            "print('LOADED=' + str('sqlalchemy' in sys.modules))\n"
            "import sqlalchemy\n"
            "print('IMPORTS_AFTER=' + str(callable(sqlalchemy.create_engine)))\n")
    assert _printed(code) == ["JUDGED=False,1", "GX_SQL=False", "LOADED=False",
                              "IMPORTS_AFTER=True"]


def test_a_run_loads_gx_and_what_its_stages_import_first_while_the_server_starts():
    """Every module named in runs.FIRST_USE_MODULES exists (a renamed one would only be
    skipped by the warm-up) and is loaded with GX before the run waits for its server."""
    code = ("import sys\n"
            "from offshoring.service import runs\n"
            "runs._load_first_use()\n"
            "print('MISSING=' + ','.join(n for n in runs.FIRST_USE_MODULES "
            "if n not in sys.modules))\n"
            "print('GX=' + str('great_expectations' in sys.modules))\n")
    assert _printed(code)[-2:] == ["MISSING=", "GX=True"]


def test_gx_loads_with_the_collector_held_then_frozen_and_the_collector_on_again():
    """GX's context is made with the garbage collector held (offshoring.collector): after
    it, the collector runs again and GX's objects are in the frozen generation."""
    code = ("import gc\n"
            "from offshoring.quality import gx_engine\n"
            "before = gc.get_freeze_count()\n"
            "gx_engine.get_state()\n"
            "print('ENABLED=' + str(gc.isenabled()))\n"
            "print('FROZE_100K=' + str(gc.get_freeze_count() - before > 100_000))\n")
    assert _printed(code)[-2:] == ["ENABLED=True", "FROZE_100K=True"]


def _printed(code: str) -> list[str]:
    """The words a fresh interpreter prints running ``code``."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.split()
