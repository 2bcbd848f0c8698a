"""Fixtures: a fresh warehouse (all SQL layers and seeds) in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from offshoring.settings import load_settings
from offshoring.warehouse import build, connect

FIXTURES = Path(__file__).resolve().parents[2] / "support" / "firm_files"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def settings(tmp_path):
    return load_settings(warehouse=tmp_path / "warehouse")


@pytest.fixture
def con(settings):
    connection = connect(settings)
    build(connection, settings)
    yield connection
    connection.close()
