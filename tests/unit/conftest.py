"""Unit tier: an in-memory warehouse with every layer built (nothing on disk)."""

from __future__ import annotations

import pytest

from tests.support.layers import memory_warehouse


@pytest.fixture
def con(settings):
    """An in-memory DuckDB with every layer built and the seeds loaded."""
    connection = memory_warehouse(settings)
    yield connection
    connection.close()
