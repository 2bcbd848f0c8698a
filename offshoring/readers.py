"""Read release files (CSV, XLSX, JSON) into text rows with canonical column names.

Nothing is interpreted here beyond the file structure: values stay text exactly as
received; typing and normalisation happen in SQL (sql/staging). A file that cannot be
read raises RejectedFile with a one-line reason. Every file is read under limits
(``offshoring.limits``: size, rows, JSON depth, XLSX cells), checked before the content is
parsed, and a reason echoes at most a short escaped excerpt of the content.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from offshoring.columns import RELEASE_COLUMNS, REQUIRED_COLUMNS, canonical_column
from offshoring.files import csv_delimiter
from offshoring.limits import Limits
from offshoring.text import excerpt, one_line
from offshoring.xlsx import WorkbookRefused, xlsx_rows

SUPPORTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".json")
REASON_CHARS = 600  # a reason is one line of at most this many characters (a layout
# mismatch lists every layout tried; received text in it is a short excerpt anyway)
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_JSON_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_JSON_INNERMOST = re.compile(r"\[\]|\{\}")
_JSON_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


class RejectedFile(Exception):
    """A file the pipeline refuses, with the quality rule it breaks and a one-line reason."""

    def __init__(self, rule_id: str, reason: str):
        super().__init__(reason)
        self.rule_id = rule_id
        self.reason = one_line(reason, REASON_CHARS)


@dataclass
class ReleaseTable:
    """A release as text: canonical column names and rows of str | None."""

    columns: list[str]
    rows: list[tuple[str | None, ...]]


def check_size(size: int, limits: Limits) -> None:
    """Refuse a file larger than ``OFFSHORING_MAX_FILE_MB`` before reading it."""
    if size > limits.max_file_bytes:
        raise RejectedFile("format.file_readable", (
            f"the file is {size / (1 << 20):,.1f} MB, more than "
            f"OFFSHORING_MAX_FILE_MB={limits.max_file_mb:g}"))


def read_release(path: Path, data: bytes | None = None, limits: Limits | None = None,
                 sheet: str | None = None) -> ReleaseTable:
    """Read one release file under ``limits``; raise RejectedFile when its structure is
    unusable. ``sheet``: the worksheet of an XLSX file (default: the one holding the
    release columns)."""
    limits = limits or Limits()
    if data is None:
        check_size(path.stat().st_size, limits)
        data = path.read_bytes()
    check_size(len(data), limits)
    if not data.strip():
        raise RejectedFile("format.file_readable", "the file is empty")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            header, body = xlsx_rows(data, limits, sheet)
        except WorkbookRefused as err:
            raise RejectedFile(err.rule_id, err.reason) from None
    elif suffix == ".json":
        header, body = _json_rows(data, limits)
    elif suffix in (".csv", ".txt"):
        header, body = _csv_rows(data, limits)
    else:
        raise RejectedFile("format.file_readable",
                           f"unsupported file type {excerpt(suffix, 12) or '(none)'}; "
                           "expected " + ", ".join(SUPPORTED_SUFFIXES))
    return _canonical_table(header, body)


def _too_many_rows(limits: Limits) -> RejectedFile:
    return RejectedFile("format.file_readable",
                        f"more than {limits.max_rows:,} rows (OFFSHORING_MAX_ROWS)")


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


def _csv_rows(data: bytes, limits: Limits) -> tuple[list[str], list[list[str | None]]]:
    text = _text(data)
    delimiter = csv_delimiter(text.split("\n", 1)[0])
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            if any(cell.strip() for cell in row):
                rows.append(row)
                if len(rows) > limits.max_rows + 1:  # the header, then the data rows
                    raise _too_many_rows(limits)
    except csv.Error as err:
        raise RejectedFile("format.file_readable", f"malformed CSV: {err}") from None
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


def json_depth(text: str, limit: int) -> int:
    """How deep arrays and objects nest in a JSON text (at most ``limit + 1``): strings
    set aside, innermost pairs removed once per level, in C."""
    brackets = _JSON_NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = 0
    while brackets and depth <= limit:
        reduced = _JSON_INNERMOST.sub("", brackets)
        if reduced == brackets:  # unbalanced: the parser will say where
            break
        brackets, depth = reduced, depth + 1
    return depth


def _json_rows(data: bytes, limits: Limits) -> tuple[list[str], list[list[str | None]]]:
    text = _text(data)
    if json_depth(text, limits.max_json_depth) > limits.max_json_depth:
        raise RejectedFile("format.file_readable", (
            f"JSON nested more than {limits.max_json_depth} levels deep "
            "(OFFSHORING_MAX_JSON_DEPTH)"))
    try:
        records = json.loads(text, parse_float=str, parse_int=str, parse_constant=str)
    except json.JSONDecodeError as err:
        raise RejectedFile("format.file_readable", f"malformed JSON: {err.msg} "
                           f"at line {err.lineno} column {err.colno}") from None
    except RecursionError:
        raise RejectedFile("format.file_readable", "JSON nested too deep to read") from None
    if isinstance(records, dict):
        for key in ("records", "data", "observations"):
            if isinstance(records.get(key), list):
                records = records[key]
                break
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise RejectedFile("format.file_readable", "JSON must be a list of records (objects)")
    if not records:
        raise RejectedFile("format.file_readable", "JSON holds no records")
    if len(records) > limits.max_rows:
        raise _too_many_rows(limits)
    header: list[str] = []
    seen: set[str] = set()
    for record in records:
        for key in record:
            if key not in seen:
                seen.add(key)
                header.append(key)
    body = [[_json_cell(record.get(k)) for k in header] for record in records]
    if _JSON_SURROGATE.search(text):
        _refuse_lone_surrogates(header, body)
    return header, body


def _refuse_lone_surrogates(header: list[str], body: list[list[str | None]]) -> None:
    """JSON may escape half of a UTF-16 pair (``"\\ud800"``): not a character, not storable."""
    for number, row in enumerate([header, *body], start=1):
        for cell in row:
            try:
                (cell or "").encode("utf-8")
            except UnicodeEncodeError:
                where = "a key" if number == 1 else f"record {number - 1}"
                raise RejectedFile("format.file_readable", (
                    f"JSON text holds a lone surrogate escape (such as \\ud800) in {where}: "
                    "not a character")) from None


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
            parts.append("unknown header(s) " + ", ".join(f"'{excerpt(u, 30)}'"
                                                          for u in unknown[:5]))
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
