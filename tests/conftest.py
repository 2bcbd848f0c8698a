"""Test tiers, marked by folder, and the one fixture every tier uses.

- `tests/smoke/` (`smoke`): every module imports; light commands stay light.
- `tests/unit/` (`unit`): tiny frames written in the test, in-memory DuckDB; no warehouse
  on disk, no Prefect server.
- `tests/e2e/` (`e2e`): runs in a temporary warehouse folder (pipeline, flows, CLI).
- `tests/integration/` (`integration`): a real Prefect server and worker, a headless browser.

`make test-fast` runs `-m "smoke or unit"`; `make test` runs everything. A test file outside
these folders is a collection error, and so is a tier marker written by hand that
contradicts the folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from offshoring.settings import load_settings

TESTS = Path(__file__).resolve().parent
TIERS = ("smoke", "unit", "e2e", "integration")
# tests/quality and tests/firms predate the tiers and move into them with issue 10 (their
# owners split them). Until then each file is marked here: e2e where it runs the pipeline
# or writes into a warehouse folder, unit otherwise; a file not listed counts as e2e (it
# runs with `make test`, and `make test-fast` stays fast).
PENDING = {
    "quality": {"test_pipeline_e2e.py": "e2e", "test_outputs.py": "e2e",
                "test_catalogue.py": "unit", "test_details.py": "unit",
                "test_rules.py": "unit", "test_speed.py": "unit"},
    "firms": {"test_firms_cross_source.py": "e2e", "test_firms_gx.py": "e2e",
              "test_firms_generator.py": "unit", "test_firms_load.py": "unit",
              "test_firms_outcome.py": "unit"},
}


def tier_of(path: Path) -> str:
    """The tier of a test file, from its folder (or the PENDING table)."""
    parts = path.resolve().relative_to(TESTS).parts
    if len(parts) > 1 and parts[0] in TIERS:
        return parts[0]
    if len(parts) > 1 and parts[0] in PENDING:
        return PENDING[parts[0]].get("/".join(parts[1:]), "e2e")
    raise pytest.UsageError(
        f"{path} is in no test tier: put it under tests/{{{','.join(TIERS)}}}/ "
        "(see tests/conftest.py)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = tier_of(Path(item.path))
        other = [m.name for m in item.iter_markers() if m.name in TIERS and m.name != tier]
        if other:
            raise pytest.UsageError(f"{item.nodeid} is marked {other[0]} but lives in the "
                                    f"{tier} tier: move the file instead")
        item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture
def settings(tmp_path):
    """Settings on an empty warehouse folder of this test."""
    return load_settings(tmp_path / "warehouse")
