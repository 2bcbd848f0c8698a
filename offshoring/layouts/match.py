"""Which layout a received table follows: by its file name or by its header signature.

A table is left to the release readers when its first row names release columns
(indicator, period, ...): it is a long release, right or wrong. Any other CSV or XLSX
table is the layouts' to read, and one that no layout matches is refused with the list
of the layouts tried and why each did not match.
"""

from __future__ import annotations

import fnmatch

from offshoring.columns import canonical_column, header_key
from offshoring.layouts.grid import Grid, TableFile
from offshoring.layouts.schema import Layout, LayoutError


def is_long_release(table: TableFile) -> bool:
    """True when the first non-empty row of a sheet names a release column (any sheet of
    a workbook: the release readers choose the sheet, ``offshoring.xlsx``)."""
    return any(canonical_column(cell)
               for sheet in range(len(table.sheet_names))
               for cell in table.first_row(sheet) if cell)


def find_layout(layouts: list[Layout], name: str, table: TableFile) -> Layout:
    """The layout of the table received as ``name``; LayoutError when none or several."""
    scored = []
    tried = []
    for layout in layouts:
        by_name = _name_matches(layout, name)
        by_signature, missing = _signature_matches(layout, table)
        if by_name or by_signature:
            scored.append((by_name + by_signature, layout))
        else:
            tried.append(f"{layout.id} ({_why_not(layout, missing)})")
    if not scored:
        names = "; ".join(tried) if tried else "none: the layouts folder is empty"
        raise LayoutError(f"no layout matches this table (its first row names no release "
                          f"column either); layouts tried: {names}")
    best = max(score for score, _ in scored)
    chosen = [layout for score, layout in scored if score == best]
    if len(chosen) > 1:
        raise LayoutError("several layouts match this table equally: "
                          + ", ".join(layout.id for layout in chosen)
                          + "; make their file names or signatures distinct")
    return chosen[0]


def _name_matches(layout: Layout, name: str) -> bool:
    return any(fnmatch.fnmatch(name.lower(), pattern.lower()) for pattern in layout.file_name)


def _signature_matches(layout: Layout, table: TableFile) -> tuple[bool, list[str]]:
    """(all signature texts found, the texts not found); (False, []) without signature."""
    if not layout.signature:
        return False, []
    try:
        grid = table.sheet(layout.sheet)
    except KeyError:
        return False, [f"sheet {layout.sheet!r}"]
    found = _keys(grid, layout.signature_rows)
    missing = [text for text in layout.signature if f"_{header_key(text)}_" not in found]
    return not missing, missing


def _keys(grid: Grid, rows: int) -> str:
    """The first rows' texts as one folded string, '_' around every word."""
    return "_" + "_".join(header_key(t) for t in grid.texts(range(rows))) + "_"


def _why_not(layout: Layout, missing: list[str]) -> str:
    parts = []
    if layout.file_name:
        parts.append("file name not " + " or ".join(layout.file_name))
    if missing:
        parts.append("signature " + ", ".join(repr(m) for m in missing) + " not found")
    return "; ".join(parts)
