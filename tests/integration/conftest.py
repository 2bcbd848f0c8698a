"""Integration tier: headless Chromium and a warehouse loaded from the sample releases."""

from __future__ import annotations

import pytest

from tests.integration.chromium import ensure_chromium
from tests.support.warehouses import build_sample_warehouse


@pytest.fixture(scope="session")
def chromium():
    """Path of chromium, installed with apt-get when missing."""
    return ensure_chromium()


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """A warehouse loaded by the plain pipeline from the sample releases (dashboard written)."""
    return build_sample_warehouse(tmp_path_factory.mktemp("sample-run"))
