"""Choosing the precheck task runner (from tests/e2e/test_dask_runner.py)."""

from __future__ import annotations

import pytest


def test_unknown_runner_kind():
    from flows.parallel import make_task_runner

    with pytest.raises(ValueError, match="choose one of threads, dask"):
        make_task_runner("ray")
