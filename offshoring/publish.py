"""Publish the mart views as Parquet, atomically.

Each publish writes a complete new version folder under `.publish/` (the Parquet marts,
and `indicator_timeseries` in SDMX: offshoring.sdmx), then swaps the
`marts` symbolic link to it with one rename: a reader sees the old set or the new set,
never a mix. Older versions are kept a while (the last KEEP_VERSIONS, and any replaced
less than SUPERSEDED_GRACE_S ago) so a reader that listed files just before the swap can
still open them.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import duckdb

from offshoring import testhooks
from offshoring.contract import kv_metadata, load_contract, mart_names
from offshoring.files import fsync_dir
from offshoring.sdmx import write_sdmx
from offshoring.settings import Settings

AS_OF_DIR = "as_of"
AS_OF_VARIABLE = "as_of_date"  # read by sql/core/current.sql
KEEP_VERSIONS = 3
# A replaced version is deleted only this long after the swap: a reader that listed it
# through the `marts` link just before (a pyarrow dataset lists folder by folder) must not
# see part of it vanish, which Arrow reports as fewer partitions instead of an error.
SUPERSEDED_GRACE_S = 600
ROW_GROUP_SIZE = 122_880


def current_version(settings: Settings) -> Path:
    """The version folder the `marts` link points to now: an immutable, complete set.

    A reader that resolves it once and reads under it sees one version even if a
    publish swaps the link meanwhile (the folder is kept for KEEP_VERSIONS publishes, and
    SUPERSEDED_GRACE_S after it was replaced).
    """
    return settings.marts_dir.resolve(strict=True)


def as_of_settings(settings: Settings, day: date) -> Settings:
    """Settings whose marts and publish folders live under ``as_of/<day>/``."""
    return settings.with_overrides(warehouse_dir=settings.warehouse_dir / AS_OF_DIR /
                                   day.isoformat())


def publish_marts(con: duckdb.DuckDBPyConnection, settings: Settings,
                  as_of: date | None = None) -> Path:
    """Write every view of schema `marts` to a new version and swap it in; return marts dir.

    With ``as_of``, the marts are computed from the vintages valid on that day and
    written under ``<warehouse>/as_of/<day>/marts``; the warehouse is left unchanged.
    """
    if as_of is None:
        return _publish(con, settings)
    target = as_of_settings(settings, as_of)
    target.warehouse_dir.mkdir(parents=True, exist_ok=True)
    con.execute(f"set variable {AS_OF_VARIABLE} = ?", [as_of])
    try:
        return _publish(con, target)
    finally:
        con.execute(f"reset variable {AS_OF_VARIABLE}")  # core.current: the latest again


def _publish(con: duckdb.DuckDBPyConnection, settings: Settings) -> Path:
    root = settings.publish_dir
    root.mkdir(parents=True, exist_ok=True)
    version = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    staging = root / f".tmp-{version}"
    staging.mkdir()
    contract = load_contract(settings)
    # One thread: parallel float aggregation (sums, regressions) may differ in the last bit
    # from run to run; unchanged data must publish byte-identical marts. Marts are small.
    con.execute("set threads = 1")
    try:
        for name in mart_names(con, settings):
            entry = contract["marts"].get(name, {})
            _write_mart(con, name, staging / name, version, kv_metadata(contract, name),
                        tuple(entry.get("partition_by") or ()))
        write_sdmx(con, settings, staging)  # indicator_timeseries in SDMX, same version
        final = root / version
        os.replace(staging, final)
        fsync_dir(root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        con.execute("reset threads")
    testhooks.pause_at(testhooks.DURING_PUBLISH, settings)
    _swap_link(settings.marts_dir, final)
    _prune(root, keep=final)
    return settings.marts_dir


def _write_mart(con, name: str, folder: Path, version: str, metadata: dict[str, str],
                partition: tuple[str, ...]) -> None:
    # File names carry the version: a file read through the `marts` link always belongs
    # to one version, and no cache keyed by path can serve bytes of another one.
    options = (f"format parquet, compression zstd, row_group_size {ROW_GROUP_SIZE}, "
               f"kv_metadata {_struct_literal(metadata)}")
    if partition:
        target = folder
        options += (f", partition_by ({', '.join(partition)}), "
                    f"filename_pattern 'data_{version}_{{i}}'")
    else:
        folder.mkdir(parents=True)
        target = folder / f"data_{version}.parquet"
    path = str(target).replace("'", "''")
    con.execute(f"copy (select * from marts.{name}) to '{path}' ({options})")


def _struct_literal(metadata: dict[str, str]) -> str:
    """{key: 'value', ...} for COPY's KV_METADATA, quotes escaped."""
    items = (f"\"{k}\": '{str(v).replace(chr(39), chr(39) * 2)}'" for k, v in metadata.items())
    return "{" + ", ".join(items) + "}"


def _swap_link(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():
        # A plain folder from an older layout: keep it aside, never delete data.
        os.replace(link, link.with_name(f"{link.name}.old-{int(time.time())}"))
    tmp = link.with_name(f".{link.name}.tmp-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(target, link.parent), tmp)
    os.replace(tmp, link)
    fsync_dir(link.parent)


def _prune(root: Path, keep: Path, now: float | None = None) -> None:
    """Delete the versions older than the last KEEP_VERSIONS whose successor (written just
    before it replaced them) is older than SUPERSEDED_GRACE_S."""
    now = time.time() if now is None else now
    versions = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.stat().st_mtime)
    for old, successor in zip(versions[:-KEEP_VERSIONS], versions[1:], strict=False):
        if old != keep and now - successor.stat().st_mtime > SUPERSEDED_GRACE_S:
            shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob(".tmp-*"):
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)
