"""The flow is imported with the garbage collector held once per process: a later run in
the same process (the service) freezes nothing, so its garbage stays collectable."""

from __future__ import annotations

import gc

from offshoring.service import runs


def test_a_later_run_in_the_same_process_freezes_nothing():
    first = runs._flow_function()  # the first import here, or an earlier test's
    frozen = gc.get_freeze_count()
    left_by_a_run = [[n] for n in range(1000)]  # what a run leaves alive (tracked lists)
    again = runs._flow_function()
    assert again is first and again.name == "offshoring-pipeline"
    assert gc.get_freeze_count() == frozen
    assert gc.isenabled()
    assert len(left_by_a_run) == 1000
