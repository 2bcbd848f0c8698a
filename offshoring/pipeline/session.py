"""The session of one run: the only place that takes the writer lock, opens the DuckDB
connection, builds the warehouse layers and records the run in ``meta.runs``.

The run is recorded when the session closes: a process killed midway leaves no trace
in the warehouse, as if it had never started. A run that published then replaces the
read-only snapshot (``offshoring.snapshot``). A dry run (``validate``, prechecks)
records nothing and creates nothing on disk: it works in a private in-memory database,
into which ``validate`` copies what the warehouse holds (read only) when it exists.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from offshoring import warehouse
from offshoring.pipeline.outcome import DUPLICATE, LOADED, REJECTED, FileOutcome, RunSummary
from offshoring.pipeline.receive import sweep_partial_copies
from offshoring.secrets import install_log_redaction
from offshoring.settings import Settings

log = logging.getLogger(__name__)

COMPLETED = "completed"
COMPLETED_WITH_WARNINGS = "completed_with_warnings"  # loaded, but e.g. no dashboard
FAILED = "failed"
SNAPSHOT = "warehouse_snapshot"  # the warehouse attached read-only by a dry run


@dataclass
class Session:
    """What the stages of one run share."""

    settings: Settings
    con: duckdb.DuckDBPyConnection
    command: str
    run_id: str
    started_at: datetime
    dry_run: bool = False
    flow_run_id: str | None = None
    as_of: date | None = None  # publish the marts as known on that day (backfill)
    built: list[str] = field(default_factory=list)  # warehouse objects built at open
    outcomes: list[FileOutcome] = field(default_factory=list)
    marts: Path | None = None
    after_commit_warnings: list[str] = field(default_factory=list)

    def sql(self, name: str, params: list | dict | None = None) -> list[tuple]:
        """Run ``sql/pipeline/<name>.sql`` and fetch every row."""
        text = warehouse.sql_text(self.settings, f"pipeline/{name}.sql")
        return self.con.execute(text, params or []).fetchall()

    def summary(self) -> RunSummary:
        return RunSummary(self.run_id, str(self.settings.warehouse_dir),
                          str(self.marts) if self.marts else None, self.outcomes,
                          self.after_commit_warnings)


@contextmanager
def open_session(settings: Settings, command: str, *, dry_run: bool = False,
                 in_memory: bool = False, flow_run_id: str | None = None,
                 as_of: date | None = None, cluster_slot: bool = False) -> Iterator[Session]:
    """Hold the warehouse for one run and yield its Session.

    dry_run: judge the files against what the warehouse holds, write nothing anywhere
    (an in-memory database, the warehouse read only, no lock).
    in_memory: a private in-memory warehouse with every layer built and no lock, empty
    (the parallel prechecks: they read and judge a file, nothing else).
    cluster_slot: also hold Prefect's global writer slot (deployment runs, which workers
    on several machines may start at once); needs ``PREFECT_API_URL``.
    """
    install_log_redaction(settings)  # no configured secret in any log line of the run
    private = in_memory or dry_run
    with ExitStack() as stack:
        if not private:  # the file lock first: a busy warehouse on this machine answers
            stack.enter_context(warehouse.writer_lock(settings))  # without Prefect's logs
            if cluster_slot and settings.prefect_api_url:
                stack.enter_context(_writer_slot(settings))
            _sweep_partial_copies(settings)
        con = duckdb.connect() if private else warehouse.connect(settings)
        stack.callback(con.close)
        built = warehouse.build(con, settings) or []
        if dry_run and not in_memory and settings.db_path.is_file():
            _copy_warehouse(con, settings)
        started_at = con.execute(warehouse.sql_text(settings, "pipeline/now.sql")).fetchall()
        session = Session(settings, con, command, str(uuid.uuid4()), started_at[0][0],
                          dry_run=dry_run or in_memory, flow_run_id=flow_run_id, as_of=as_of,
                          built=list(built))
        status = FAILED
        try:
            yield session
            status = COMPLETED_WITH_WARNINGS if session.after_commit_warnings else COMPLETED
        finally:
            if not session.dry_run:
                _record_run(session, status)
                if status != FAILED and session.marts is not None:
                    _write_snapshot(session)


def _sweep_partial_copies(settings: Settings) -> None:
    removed = sweep_partial_copies(settings)
    if removed:
        log.info("removed %d partial copies an interrupted run left in archive/", removed)


def _copy_warehouse(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """What a dry run judges against: the warehouse's values and loads, read only."""
    con.execute(f"attach {warehouse.sql_literal(settings.db_path)} as {SNAPSHOT} (read_only)")
    try:
        con.execute(warehouse.sql_text(settings, "pipeline/copy_warehouse.sql"))
    finally:
        con.execute(f"detach {SNAPSHOT}")


def _record_run(session: Session, status: str) -> None:
    counts = [sum(1 for o in session.outcomes if o.status == s)
              for s in (LOADED, REJECTED, DUPLICATE)]
    session.sql("record_run", {
        "run_id": session.run_id, "command": session.command,
        "flow_run_id": session.flow_run_id, "started_at": session.started_at,
        "files_seen": len(session.outcomes), "files_loaded": counts[0],
        "files_rejected": counts[1], "files_duplicate": counts[2], "status": status})


def _write_snapshot(session: Session) -> None:
    """Replace the read-only snapshot readers open during runs (``offshoring.snapshot``);
    the data are committed by now, so a failure here is a warning."""
    from offshoring.snapshot import write_snapshot

    try:
        write_snapshot(session.con, session.settings)
    except (OSError, duckdb.Error) as err:
        session.after_commit_warnings.append(f"snapshot not replaced: {err}")


@contextmanager
def _writer_slot(settings: Settings) -> Iterator[None]:
    """Prefect's global concurrency slot for writers, when the run talks to a server:
    one writer across workers on several machines (the file lock covers one machine).
    Prefect's timeout covers its requests too, so a stalled server also ends busy."""
    from offshoring.concurrency import ensure_writer_limit, writer_slot

    ensure_writer_limit()
    try:
        slot = writer_slot(timeout_s=settings.lock_timeout_s)
        slot.__enter__()
    except TimeoutError:
        raise warehouse.WarehouseBusy(
            f"the warehouse {settings.warehouse_dir} is busy: no writer slot from the "
            "Prefect server (another run holds it, or the server did not answer); gave up "
            f"after {settings.lock_timeout_s:g} s (OFFSHORING_LOCK_TIMEOUT sets the wait)"
        ) from None
    try:
        yield
    finally:
        slot.__exit__(None, None, None)
