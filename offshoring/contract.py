"""The data contract of the marts (docs/contract/marts.yaml): load it, check views and
Parquet files against it, give the Parquet key-value metadata, render docs/marts.md.

`python -m offshoring.contract` rewrites the generated part of docs/marts.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from offshoring.settings import Settings, load_settings
from offshoring.warehouse import query

PROVISIONAL = "provisional"
DOCS_BEGIN = "<!-- contract:begin (generated from docs/contract/marts.yaml) -->"
DOCS_END = "<!-- contract:end -->"
# DuckDB type -> the Arrow type a Parquet reader sees (no unsigned, no nanoseconds).
ARROW_TYPES = {
    "VARCHAR": "string",
    "DOUBLE": "double",
    "INTEGER": "int32",
    "BIGINT": "int64",
    "DATE": "date32[day]",
    "BOOLEAN": "bool",
    "TIMESTAMP": "timestamp[us]",
}
# libyaml's parser when PyYAML was built with it: the contract is read at every publish,
# and the pure-Python parser takes about 0.1 s over it.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_contract(settings: Settings) -> dict:
    """The contract as a dict: schema_version and marts (name -> entry)."""
    return yaml.load(settings.contract_path.read_text(encoding="utf-8"),
                     Loader=YAML_LOADER)  # a safe loader, C or Python


def columns(entry: dict) -> list[tuple[str, str]]:
    """(name, DuckDB type) of a mart's columns, in order."""
    return [(c["name"], c["type"]) for c in entry["columns"]]


def mart_names(con, settings: Settings) -> list[str]:
    """The views of schema `marts`, the marts a publish writes."""
    return [r["view_name"] for r in query(con, settings, "reports/mart_names.sql")]


def view_drift(con, contract: dict, settings: Settings) -> list[str]:
    """Differences between the views of schema `marts` and the contract (empty: none)."""
    problems = []
    views = mart_names(con, settings)
    marts = contract["marts"]
    for name in views:
        if name not in marts:
            problems.append(f"mart {name} is not in the contract (docs/contract/marts.yaml)")
            continue
        actual = [(r[0], r[1]) for r in con.execute(f"describe marts.{name}").fetchall()]
        problems += _compare(name, "view", columns(marts[name]), actual)
    for name, entry in marts.items():
        if name not in views and entry.get("status") != PROVISIONAL:
            problems.append(f"mart {name} is in the contract but not built")
    return problems


def parquet_drift(marts_dir: Path, contract: dict) -> list[str]:
    """Differences between the published Parquet files and the contract."""
    import pyarrow.parquet as pq

    problems = []
    version = str(contract["schema_version"]).encode()
    for folder in sorted(p for p in marts_dir.iterdir() if p.is_dir()):
        entry = contract["marts"].get(folder.name)
        if entry is None:
            problems.append(f"published mart {folder.name} is not in the contract")
            continue
        partition = set(entry.get("partition_by") or [])
        expected = [(n, ARROW_TYPES[t]) for n, t in columns(entry) if n not in partition]
        for path in sorted(folder.rglob("*.parquet")):
            schema = pq.read_schema(path)
            actual = [(f.name, str(f.type)) for f in schema]
            problems += _compare(folder.name, str(path.relative_to(marts_dir)), expected, actual)
            if (schema.metadata or {}).get(b"schema_version") != version:
                problems.append(f"{path.name}: schema_version missing or not {version.decode()}")
    return problems


def _compare(mart: str, where: str, expected: list, actual: list) -> list[str]:
    if expected == actual:
        return []
    exp, act = dict(expected), dict(actual)
    lines = [f"{mart} ({where}): column {n} missing" for n in exp if n not in act]
    lines += [f"{mart} ({where}): column {n} not in the contract" for n in act if n not in exp]
    lines += [f"{mart} ({where}): column {n} is {act[n]}, contract says {exp[n]}"
              for n in exp if n in act and act[n] != exp[n]]
    return lines or [f"{mart} ({where}): column order differs from the contract"]


def kv_metadata(contract: dict, mart: str) -> dict[str, str]:
    """Key-value metadata of a mart's Parquet files: version, grain and columns."""
    entry = contract["marts"].get(mart, {})
    return {
        "schema_version": str(contract["schema_version"]),
        "mart": mart,
        "grain": entry.get("grain", ""),
        "contract": json.dumps(entry.get("columns", []), ensure_ascii=False),
    }


def render_markdown(contract: dict) -> str:
    """The contract as markdown: one section per mart with its grain and column table."""
    out = [DOCS_BEGIN, "", f"Contract schema version: **{contract['schema_version']}**", ""]
    for name, entry in contract["marts"].items():
        out.append(f"## {name}")
        if entry.get("status") == PROVISIONAL:
            out.append(f"**Provisional** ({entry.get('owner', 'another branch')}).")
        out.append(f"{entry.get('description', '').strip()}. Grain: {entry['grain']}.")
        if entry.get("partition_by"):
            parts = ", ".join(entry["partition_by"])
            out.append(f"Partitioned (hive) by `{parts}`.")
        out += ["", "| column | type | unit | meaning |", "|---|---|---|---|"]
        for c in entry["columns"]:
            meaning = str(c["meaning"]).replace("|", "\\|")
            out.append(f"| {c['name']} | {c['type'].lower()} | {c['unit']} | {meaning} |")
        out.append("")
    out.append(DOCS_END)
    return "\n".join(out)


def sync_docs(settings: Settings, write: bool = True) -> bool:
    """Rewrite the generated part of docs/marts.md; True when it was already in sync."""
    path = settings.project_root / "docs" / "marts.md"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(DOCS_BEGIN)
    _, _, tail = rest.partition(DOCS_END)
    new = head + render_markdown(load_contract(settings)) + tail
    if write and new != text:
        path.write_text(new, encoding="utf-8")
    return new == text


def main() -> int:
    """Regenerate docs/marts.md from the contract."""
    in_sync = sync_docs(load_settings())
    print("docs/marts.md " + ("already in sync" if in_sync else "rewritten"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
