"""The SQL layout: one warehouse object per file, ``sql/<schema>/<object>.sql``.

The folder is the schema and the file stem the object's name. A file whose stem is not a
plain identifier (``_prepare.sql``, ``format.value_parses.sql``) is not an object; nor is
any file of a folder that is not a schema (``sql/firms/``, ``sql/pipeline/``): Python
reads those with ``sql_text``. ``sql/macros/`` holds the scalar macros, several per file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# The schemas, in the order that breaks ties between objects ready to be built together.
SCHEMAS: tuple[str, ...] = ("ref", "raw", "meta", "quality", "staging", "core", "marts",
                            "stats")
MACROS_DIR = "macros"
OBJECT_STEM = re.compile(r"[a-z][a-z0-9_]*")

# Comments and string literals: blanked before looking for statements and references.
_NOISE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.S)
_CREATE = re.compile(
    r"\bcreate\s+(?P<replace>or\s+replace\s+)?(?P<temp>temp(?:orary)?\s+)?"
    r"(?P<kind>schema|table|view|macro|function|sequence|type)\s+"
    r"(?P<exists>if\s+not\s+exists\s+)?(?P<name>[a-z_][\w]*(?:\.[a-z_][\w]*)?)",
    re.I)
_REFERENCE = re.compile(r"(?<![\w.])(" + "|".join(SCHEMAS) + r")\.([a-z_][a-z0-9_]*)\b", re.I)


class SqlLayoutError(ValueError):
    """A SQL file breaks the layout rules, or the objects depend on each other in a cycle."""


@dataclass(frozen=True)
class SqlObject:
    """One warehouse object: made by a SQL file, or a seed table loaded by Python."""

    schema: str
    name: str
    kind: str  # table | view | macro | sequence | type | seed | parameters
    path: Path | None = None  # the SQL file, the seed CSV; None for ref.parameters
    sql: str = ""
    reads: frozenset[str] = frozenset()  # qualified names of the objects it reads

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


def code_only(sql: str) -> str:
    """The SQL with its comments and string literals blanked."""
    return _NOISE.sub(" ", sql)


def references(sql: str) -> set[str]:
    """The ``schema.name`` references of a statement to the warehouse's schemas."""
    return {f"{s.lower()}.{n.lower()}" for s, n in _REFERENCE.findall(code_only(sql))}


def macro_names(path: Path) -> list[str]:
    """The macros a file of sql/macros/ creates, in file order."""
    code = code_only(path.read_text(encoding="utf-8"))
    return [m["name"].lower() for m in _CREATE.finditer(code) if m["kind"].lower() == "macro"]


def macro_files(sql_dir: Path) -> list[Path]:
    folder = Path(sql_dir) / MACROS_DIR
    return sorted(folder.glob("*.sql")) if folder.is_dir() else []


def object_files(sql_dir: Path) -> list[Path]:
    """Every object file: sql/<schema>/<identifier>.sql, schemas in SCHEMAS order."""
    found = []
    for schema in SCHEMAS:
        folder = Path(sql_dir) / schema
        if folder.is_dir():
            found += sorted(p for p in folder.glob("*.sql") if OBJECT_STEM.fullmatch(p.stem))
    return found


def read_object(path: Path, sql_dir: Path) -> SqlObject:
    """The object a file creates, checked against the layout rules (one-line errors)."""
    where = shown_path(path, sql_dir)
    schema, name = path.parent.name, path.stem
    sql = path.read_text(encoding="utf-8")
    created = list(_CREATE.finditer(code_only(sql)))
    if len(created) != 1:
        names = ", ".join(m["name"].lower() for m in created) or "nothing"
        raise SqlLayoutError(f"{where}: creates {len(created)} objects ({names}); "
                             f"a file creates exactly one, {schema}.{name}")
    found = created[0]
    kind, made = found["kind"].lower(), found["name"].lower()
    if kind == "schema":
        raise SqlLayoutError(f"{where}: creates schema {made}; schemas are the folders of "
                             "sql/, created by the build")
    if made != f"{schema}.{name}":
        raise SqlLayoutError(f"{where}: creates {made}, not {schema}.{name}; "
                             "the folder is the schema and the file name the object")
    if found["temp"]:
        raise SqlLayoutError(f"{where}: creates a temporary object; the warehouse's objects "
                             "are persistent")
    if not (found["replace"] or found["exists"]):
        raise SqlLayoutError(f"{where}: `create {kind}` needs `or replace` or `if not exists`: "
                             "the build runs at every start")
    reads = frozenset(references(sql) - {made})
    return SqlObject(schema, name, kind, path, sql, reads)


def shown_path(path: Path, sql_dir: Path) -> str:
    """A file as people find it: sql/core/current.sql."""
    try:
        return str(Path(path).relative_to(Path(sql_dir).parent))
    except ValueError:
        return str(path)
