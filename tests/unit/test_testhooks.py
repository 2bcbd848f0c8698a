"""The crash tests' pause hook (offshoring/testhooks.py) does nothing unless asked (from
tests/e2e/test_crash_safety.py; its cost is measured by `make bench`, not asserted)."""

from __future__ import annotations

import os

from offshoring import testhooks
from offshoring.settings import load_settings


def test_pause_hook_is_a_no_op_without_the_setting(tmp_path, monkeypatch):
    monkeypatch.delenv(testhooks.PAUSE_ENV, raising=False)
    slept = []
    monkeypatch.setattr(testhooks.time, "sleep", slept.append)
    settings = load_settings(tmp_path)
    for stage in testhooks.STAGES:
        testhooks.pause_at(stage, settings)
    assert slept == []  # it never waits
    assert list(tmp_path.iterdir()) == []  # and writes no marker


def test_pause_hook_waits_only_at_the_named_stage(tmp_path, monkeypatch):
    """At the named stage it writes the marker and waits until the marker is removed."""
    monkeypatch.setenv(testhooks.PAUSE_ENV, testhooks.BEFORE_COMMIT)
    settings = load_settings(tmp_path)
    marker = testhooks.marker_path(tmp_path, testhooks.BEFORE_COMMIT)
    seen = []

    def remove_marker(seconds):  # stands in for the test that lets the process go on
        seen.append((marker.read_text(encoding="utf-8").strip(), seconds))
        marker.unlink()

    monkeypatch.setattr(testhooks.time, "sleep", remove_marker)
    for stage in testhooks.STAGES:
        testhooks.pause_at(stage, settings)
    assert seen == [(str(os.getpid()), testhooks.POLL_SECONDS)]
    assert list(tmp_path.iterdir()) == []
