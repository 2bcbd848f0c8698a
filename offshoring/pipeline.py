"""The pipeline's stages as plain functions: discover, receive, read, validate, load,
transform, publish. flows/pipeline.py runs them as Prefect tasks; nothing here imports
Prefect or Great Expectations at module level.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from offshoring import files, quality, testhooks, warehouse
from offshoring.readers import RejectedFile, read_release
from offshoring.settings import Settings

STATUS_LOADED = "loaded"
STATUS_REJECTED = "rejected"
STATUS_DUPLICATE = "duplicate"
IGNORED_PREFIXES = (".", "~$")  # hidden and office lock files in the landing folder


@dataclass
class FileOutcome:
    """What became of one received file."""

    file_name: str
    sha256: str
    status: str
    load_id: int | None = None
    rows: int = 0
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stored_path: str | None = None
    seconds: float = 0.0  # receive, read, validate and load of this file

    @property
    def line(self) -> str:
        """One line for people: the file, what happened, and why."""
        if self.status == STATUS_REJECTED:
            return f"REJECTED {self.file_name}: {self.reasons[0] if self.reasons else ''}"
        if self.status == STATUS_DUPLICATE:
            return f"ALREADY LOADED {self.file_name}: {self.reasons[0] if self.reasons else ''}"
        extra = f" ({len(self.warnings)} warning(s))" if self.warnings else ""
        return (f"LOADED {self.file_name}: {self.rows} rows as load {self.load_id}{extra} "
                f"in {self.seconds:.1f} s")


@dataclass
class RunContext:
    """What the stages of one run share: settings, the open connection, the run id."""

    settings: Settings
    con: duckdb.DuckDBPyConnection
    run_id: str
    command: str
    recorded: bool = True
    flow_run_id: str | None = None
    started_at: datetime | None = None
    outcomes: list[FileOutcome] = field(default_factory=list)


@dataclass
class RunSummary:
    run_id: str
    warehouse: str
    marts: str | None
    outcomes: list[FileOutcome]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def exit_code(self) -> int:
        return 3 if self.count(STATUS_REJECTED) else 0

    def to_dict(self) -> dict:
        data = asdict(self)
        data.update(loaded=self.count(STATUS_LOADED), rejected=self.count(STATUS_REJECTED),
                    duplicate=self.count(STATUS_DUPLICATE), exit_code=self.exit_code)
        return data


# --- run ------------------------------------------------------------------------------
def open_run(settings: Settings, command: str, flow_run_id: str | None = None,
             record: bool = True) -> RunContext:
    """Open the warehouse for writing and build its layers.

    The run is recorded in meta.runs when it ends (close_run): a process killed midway
    leaves no trace in the warehouse, as if it had never started.
    """
    con = warehouse.connect(settings)
    warehouse.build(con, settings)
    run_id = str(uuid.uuid4())
    started_at = warehouse.first_row(con.execute("select current_timestamp::timestamp"))[0]
    return RunContext(settings, con, run_id, command, recorded=record,
                      flow_run_id=flow_run_id, started_at=started_at)


def close_run(ctx: RunContext, status: str = "completed") -> None:
    """Record the run in meta.runs (unless a dry run) and close the connection."""
    if ctx.recorded:
        ctx.con.execute(
            "insert into meta.runs (run_id, command, flow_run_id, started_at, finished_at, "
            "files_seen, files_loaded, files_rejected, files_duplicate, status) "
            "values (?, ?, ?, ?, current_timestamp, ?, ?, ?, ?, ?)",
            [ctx.run_id, ctx.command, ctx.flow_run_id, ctx.started_at, len(ctx.outcomes)]
            + [sum(1 for o in ctx.outcomes if o.status == s)
               for s in (STATUS_LOADED, STATUS_REJECTED, STATUS_DUPLICATE)] + [status])
    ctx.con.close()


# --- discover -------------------------------------------------------------------------
def discover(ctx: RunContext, paths: list[Path] | None = None) -> list[Path]:
    """The files to process: those given, or the new files of the landing folder."""
    if paths is not None:
        return [Path(p).resolve() for p in paths]
    landing = ctx.settings.landing_dir
    if not landing.is_dir():
        return []
    found = sorted(p for p in landing.iterdir()
                   if p.is_file() and not p.name.startswith(IGNORED_PREFIXES))
    return found


# --- one file -------------------------------------------------------------------------
def process_file(ctx: RunContext, path: Path, dry_run: bool = False) -> FileOutcome:
    """Receive, read, validate and load one file (or only validate, when dry_run)."""
    started = time.perf_counter()
    sha = files.sha256_file(path)
    known = _known_load(ctx.con, sha)
    if known is not None:
        outcome = _known_outcome(path, sha, known)
    else:
        stored = path if dry_run else _receive(ctx.settings, path, sha)
        testhooks.pause_at(testhooks.AFTER_ARCHIVE, ctx.settings.warehouse_dir)
        outcome = _read_validate_load(ctx, path, stored, sha, dry_run)
    if not dry_run:
        _clear_landing(ctx.settings, path)
    outcome.seconds = time.perf_counter() - started
    ctx.outcomes.append(outcome)
    return outcome


def _known_load(con, sha: str):
    return warehouse.first_row(con.execute(
        "select load_id, status, reason from meta.loads where file_sha256 = ? "
        "order by load_id desc limit 1", [sha]))


def _known_outcome(path: Path, sha: str, known) -> FileOutcome:
    load_id, status, reason = known
    if status == STATUS_REJECTED:
        return FileOutcome(path.name, sha, STATUS_REJECTED, load_id,
                           reasons=[f"already rejected as load {load_id}: {reason}"])
    return FileOutcome(path.name, sha, STATUS_DUPLICATE, load_id,
                       reasons=[f"same checksum as load {load_id}"])


def _receive(settings: Settings, path: Path, sha: str) -> Path:
    """Keep the bytes before anything else can go wrong: archive/<sha256><ext>."""
    return files.store_copy(path, settings.archive_dir / f"{sha}{files.safe_suffix(path)}")


def _clear_landing(settings: Settings, path: Path) -> None:
    # Only the landing folder is ours to tidy; files given to `ingest` are left alone.
    if path.parent.resolve() == settings.landing_dir.resolve() and path.exists():
        path.unlink()


class _ReleaseSteps:
    """A statistics release: read in Python (small), typed in SQL staging."""

    kind = "release"

    def __init__(self, stored: Path):
        self.table = read_release(stored)  # RejectedFile before any transaction

    def stage(self, con, load_id: int) -> int:
        _insert_raw(con, load_id, self.table)
        return len(self.table.rows)

    def content(self, con, load_id: int) -> str:
        return _content_sha(con, load_id)

    def validate(self, con, load_id: int, settings: Settings):
        return quality.validate_release(con, load_id, settings)

    def load(self, con, load_id: int, settings: Settings) -> int:
        return _load_values(con, load_id)

    def after_load(self, con, load_id: int, settings: Settings, outcome):
        # sources.agree already ran in validate(): a release's values are known before.
        return outcome


class _FirmSteps:
    """Firm declarations: bulk-read by DuckDB, checked and aggregated in SQL."""

    kind = "firm_declarations"

    def __init__(self, stored: Path):
        self.stored = stored

    def stage(self, con, load_id: int) -> int:
        from offshoring.firms import FirmFileError, stage_firm_file
        from offshoring.firms.outcome import FILE_RULE_ID

        try:
            return stage_firm_file(con, self.stored, load_id)
        except FirmFileError as err:
            raise RejectedFile(FILE_RULE_ID, err.reason) from None

    def content(self, con, load_id: int) -> str:
        from offshoring.firms.outcome import content_checksum

        return content_checksum(con, load_id)

    def validate(self, con, load_id: int, settings: Settings):
        from offshoring.firms.validate import validate_firm_declarations

        return validate_firm_declarations(con, load_id, settings)

    def load(self, con, load_id: int, settings: Settings) -> int:
        from offshoring.firms import aggregate_firm_declarations

        values = aggregate_firm_declarations(con, load_id)
        if not settings.keep_firm_rows:
            # Dropped inside the transaction: DuckDB then never writes them to the file.
            con.execute("delete from raw.firm_declarations where load_id = ?", [load_id])
        return values

    def after_load(self, con, load_id: int, settings: Settings, outcome):
        """Level 3: the aggregates just appended against the other sources in core.current."""
        from offshoring.quality.model import ValidationOutcome
        from offshoring.quality.validate import check_loaded_sources

        agree = check_loaded_sources(con, load_id, settings)
        return ValidationOutcome([*outcome.results, agree])


def _steps_for(stored: Path):
    from offshoring.firms.detect import is_firm_declarations_file

    return _FirmSteps(stored) if is_firm_declarations_file(stored) else _ReleaseSteps(stored)


def _read_validate_load(ctx: RunContext, path: Path, stored: Path, sha: str,
                        dry_run: bool) -> FileOutcome:
    con = ctx.con
    size = stored.stat().st_size
    try:
        steps = _steps_for(stored)
    except RejectedFile as err:
        return _reject_unreadable(ctx, path, stored, sha, size, err, dry_run)

    con.begin()
    try:
        load_id = warehouse.first_row(con.execute("select nextval('meta.load_id_seq')"))[0]
        try:
            rows = steps.stage(con, load_id)
        except RejectedFile as err:
            con.rollback()
            return _reject_unreadable(ctx, path, stored, sha, size, err, dry_run, load_id)
        testhooks.pause_at(testhooks.AFTER_RAW_INSERT, ctx.settings.warehouse_dir)
        content = steps.content(con, load_id)
        twin = warehouse.first_row(con.execute(
            "select load_id from meta.loads where content_sha256 = ? and status = ? limit 1",
            [content, STATUS_LOADED]))
        if twin is not None:
            con.rollback()
            return FileOutcome(path.name, sha, STATUS_DUPLICATE, twin[0],
                               reasons=[f"same content as load {twin[0]}"])
        outcome = steps.validate(con, load_id, ctx.settings)
        testhooks.pause_at(testhooks.AFTER_VALIDATION, ctx.settings.warehouse_dir)
        if outcome.rejected or dry_run:
            con.rollback()
            if outcome.rejected:
                return _reject(ctx, path, stored, sha, size, load_id, outcome, dry_run,
                               steps.kind)
            return FileOutcome(path.name, sha, STATUS_LOADED, None, rows,
                               warnings=outcome.reasons())
        values = steps.load(con, load_id, ctx.settings)
        # Rules that need the loaded values (firm aggregates vs other sources); a warning
        # at most, recorded below with the others.
        outcome = steps.after_load(con, load_id, ctx.settings, outcome)
        if outcome.rejected:  # only if the catalogue made such a rule an error
            con.rollback()
            return _reject(ctx, path, stored, sha, size, load_id, outcome, dry_run, steps.kind)
        _record_load(con, ctx, load_id, path, stored, sha, size, STATUS_LOADED, None,
                     content, rows, steps.kind)
        quality.record_results(con, ctx.run_id, load_id, path.name, sha, outcome)
        testhooks.pause_at(testhooks.BEFORE_COMMIT, ctx.settings.warehouse_dir)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return FileOutcome(path.name, sha, STATUS_LOADED, load_id,
                       values if steps.kind == _ReleaseSteps.kind else rows,
                       warnings=outcome.reasons(),
                       stored_path=str(stored.relative_to(ctx.settings.warehouse_dir)))


def _reject_unreadable(ctx, path, stored, sha, size, err: RejectedFile, dry_run,
                       load_id: int | None = None) -> FileOutcome:
    outcome = quality.file_rejection(err.rule_id, err.reason)
    if load_id is None:
        load_id = warehouse.first_row(ctx.con.execute("select nextval('meta.load_id_seq')"))[0]
    return _reject(ctx, path, stored, sha, size, load_id, outcome, dry_run)


def _reject(ctx, path, stored, sha, size, load_id, outcome, dry_run,
            kind: str = "release") -> FileOutcome:
    reasons = outcome.reasons()
    if dry_run:
        return FileOutcome(path.name, sha, STATUS_REJECTED, None, reasons=reasons)
    kept = files.move_into(stored, ctx.settings.quarantine_dir)
    con = ctx.con
    con.begin()
    _record_load(con, ctx, load_id, path, kept, sha, size, STATUS_REJECTED, reasons[0], None, 0,
                 kind)
    quality.record_results(con, ctx.run_id, load_id, path.name, sha, outcome)
    con.commit()
    return FileOutcome(path.name, sha, STATUS_REJECTED, load_id, reasons=reasons,
                       stored_path=str(kept.relative_to(ctx.settings.warehouse_dir)))


def _insert_raw(con, load_id: int, table) -> None:
    columns = list(zip(*table.rows, strict=True)) if table.rows else [[] for _ in table.columns]
    arrow = pa.table({
        "load_id": pa.array([load_id] * len(table.rows), pa.int64()),
        "row_number": pa.array(range(1, len(table.rows) + 1), pa.int32()),
        **{name: pa.array(values, pa.string()) for name, values in zip(table.columns, columns,
                                                                        strict=True)},
    })
    con.register("incoming_release", arrow)
    try:
        names = ", ".join(["load_id", "row_number", *table.columns])
        con.execute(f"insert into raw.release_rows ({names}) select {names} "
                    "from incoming_release")
    finally:
        con.unregister("incoming_release")


def _content_sha(con, load_id: int) -> str:
    """Checksum of the normalised content: a re-saved or re-encoded file is the same."""
    return con.execute(
        "with lines as (select to_json([indicator, period, segment, region, source, "
        "cast(value as varchar), unit, status, cast(published_on as varchar), "
        "cast(series_break as varchar)]) as line "
        "from staging.stg_release_rows where load_id = ?) "
        "select sha256(coalesce(string_agg(line, chr(10) order by line), '')) from lines",
        [load_id]).fetchall()[0][0]


def _load_values(con, load_id: int) -> int:
    con.execute(
        "insert into core.release_values select load_id, indicator, frequency, period, "
        "period_start, period_end, segment, region, source, value, unit, status, "
        "published_on, series_break from staging.stg_release_rows where load_id = ?",
        [load_id])
    return warehouse.first_row(con.execute(
        "select count(*) from core.release_values where load_id = ?", [load_id]))[0]


def _record_load(con, ctx, load_id, path, stored, sha, size, status, reason, content,
                 rows, kind: str = "release") -> None:
    # Publication date and sources as loaded into core (both kinds land there).
    con.execute(
        "insert into meta.loads values (?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, ?, "
        "?, ?, (select max(published_on) from core.release_values where load_id = ?), "
        "(select string_agg(distinct source, ',' order by source) "
        " from core.release_values where load_id = ?))",
        [load_id, ctx.run_id, kind, path.name, sha, content, size,
         str(stored.relative_to(ctx.settings.warehouse_dir)), status, reason, rows,
         load_id, load_id])


# --- transform and publish -------------------------------------------------------------
def transform(ctx: RunContext) -> None:
    """Nothing left to rebuild: core (vintages, current, annual, ...) and the marts are
    views over core.release_values and meta.loads, built once by open_run."""


def publish(ctx: RunContext) -> Path:
    """Write every mart as Parquet and swap them in at once."""
    from offshoring.publish import publish_marts

    return publish_marts(ctx.con, ctx.settings)


def report(ctx: RunContext) -> Path:
    """Write the static HTML dashboard from the marts (report/index.html)."""
    from offshoring.dashboard import write_report

    return write_report(ctx.con, ctx.settings)


def data_docs(ctx: RunContext) -> Path | None:
    """Great Expectations' Data Docs for the releases validated by this process."""
    validated = [o for o in ctx.outcomes if o.status in (STATUS_LOADED, STATUS_REJECTED)
                 and o.load_id is not None]
    if not validated:
        return None
    return quality.build_data_docs(ctx.settings)


