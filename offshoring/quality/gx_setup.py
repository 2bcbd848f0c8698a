"""Two process-wide adjustments of Great Expectations, made once with the context
(``gx_engine.get_state``): each skips work this project does not need."""

from __future__ import annotations


def without_frame_fingerprints() -> None:
    """GX fingerprints every frame it is handed (pandas' hash of each column, kept as a
    batch marker of the result) when the frame holds under ``HASH_THRESHOLD`` bytes: a
    tenth of GX's time on a small file's frames (bench/README.md, per-file cost). A rule
    frame is derived from one load, and the load's file checksum is recorded with it
    (meta.loads, the run name ``load-<id>``): the threshold is set to 0, GX computes none."""
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0


def keep_results_as_objects(store) -> None:
    """The ephemeral context's results store keeps each result as the object stored,
    where GX would write it out as indented, sorted JSON text (about 11 ms a file) and
    parse it again for Data Docs. The store lives in memory for this process only, and
    nothing changes a stored result: the store's copies are made at store time
    (``gx_engine._store_file_result``)."""
    store.serialize = as_is
    store.deserialize = as_is


def as_is(value):
    return value
