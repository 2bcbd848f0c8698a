"""offshoring.collector.paused: the garbage collector held for a block of imports, what
the block loaded frozen after it, the collector on again whatever the block did."""

from __future__ import annotations

import gc

import pytest

from offshoring.collector import paused


class Node:
    """An object the collector tracks."""


@pytest.fixture(autouse=True)
def collector_restored():
    was = gc.isenabled()
    yield
    gc.unfreeze()  # what the tests froze goes back to the oldest generation
    (gc.enable if was else gc.disable)()


def test_the_collector_is_off_inside_and_what_the_block_made_is_frozen_after():
    gc.enable()
    gc.unfreeze()
    with paused():
        assert not gc.isenabled()
        made = [Node() for _ in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= 1000
    assert all(gc.is_tracked(node) for node in made)


def test_a_block_inside_a_paused_block_leaves_the_collector_off_until_the_outer_ends():
    gc.enable()
    with paused():
        with paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failing_block_turns_the_collector_back_on_and_raises():
    gc.enable()
    with pytest.raises(ZeroDivisionError):
        with paused():
            1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off_and_nothing_is_frozen():
    gc.disable()
    gc.unfreeze()
    with paused():
        _ = [Node() for _ in range(10)]
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0
