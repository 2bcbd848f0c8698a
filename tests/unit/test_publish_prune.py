"""Which published versions are deleted: never the last three, never one a reader may
still be listing (replaced less than SUPERSEDED_GRACE_S ago)."""

from __future__ import annotations

import os

from offshoring.publish import KEEP_VERSIONS, SUPERSEDED_GRACE_S, _prune

NOW = 2_000_000_000.0


def _versions(root, ages_s: list[float]) -> list:
    """Version folders written ``age`` seconds before NOW, oldest first."""
    folders = []
    for number, age in enumerate(ages_s):
        folder = root / f"v{number}"
        folder.mkdir()
        (folder / "data.parquet").write_bytes(b"x")
        os.utime(folder, (NOW - age, NOW - age))
        folders.append(folder)
    return folders


def test_versions_replaced_long_ago_go_and_recent_ones_stay(tmp_path):
    grace = SUPERSEDED_GRACE_S
    # v0 replaced by v1 long ago; v1 replaced by v2 within the grace; v2..v4: the last 3.
    ages = [3 * grace, 2 * grace, grace - 5, 20, 10]
    folders = _versions(tmp_path, ages)
    _prune(tmp_path, keep=folders[-1], now=NOW)
    assert {p.name for p in tmp_path.iterdir()} == {"v1", "v2", "v3", "v4"}


def test_back_to_back_publishes_keep_every_version_for_the_grace(tmp_path):
    folders = _versions(tmp_path, [12.0 - i for i in range(12)])  # 12 publishes in 12 s
    _prune(tmp_path, keep=folders[-1], now=NOW)
    assert len(list(tmp_path.iterdir())) == 12
    _prune(tmp_path, keep=folders[-1], now=NOW + SUPERSEDED_GRACE_S + 60)
    assert {p.name for p in tmp_path.iterdir()} == {
        f"v{i}" for i in range(12 - KEEP_VERSIONS, 12)}