def checks_markdown(ctx: RunContext) -> str:
    """The rules this run checked, failures first, as a markdown table (Prefect artifact)."""
    from offshoring.report import markdown_text

    rows = ctx.con.execute(
        "select file_name, rule_id, severity, status, failing_rows from quality.check_results "
        "where run_id = ? order by status = 'passed', severity, file_name, rule_id",
        [ctx.run_id]).fetchall()
    lines = ["| file | rule | severity | status | failing rows |", "|---|---|---|---|---|"]
    failed = [r for r in rows if r[3] != "passed"]
    for name, rule, severity, status, count in failed:
        lines.append(f"| {markdown_text(name)} | {rule} | {severity} | {status} | {count} |")
    lines.append(f"\n{len(rows) - len(failed)} rule check(s) passed, {len(failed)} failed.")
    return "\n".join(lines)


def run_pipeline(settings: Settings, paths: list[Path] | None = None, command: str = "run",
                 dry_run: bool = False) -> RunSummary:
    """All stages in order, without Prefect (used by `validate` and by the flow's tasks)."""
    with warehouse.writer_lock(settings):
        ctx = open_run(settings, command, record=not dry_run)
        try:
            for path in discover(ctx, paths):
                process_file(ctx, path, dry_run=dry_run)
            marts = None
            if not dry_run:
                transform(ctx)
                marts = str(publish(ctx))
                report(ctx)
                data_docs(ctx)
        except BaseException:
            close_run(ctx, "failed")
            raise
        close_run(ctx)
    return RunSummary(ctx.run_id, str(settings.warehouse_dir), marts, ctx.outcomes)
