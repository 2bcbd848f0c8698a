"""Read release files (CSV, XLSX, JSON) into text rows with canonical column names.

Nothing is interpreted here beyond the file structure: values stay text exactly as
received; typing and normalisation happen in SQL (sql/staging). A file that cannot be
read raises RejectedFile with a one-line reason.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from offshoring.columns import RELEASE_COLUMNS, REQUIRED_COLUMNS, canonical_column
from offshoring.files import csv_delimiter

SUPPORTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".json")


class RejectedFile(Exception):
    """A file the pipeline refuses, with the quality rule it breaks and a one-line reason."""

    def __init__(self, rule_id: str, reason: str):
        super().__init__(reason)
        self.rule_id = rule_id
        self.reason = " ".join(str(reason).split())


@dataclass
class ReleaseTable:
    """A release as text: canonical column names and rows of str | None."""

    columns: list[str]
    rows: list[tuple[str | None, ...]]


def read_release(path: Path, data: bytes | None = None) -> ReleaseTable:
    """Read one release file; raise RejectedFile when its structure is unusable."""
    data = path.read_bytes() if data is None else data
    if not data.strip():
        raise RejectedFile("format.file_readable", "the file is empty")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        header, body = _xlsx_rows(data)
    elif suffix == ".json":
        header, body = _json_rows(data)
    elif suffix in (".csv", ".txt"):
        header, body = _csv_rows(data)
    else:
        raise RejectedFile("format.file_readable",
                           f"unsupported file type {suffix or '(none)'}; expected "
                           + ", ".join(SUPPORTED_SUFFIXES))
    return _canonical_table(header, body)


def _text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise RejectedFile("format.file_readable", "binary content, not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise RejectedFile(
            "format.file_readable",
            f"not UTF-8 text (byte 0x{data[err.start]:02X} at offset {err.start}); "
            "save the file as UTF-8",
        ) from None


def _csv_rows(data: bytes) -> tuple[list[str], list[list[str | None]]]:
    text = _text(data)
    delimiter = csv_delimiter(text.split("\n", 1)[0])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as err:
        raise RejectedFile("format.file_readable", f"malformed CSV: {err}") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise RejectedFile("format.file_readable", "the file has no header row")
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise RejectedFile(
                "format.file_readable",
                f"line {number} has {len(row)} fields, the header has {len(header)} "
                "(truncated or ragged CSV)",
            )
    return header, [[cell if cell != "" else None for cell in row] for row in body]


def _xlsx_rows(data: bytes) -> tuple[list[str], list[list[str | None]]]:
    import fastexcel  # lazy: only XLSX needs it

    try:
        reader = fastexcel.read_excel(data)
        sheet = reader.load_sheet(0, dtypes="string")
        frame = sheet.to_polars()
    except Exception as err:  # fastexcel raises several types for broken workbooks
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise RejectedFile("format.file_readable", f"malformed XLSX: {first}") from None
    header = [str(c) for c in frame.columns]
    return header, [list(row) for row in frame.iter_rows()]


def _json_rows(data: bytes) -> tuple[list[str], list[list[str | None]]]:
    try:
        records = json.loads(_text(data), parse_float=str, parse_int=str,
                             parse_constant=str)
    except json.JSONDecodeError as err:
        raise RejectedFile("format.file_readable", f"malformed JSON: {err.msg} "
                           f"at line {err.lineno} column {err.colno}") from None
    if isinstance(records, dict):
        for key in ("records", "data", "observations"):
            if isinstance(records.get(key), list):
                records = records[key]
                break
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise RejectedFile("format.file_readable", "JSON must be a list of records (objects)")
    if not records:
        raise RejectedFile("format.file_readable", "JSON holds no records")
    header: list[str] = []
    for record in records:
        header.extend(k for k in record if k not in header)
    body = [[_json_cell(record.get(k)) for k in header] for record in records]
    return header, body


def _json_cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _canonical_table(header: list[str], body: list[list[str | None]]) -> ReleaseTable:
    mapping: dict[int, str] = {}
    unknown = []
    for index, name in enumerate(header):
        canon = canonical_column(name) if name is not None else None
        if canon is None:
            unknown.append(str(name))
        elif canon in mapping.values():
            raise RejectedFile("format.required_columns", f"column {canon!r} appears twice")
        else:
            mapping[index] = canon
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping.values()]
    if unknown or missing:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if unknown:
            parts.append("unknown header(s) " + ", ".join(repr(u[:40]) for u in unknown[:5]))
        raise RejectedFile("format.required_columns", "; ".join(parts))
    if not body:
        raise RejectedFile("format.file_readable", "the file has a header but no data rows")
    order = [next((i for i, c in mapping.items() if c == col), None) for col in RELEASE_COLUMNS]
    rows = [tuple(_clean(row[i]) if i is not None else None for i in order) for row in body]
    return ReleaseTable(columns=list(RELEASE_COLUMNS), rows=rows)


def _clean(cell: str | None) -> str | None:
    if cell is None:
        return None
    text = str(cell)
    return text if text.strip() != "" else None
