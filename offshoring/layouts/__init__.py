"""Publishers' tables, declared not coded: a YAML layout per table (``layouts/``) says
where the figures are and what they mean; this package reshapes a matching table into
the release rows the pipeline validates and loads (docs/layouts.md).

- ``schema``: layout files, validated against ``layouts/layout.schema.json``;
- ``grid``: CSV and XLSX sheets as cells addressed like the spreadsheet (``C7``);
- ``match``: which layout a table follows (file name or header signature);
- ``table``, ``cells``, ``headers``, ``labels``, ``found``, ``cumulation``, ``reshape``:
  from the cells to release rows.
"""

from __future__ import annotations

from pathlib import Path

from offshoring.layouts.grid import TableFile
from offshoring.layouts.match import find_layout, is_long_release
from offshoring.layouts.schema import Layout, LayoutError, LayoutFileError, load_layouts
from offshoring.limits import Limits
from offshoring.xlsx import check_workbook

__all__ = ["Layout", "LayoutError", "LayoutFileError", "claims", "load_layouts",
           "read_with_layout"]


def claims(path: Path, limits: Limits | None = None) -> bool:
    """True when ``path`` is a CSV or XLSX table that is not a long release: the
    layouts read it (or say why they cannot). A file they cannot even open, or one past
    the reading limits (size, an XLSX's used range), is left to the release readers,
    which say why."""
    try:
        limits = limits or Limits()
        if path.stat().st_size > limits.max_file_bytes:
            return False
        data = path.read_bytes()
        if path.suffix.lower() == ".xlsx":
            check_workbook(data, limits)
        return not is_long_release(TableFile(path, data))
    except Exception:  # any file it cannot open: the release readers answer
        return False


def read_with_layout(path: Path, name: str, con, settings):
    """The release rows of the table received as ``name`` (``offshoring.readers.
    ReleaseTable``); LayoutError when no layout matches or the table breaks its layout.
    ``con``: a warehouse connection (codes and lookup keys of the seeds)."""
    from offshoring.layouts.reshape import reshape

    layouts = load_layouts(settings.layouts_dir, settings.layout_schema_path)
    table = TableFile(path, path.read_bytes())
    layout = find_layout(layouts, name, table)
    try:
        grid = table.sheet(layout.sheet)
    except KeyError:
        raise LayoutError(f"layout {layout.id}: no sheet {layout.sheet!r} (sheets: "
                          + ", ".join(table.sheet_names) + ")") from None
    try:
        return reshape(grid, layout, con, settings)
    except LayoutError as err:
        raise LayoutError(f"layout {layout.id}: {err}") from None
