"""Stage and aggregate firm declarations inside the caller's DuckDB transaction.

The pipeline calls, on one open connection and one transaction::

    rows = stage_firm_file(con, path, load_id)      # raw.firm_declarations
    outcome = quality.validate(con, load_id, settings, "firm_declarations")
    if not outcome.rejected:
        aggregate_firm_declarations(con, load_id)   # core.release_values

None of these functions begins, commits or rolls back.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from offshoring.firms.constants import (
    COLUMN_TYPES,
    COLUMNS,
    CSV_STATE_MACHINE,
    CSV_SUFFIXES,
    PERIODS_TABLE,
    SOURCE,
    SQL_AGGREGATE,
    SQL_DYNAMICS,
    SQL_PERIODS,
)
from offshoring.firms.detect import first_other_line_ending, normalise_column, sniff_header
from offshoring.firms.errors import FirmFileError
from offshoring.warehouse import sql_text

__all__ = [
    "FirmFileError",
    "aggregate_firm_declarations",
    "stage_firm_file",
]

def stage_firm_file(con, path: Path, load_id: int) -> int:
    """Bulk-load a CSV or Parquet declarations file into ``raw.firm_declarations``.

    DuckDB reads the file with explicit column types. Returns the number of rows staged.
    Raises :class:`FirmFileError` with a one-line reason when the file does not parse.
    """
    path = Path(path)
    if not path.is_file():
        raise FirmFileError(f"file not found: {path.name}")
    source, params = _source_query(path)
    select_list = ", ".join(f"cast({c} as {t}) as {c}" for c, t in COLUMN_TYPES.items())
    query = (
        f"insert into raw.firm_declarations (load_id, {', '.join(COLUMNS)}) "
        f"select cast(? as bigint), {select_list} from {source}"
    )
    try:
        count = int(con.execute(query, [load_id, *params]).fetchone()[0])
    except duckdb.Error as exc:
        reason = one_line_reason(exc)
        if reason.startswith(CSV_STATE_MACHINE):
            reason = _mixed_line_endings(path) or reason
        raise FirmFileError(reason) from None
    if count == 0:
        raise FirmFileError("the file has a header but no declaration rows")
    return count


def aggregate_firm_declarations(con, load_id: int, settings) -> int:
    """Append the sector statistics of ``load_id`` to ``core.release_values`` and its job
    dynamics (entries, exits, continuing firms, gaps carried forward) to
    ``core.firm_dynamics``.

    Indicators jobs, net_jobs, exports_mad, companies; frequencies M, Q, A; every segment
    and ALL, every region and MA; source ``firm_declarations``. Returns the values
    appended to ``core.release_values``.
    """
    params = {"load_id": load_id}
    con.execute(sql_text(settings, SQL_PERIODS), params)
    try:
        inserted = con.execute("insert into core.release_values by name "
                               + _statement(settings, SQL_AGGREGATE),
                               {**params, "source": SOURCE}).fetchone()[0]
        con.execute("insert into core.firm_dynamics by name "
                    + _statement(settings, SQL_DYNAMICS), params)
    finally:
        con.execute(f"drop table if exists {PERIODS_TABLE}")
    return int(inserted)


def _statement(settings, name: str) -> str:
    return sql_text(settings, name).strip().rstrip(";")


def one_line_reason(exc: BaseException) -> str:
    """A DuckDB reader error as one line: 'line N: what went wrong'."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    if not lines:
        return type(exc).__name__
    head = lines[0].split(": ", 1)[-1] if " Error: " in lines[0] else lines[0]
    if head.startswith("CSV Error on Line:"):
        where = "line " + head.removeprefix("CSV Error on Line:").strip()
        detail = next((ln for ln in lines[1:] if not ln.startswith("Original Line")), "")
        return f"{where}: {detail}".rstrip(": ")
    return head


def _mixed_line_endings(path: Path) -> str | None:
    """The line where a CSV stops ending its lines as its header does, as a reason."""
    found = first_other_line_ending(path)
    if found is None:
        return None
    line, header_crlf = found
    ending, header = ("LF", "CRLF") if header_crlf else ("CRLF", "LF")
    return (f"line {line}: ends with {ending} where the header ends with {header} "
            "(mixed line endings): save the file with one kind of line ending")


def _source_query(path: Path) -> tuple[str, list]:
    """The DuckDB table function reading ``path``, and its parameters."""
    try:
        header, delimiter = sniff_header(path)
    except (OSError, ValueError) as exc:
        raise FirmFileError(f"cannot read the header: {exc}") from None
    if delimiter is None:
        _require_columns(header)
        return "read_parquet(?)", [str(path)]
    if path.suffix.lower() not in CSV_SUFFIXES and path.suffix:
        raise FirmFileError(f"unsupported file type {path.suffix!r}: expected CSV or Parquet")
    _require_columns(header)
    columns = ", ".join(
        f"'{normalise_column(c)}': '{COLUMN_TYPES[normalise_column(c)]}'" for c in header
    )
    source = (
        "read_csv(?, header = true, auto_detect = false, delim = ?, quote = '\"', "
        f"escape = '\"', strict_mode = true, dateformat = '%Y-%m-%d', columns = {{{columns}}})"
    )
    return source, [str(path), delimiter]


def _require_columns(header: list[str]) -> None:
    names = [normalise_column(c) for c in header]
    missing = [c for c in COLUMNS if c not in names]
    extra = [c for c in names if c not in COLUMN_TYPES]
    duplicated = sorted({c for c in names if names.count(c) > 1})
    problems = []
    if missing:
        problems.append("missing columns " + ", ".join(missing))
    if extra:
        problems.append("unexpected columns " + ", ".join(extra[:5]))
    if duplicated:
        problems.append("repeated columns " + ", ".join(duplicated))
    if problems:
        raise FirmFileError("not a firm declarations file: " + "; ".join(problems))

