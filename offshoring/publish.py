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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from offshoring import testhooks
from offshoring.contract import kv_metadata, load_contract, mart_names
from offshoring.files import fsync_dir
from offshoring.sdmx import write_sdmx
from offshoring.settings import Settings
from offshoring.warehouse import sql_literal

AS_OF_DIR = "as_of"
AS_OF_VARIABLE = "as_of_date"  # read by sql/core/current.sql
# Views the marts read several times, computed once per publish (core_computed_once),
# in dependency order.
COMPUTED_ONCE = ("core.observations", "core.preferred", "core.annual", "core.series_breaks",
                 "core.annual_linked", "core.observation_window")
PUBLISHED = "published"  # the catalog of reading_published's views (published.<mart>)
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


@contextmanager
def reading_published(con: duckdb.DuckDBPyConnection, settings: Settings,
                      marts: tuple[str, ...]) -> Iterator[Path]:
    """The given marts as last published, as views ``published.<mart>`` over the Parquet
    files of one version (resolved once); yields the version folder.

    What reads the marts after a publish (the dashboard, the progress table the CLI
    prints) shows exactly the published figures, and reads a few small files instead of
    evaluating the mart views (and the vintages under them) again. FileNotFoundError when
    nothing was published.
    """
    version = current_version(settings)
    con.execute(f"attach ':memory:' as {PUBLISHED}")
    try:
        for name in marts:
            files = sql_literal(version / name / "**" / "*.parquet")
            con.execute(f"create view {PUBLISHED}.{name} as select * from "
                        f"read_parquet({files}, hive_partitioning = true)")
        yield version
    finally:
        con.execute(f"detach {PUBLISHED}")


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
        with core_computed_once(con):
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


@contextmanager
def core_computed_once(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Within a transaction that is always rolled back, each view of COMPUTED_ONCE is a
    table of its own rows, so the marts read it computed once rather than once per mart
    and per reference. ``core.observations`` derives the vintages from
    core.release_values by four window passes and every mart reads it through
    core.current; ``core.preferred`` ranks the sources of each key, and trajectory reads
    it three times; ``core.annual`` and the views built on it feed progress_2030, which
    trajectory reads again, and the breakdown marts (at 2 M firm-months: the publish
    1.42 s -> 1.06 s; bench/README.md). Each is made from the tables made before it.
    Nothing changes in the warehouse: the rollback brings the views back.
    The as_of_date variable is honoured: it is set before, and the tables hold the rows
    the views give then.
    """
    con.execute("begin transaction")
    try:
        for view in COMPUTED_ONCE:
            name = view.split(".")[1]
            con.execute(f"create table {view}_once as select * from {view}")
            con.execute(f"drop view {view}")
            con.execute(f"alter table {view}_once rename to {name}")
        yield
    finally:
        con.execute("rollback")


def _write_mart(con, name: str, folder: Path, version: str, metadata: dict[str, str],
                partition: tuple[str, ...]) -> None:
    # File names carry the version: a file read through the `marts` link always belongs
    # to one version, and no cache keyed by path can serve bytes of another one.
    options = (f"format parquet, compression zstd, row_group_size {ROW_GROUP_SIZE}, "
               f"kv_metadata {_struct_literal(metadata)}")
    query = f"copy (select * from marts.{name}) to"
    if not partition:
        folder.mkdir(parents=True)
        con.execute(f"{query} {sql_literal(folder / f'data_{version}.parquet')} ({options})")
        return
    con.execute(f"{query} {sql_literal(folder)} ({options}, "
                f"partition_by ({', '.join(partition)}), "
                f"filename_pattern 'data_{version}_{{i}}')")
    if not any(folder.rglob("*.parquet")):
        # No rows, no partition folder: one empty file keeps the mart readable, with its
        # columns, by a reader globbing <mart>/**/*.parquet (a glob matching nothing fails).
        folder.mkdir(parents=True, exist_ok=True)
        con.execute(f"{query} {sql_literal(folder / f'data_{version}_0.parquet')} ({options})")


def _struct_literal(metadata: dict[str, str]) -> str:
    """{key: 'value', ...} for COPY's KV_METADATA, quotes escaped."""
    items = (f"\"{k}\": {sql_literal(v)}" for k, v in metadata.items())
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
