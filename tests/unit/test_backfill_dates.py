"""The as-of date of a backfill: an ISO date or nothing (from tests/e2e/test_backfill.py)."""

from __future__ import annotations

import pytest

from offshoring.backfill import parse_as_of
from offshoring.settings import ConfigError


def test_as_of_must_be_a_date():
    assert parse_as_of(None) is None
    assert str(parse_as_of("2025-06-30")) == "2025-06-30"
    with pytest.raises(ConfigError, match="not a date"):
        parse_as_of("30/06/2025")
