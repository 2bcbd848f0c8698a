"""Layout files: YAML in the layouts folder, validated against ``layout.schema.json``.

A file that does not validate stops with one line naming it, the place and the problem
(``layouts/odc.yaml: match.file_name: 3 is not of type 'array'``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SCHEMA_FILE = "layout.schema.json"
LAYOUT_SUFFIXES = (".yaml", ".yml")
DIMENSIONS = ("indicator", "segment", "region")
DEFAULT_END_AT = ("Source", "Note", "*")
DEFAULT_SIGNATURE_ROWS = 12


class LayoutError(ValueError):
    """A table the layouts cannot turn into release rows, with a one-line reason."""


class LayoutFileError(LayoutError):
    """A layout file that cannot be used, with a one-line reason naming it."""


@dataclass(frozen=True)
class Found:
    """A value given in the layout (``value``) or found in the title or a cell."""

    value: str | None = None
    source: str | None = None  # 'title' | 'cell'
    cell: str | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Block:
    """Rows after a label row (``starts_at``) sharing fixed codes, and maybe a break."""

    starts_at: str | None
    rows: str
    fixed: dict[str, str]
    series_break: str | None = None


@dataclass(frozen=True)
class Layout:
    """One publisher table, as its layout file declares it."""

    id: str
    path: Path
    description: str
    source: str
    header_rows: tuple[int, ...]
    label_column: str
    blocks: tuple[Block, ...]
    file_name: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    signature_rows: int = DEFAULT_SIGNATURE_ROWS
    sheet: str | int | None = None
    first_row: int | None = None
    labels: dict[str, str] = field(default_factory=dict)
    ignore_rows: tuple[str, ...] = ()
    ignore_columns: tuple[str, ...] = ()
    end_at: tuple[str, ...] = DEFAULT_END_AT
    unit: Found = Found()
    published_on: Found = Found()
    status: str | None = None
    cumulated: str | None = None


def load_layouts(folder: Path, schema: Path) -> list[Layout]:
    """Every layout of the folder, sorted by id, validated against the JSON schema file
    ``schema``; LayoutFileError for the first bad one."""
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in LAYOUT_SUFFIXES)
    return [load_layout(p, schema) for p in paths]


def load_layout(path: Path, schema: Path) -> Layout:
    """One layout file, validated against the JSON schema file ``schema``."""
    import yaml  # installed with Prefect; only layouts need it

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        problem = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise LayoutFileError(f"layout {path.name} is not valid YAML: {problem}") from None
    document = _plain(document)
    error = _first_error(document, schema)
    if error:
        raise LayoutFileError(f"layout {path.name} does not validate: {error}")
    return _layout(path, document)


def _plain(value):
    """YAML dates and numbers where the schema wants text (2025-03-14, 2023)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _first_error(document, schema: Path) -> str | None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema(schema))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    best = jsonschema.exceptions.best_match(errors)
    where = ".".join(str(p) for p in best.absolute_path) or "the document"
    return f"{where}: {best.message}"


@lru_cache(maxsize=4)
def _schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _found(value) -> Found:
    if value is None:
        return Found()
    if isinstance(value, str):
        return Found(value=value)
    return Found(source=value["from"], cell=value.get("cell"), pattern=value.get("pattern"))


def _blocks(document: dict) -> tuple[Block, ...]:
    base = {d: document[d] for d in DIMENSIONS if d in document}
    specs = document.get("blocks") or [{}]
    blocks = []
    for spec in specs:
        rows = spec.get("rows", document["rows"])
        fixed = {**base, **{d: spec[d] for d in DIMENSIONS if d in spec}}
        fixed.pop(rows, None)
        blocks.append(Block(spec.get("starts_at"), rows, fixed, spec.get("series_break")))
    return tuple(blocks)


def _layout(path: Path, document: dict) -> Layout:
    match = document["match"]
    header_rows = document["header_rows"]
    return Layout(
        id=path.stem, path=path, description=document["description"],
        source=document["source"],
        header_rows=tuple(header_rows if isinstance(header_rows, list) else [header_rows]),
        label_column=document["label_column"], blocks=_blocks(document),
        file_name=tuple(match.get("file_name", ())),
        signature=tuple(match.get("signature", ())),
        signature_rows=match.get("signature_rows", DEFAULT_SIGNATURE_ROWS),
        sheet=document.get("sheet"), first_row=document.get("first_row"),
        labels=dict(document.get("labels") or {}),
        ignore_rows=tuple(document.get("ignore_rows", ())),
        ignore_columns=tuple(document.get("ignore_columns", ())),
        end_at=tuple(document.get("end_at", DEFAULT_END_AT)),
        unit=_found(document.get("unit")), published_on=_found(document.get("published_on")),
        status=document.get("status"), cumulated=document.get("cumulated"))
