"""The defect fixture of a rule folder: what the generic defect test loads.

In ``<catalogue>/<rule_id>/``:

- ``defect.<ext>``: the defective file as a publisher would send it (a release, or firm
  declarations for ``dataset: firm_declarations``). For a reader rule, the readers
  refuse it with that rule.
- ``layouts/`` (optional): the layouts the defect is read with, for a publisher's table
  (``offshoring.pipeline.kinds.layout``) rather than a long release.
- ``loaded.csv`` (optional): values already in the warehouse when the file arrives
  (``core.current``; columns indicator, period, segment, region, source, value), for
  rules that compare with earlier releases or other sources.
- ``failing.csv``: the exact failing keys the rule reports, in order; its columns are the
  FailingRow fields compared (indicator, period, segment, region, and detail if present).
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

from offshoring.firms import FirmFileError, stage_firm_file
from offshoring.firms.outcome import FILE_RULE_ID
from offshoring.pipeline.kinds import layout
from offshoring.readers import RejectedFile, read_release
from offshoring.settings import load_settings

from .conftest import add_current, insert_table

REJECTIONS = (RejectedFile, FirmFileError)


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def defect_file(rule) -> Path:
    found = sorted(rule.folder.glob("defect.*"))
    assert len(found) == 1, f"{rule.id}: one defect.<ext> fixture expected, found {found}"
    return found[0]


def load_defect(con, rule, load_id: int) -> None:
    """Put the rule's earlier values in core.current, then stage its defective file as
    the pipeline does (raises the readers' rejection for a reader rule)."""
    loaded = rule.folder / "loaded.csv"
    if loaded.is_file():
        add_current(con, [{**row, "value": float(row["value"])} for row in _csv(loaded)])
    path = defect_file(rule)
    if (rule.folder / "layouts").is_dir():
        settings = load_settings(layouts=rule.folder / "layouts")
        opened = layout.open_file(path, path.name, SimpleNamespace(con=con, settings=settings))
        insert_table(con, load_id, opened.table)
    elif rule.dataset == "release":
        insert_table(con, load_id, read_release(path))
    else:
        stage_firm_file(con, path, load_id)


def rejected_rule(error: Exception) -> str:
    """The rule a reader's rejection names."""
    return error.rule_id if isinstance(error, RejectedFile) else FILE_RULE_ID


def expected_failing(rule) -> tuple[list[str], list[tuple]]:
    """The columns compared and the failing keys listed in failing.csv."""
    path = rule.folder / "failing.csv"
    assert path.is_file(), f"{rule.id}: failing.csv missing"
    rows = _csv(path)
    with path.open(encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    return columns, [tuple(row[c] for c in columns) for row in rows]


def failing_keys(result, columns: list[str]) -> list[tuple]:
    """The result's failing rows as failing.csv writes them (None as empty)."""
    return [tuple("" if getattr(f, c) is None else str(getattr(f, c)) for c in columns)
            for f in result.failing]
