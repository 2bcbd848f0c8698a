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

import os
from pathlib import Path

import pytest

from offshoring.settings import load_settings

TESTS = Path(__file__).resolve().parent
TIERS = ("smoke", "unit", "e2e", "integration")


def tier_of(path: Path) -> str:
    """The tier of a test file, from its folder."""
    parts = path.resolve().relative_to(TESTS).parts
    if len(parts) > 1 and parts[0] in TIERS:
        return parts[0]
    raise pytest.UsageError(
        f"{path} is in no test tier: put it under tests/{{{','.join(TIERS)}}}/ "
        "(see tests/conftest.py)")


def pytest_configure(config):
    """Tests drop files into landing/ and run at once: no settling wait unless a test sets
    OFFSHORING_LANDING_SETTLE itself (its own tests do, tests/e2e/test_hardening.py)."""
    os.environ.setdefault("OFFSHORING_LANDING_SETTLE", "0")


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
