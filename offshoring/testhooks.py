"""Test hooks: deterministic pause points for the crash-safety tests.

``OFFSHORING_TEST_PAUSE_AT=<stage>`` (``settings.test_pause_at``) makes the process stop
at that named point of the pipeline: it writes ``<warehouse>/.paused-<stage>`` and
waits until that file is removed (or PAUSE_SECONDS pass), so a test can kill it there
with SIGKILL, or hold it there and let it go on. Not for production use. When the
setting is unset, ``pause_at`` is one comparison.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_ENV = "OFFSHORING_TEST_PAUSE_AT"
PAUSE_SECONDS = 600.0
POLL_SECONDS = 0.05

# The named points, in the order a file meets them.
AFTER_ARCHIVE = "after_archive"
AFTER_RAW_INSERT = "after_raw_insert"
AFTER_VALIDATION = "after_validation"
BEFORE_COMMIT = "before_commit"
DURING_PUBLISH = "during_publish"
STAGES = (AFTER_ARCHIVE, AFTER_RAW_INSERT, AFTER_VALIDATION, BEFORE_COMMIT, DURING_PUBLISH)


def marker_path(warehouse_dir: Path, stage: str) -> Path:
    """The file a paused process writes when it reaches `stage`."""
    return Path(warehouse_dir) / f".paused-{stage}"


def pause_at(stage: str, settings) -> None:
    """Sleep at `stage` when the settings name it; a no-op otherwise."""
    if settings.test_pause_at != stage:
        return
    marker = marker_path(settings.warehouse_dir, stage)
    marker.write_text(f"{os.getpid()}\n", encoding="utf-8")
    deadline = time.monotonic() + PAUSE_SECONDS
    while marker.exists() and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
