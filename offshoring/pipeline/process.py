"""process_file: receive one file, then stage, judge and load it in one transaction.

Rejected: the transaction is rolled back, the archived bytes move to quarantine/ and
meta.loads and the quality log record why; nothing else changes. Any exception while a
file is read, staged or judged is that file's rejection (one line, the traceback in the
debug log): one hostile file never stops the others of the run.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import duckdb

from offshoring import files, quality, testhooks
from offshoring.pipeline import kinds, records
from offshoring.pipeline.outcome import DUPLICATE, LOADED, REJECTED, FileOutcome
from offshoring.pipeline.receive import (
    LEFT,
    Incoming,
    NotReceived,
    archive,
    clear_landing,
    open_incoming,
    seen_before,
)
from offshoring.readers import RejectedFile, check_size
from offshoring.text import excerpt

log = logging.getLogger(__name__)
UNREADABLE = "format.file_readable"


def process_file(session, path: Path) -> FileOutcome:
    """Receive, read, validate and load one file (or only validate, in a dry run)."""
    started = time.perf_counter()
    try:
        with open_incoming(session.settings, path, copy=not session.dry_run) as incoming:
            outcome = _receive(session, incoming)
    except NotReceived as err:
        outcome = err.outcome
    outcome.seconds = time.perf_counter() - started
    outcome.dry_run = session.dry_run
    session.outcomes.append(outcome)
    return outcome


def _receive(session, incoming: Incoming) -> FileOutcome:
    outcome = seen_before(session, incoming)
    if outcome is None:
        keeping = None if session.dry_run else archive(session.settings, incoming)
        stored = incoming.path if keeping is None else keeping.path
        testhooks.pause_at(testhooks.AFTER_ARCHIVE, session.settings)
        received = records.Received(incoming.name, incoming.sha256, stored,
                                    incoming.opened.st_size, keeping)
        outcome = _judge_guarded(session, received)
        received.wait_kept()  # before the file may leave landing
    if not session.dry_run and not clear_landing(incoming):
        outcome.landing_note = f"the file changed since it was read: {LEFT} for the next run"
    return outcome


def _judge_guarded(session, received: records.Received) -> FileOutcome:
    """Judge and load; an unexpected exception rejects the file instead of the run."""
    kind_name = kinds.release.NAME
    try:
        kind = kinds.kind_of(received.stored, received.file_name, session.settings)
        kind_name = kind.NAME
        return _judge_and_load(session, kind, received)
    except (duckdb.FatalException, duckdb.InterruptException, files.NotKept):
        raise  # the connection or the disk is gone, or the user stopped the run
    except Exception as err:  # noqa: BLE001 - the file's rejection, not a crash
        log.debug("file %s raised while read or judged", received.file_name, exc_info=True)
        why = RejectedFile(UNREADABLE, f"could not be read: {type(err).__name__}: "
                                       f"{excerpt(err, 120)}")
        return _reject(session, received, kind_name, _unreadable(session, why))


def _judge_and_load(session, kind, received: records.Received) -> FileOutcome:
    name, sha, stored = received.file_name, received.sha256, received.stored
    try:
        check_size(received.size_bytes, session.settings.limits)
        opened = kind.open_file(stored, name, session)
    except RejectedFile as err:
        return _reject(session, received, kind.NAME, _unreadable(session, err))
    con = session.con
    con.begin()
    try:
        load_id = records.next_load_id(session)
        try:
            rows = opened.stage(load_id)
        except RejectedFile as err:
            con.rollback()
            return _reject(session, received, kind.NAME, _unreadable(session, err), load_id)
        testhooks.pause_at(testhooks.AFTER_RAW_INSERT, session.settings)
        content = opened.content_sha(load_id)
        twin = records.same_content_load(session, content)
        if twin is not None:
            con.rollback()
            return FileOutcome(name, sha, DUPLICATE, kind.NAME, twin,
                               note=f"same content as load {twin}")
        verdict = opened.validate(load_id)
        testhooks.pause_at(testhooks.AFTER_VALIDATION, session.settings)
        if verdict.rejected or session.dry_run:
            con.rollback()
            if verdict.rejected:
                return _reject(session, received, kind.NAME, verdict, load_id, rows)
            return FileOutcome(name, sha, LOADED, kind.NAME, rows=rows, failed=verdict.failed)
        values = opened.load(load_id)
        verdict = opened.after_load(load_id, verdict)
        if verdict.rejected:  # only if the catalogue made such a rule an error
            con.rollback()
            return _reject(session, received, kind.NAME, verdict, load_id, rows)
        records.record_load(session, received, load_id, kind.NAME, LOADED, content, rows)
        quality.record_results(con, session.settings, session.run_id, load_id, name, sha,
                               verdict)
        received.wait_kept()  # the archived bytes durable before the load naming them
        testhooks.pause_at(testhooks.BEFORE_COMMIT, session.settings)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return FileOutcome(name, sha, LOADED, kind.NAME, load_id, rows, values,
                       failed=verdict.failed,
                       stored_path=records.relative(session.settings, stored))


def _unreadable(session, err: RejectedFile):
    return quality.file_rejection(err.rule_id, err.reason, session.settings)


def _reject(session, received: records.Received, kind: str, verdict,
            load_id: int | None = None, rows: int = 0) -> FileOutcome:
    """Quarantine the archived bytes and record why (a dry run only reports)."""
    name, sha = received.file_name, received.sha256
    if session.dry_run:
        return FileOutcome(name, sha, REJECTED, kind, rows=rows, failed=verdict.failed)
    received.wait_kept()  # durable before it moves: quarantine/ holds whole files
    kept = files.move_into(received.stored, session.settings.quarantine_dir)
    received = received.moved_to(kept)
    con = session.con
    con.begin()
    if load_id is None:
        load_id = records.next_load_id(session)
    records.record_load(session, received, load_id, kind, REJECTED, None, 0,
                        reason=verdict.reasons()[0])
    quality.record_results(con, session.settings, session.run_id, load_id, name, sha, verdict)
    con.commit()
    return FileOutcome(name, sha, REJECTED, kind, load_id, rows, failed=verdict.failed,
                       stored_path=records.relative(session.settings, kept))
