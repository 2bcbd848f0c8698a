"""One writer on the warehouse at a time, across deployments, workers and manual runs.

Two guards, both taken by the pipeline's session (``offshoring.pipeline.open_session``):

* the file lock on the warehouse (``offshoring.warehouse.writer_lock``): holds on one
  machine or a shared file system, with or without Prefect;
* a Prefect global concurrency limit named ``offshoring-warehouse-writer`` with one
  slot, taken by deployment runs (``cluster_slot``) that talk to a Prefect server
  (``PREFECT_API_URL``): holds across workers on several machines and queues runs up
  to ``OFFSHORING_LOCK_TIMEOUT`` instead of failing them as busy at once.

The work pool is also created with ``--concurrency-limit 1`` (see docs/operations.md),
and ``offshoring serve`` runs with ``limit=1``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

WRITER_LIMIT_NAME = "offshoring-warehouse-writer"
WRITER_LIMIT_SLOTS = 1


@contextmanager
def writer_slot(timeout_s: float | None = None) -> Iterator[None]:
    """Hold the writer slot of the global concurrency limit (needs a Prefect server).

    Raises ``TimeoutError`` when the slot is not free within ``timeout_s`` (None: wait).
    If the limit does not exist on the server, Prefect lets the run through (not strict).
    """
    from prefect.concurrency.sync import concurrency

    with concurrency(WRITER_LIMIT_NAME, occupy=1, timeout_seconds=timeout_s, strict=False):
        yield


def ensure_writer_limit() -> bool:
    """Create the global concurrency limit (1 slot) if absent; True when it exists now."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(WRITER_LIMIT_NAME)
            return True
        except ObjectNotFound:
            pass
        try:
            client.create_global_concurrency_limit(
                GlobalConcurrencyLimitCreate(name=WRITER_LIMIT_NAME, limit=WRITER_LIMIT_SLOTS))
        except ObjectAlreadyExists:
            pass
    return True
