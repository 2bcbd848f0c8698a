"""Where a layout says the table is: its period columns, its data rows, and the cells
between them as one long frame (polars ``unpivot``), each cell read for its form."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from offshoring.columns import header_key
from offshoring.layouts.cells import cell_columns, is_provisional, without_marks
from offshoring.layouts.grid import Grid, address, column_index, column_letters
from offshoring.layouts.headers import HeaderError, parse_header
from offshoring.layouts.schema import Layout, LayoutError


@dataclass(frozen=True)
class DataRow:
    """A row of figures: its 0-based row, its label and the index of its block."""

    row: int
    label: str
    block: int


def period_columns(grid: Grid, layout: Layout, seeds_dir: Path) -> pl.DataFrame:
    """One row per column holding figures: col, header, year, first, last, to_date,
    header_provisional. Ignored columns are left out; a header that is not a period
    stops with its column named."""
    label_col = column_index(layout.label_column)
    headers = {col: text for col in range(label_col + 1, grid.width)
               if (text := _header(grid, layout, col))}
    frame = pl.DataFrame({"col": list(headers), "header": list(headers.values())},
                         schema={"col": pl.Int64, "header": pl.String})
    frame = frame.with_columns(without_marks(pl.col("header")).alias("clean"),
                               is_provisional(pl.col("header")).alias("header_provisional"))
    spans = []
    for col, header, clean in frame.select("col", "header", "clean").iter_rows():
        if any(_contains(header, text) for text in layout.ignore_columns):
            continue
        try:
            spans.append((col, parse_header(clean, seeds_dir)))
        except HeaderError as err:
            raise LayoutError(f"column {column_letters(col)} (row {layout.header_rows[-1]}): "
                              f"{err}; list it in the layout's ignore_columns if it holds no "
                              "figures") from None
    kept = pl.DataFrame([{"col": col, "year": s.year, "first": s.first, "last": s.last,
                          "to_date": s.to_date} for col, s in spans],
                        schema={"col": pl.Int64, "year": pl.Int64, "first": pl.Int64,
                                "last": pl.Int64, "to_date": pl.Boolean})
    if kept.is_empty():
        raise LayoutError(f"no period header in row(s) {list(layout.header_rows)} right of "
                          f"column {layout.label_column}")
    return kept.join(frame.drop("clean"), on="col")


def _header(grid: Grid, layout: Layout, col: int) -> str:
    """The header of a column: its header rows top-down, an upper row's text carried
    right over the empty cells of merged headers ("2024" above "janv.", "févr.", ...)."""
    label_col = column_index(layout.label_column)
    parts = []
    for index, row in enumerate(layout.header_rows):
        text = grid.cell(row - 1, col)
        upper = index < len(layout.header_rows) - 1
        if text is None and upper:
            text = next((t for c in range(col - 1, label_col, -1)
                         if (t := grid.cell(row - 1, c))), None)
        if text:
            parts.append(text.strip())
    return " ".join(parts) if grid.cell(layout.header_rows[-1] - 1, col) else ""


def data_rows(grid: Grid, layout: Layout) -> list[DataRow]:
    """The rows of figures, in order, with their block; blocks open at their label row;
    the table ends at an ``end_at`` label."""
    label_col = column_index(layout.label_column)
    first = (layout.first_row or max(layout.header_rows) + 1) - 1
    starts = [b.starts_at for b in layout.blocks]
    block = 0 if starts[0] is None else None
    rows = []
    for row in range(first, len(grid.rows)):
        label = grid.cell(row, label_col)
        if label is None:
            continue
        if _starts(label, layout.end_at):
            break
        opened = [i for i, s in enumerate(starts) if s and _starts(label, [s])]
        if opened:
            block = opened[0]
        elif _starts(label, layout.ignore_rows):
            continue
        elif block is None:
            raise LayoutError(f"row {row + 1} ({label!r}) comes before the first block "
                              f"({layout.blocks[0].starts_at!r})")
        else:
            rows.append(DataRow(row, label.strip(), block))
    if not rows:
        raise LayoutError(f"no data row under the headers (from row {first + 1}, labels in "
                          f"column {layout.label_column})")
    return rows


def _starts(label: str, texts) -> bool:
    """The label starts with one of the texts (case, accents and punctuation ignored;
    a text of symbols only, such as '*', compared as written)."""
    key = header_key(label)
    return any(key.startswith(k) if (k := header_key(t)) else label.strip().startswith(t)
               for t in texts)


def _contains(header: str, text: str) -> bool:
    """The header contains the text (compared like ``_starts``)."""
    key = header_key(text)
    return f"_{key}" in f"_{header_key(header)}" if key else text in header


def cells(grid: Grid, rows: list[DataRow], columns: pl.DataFrame) -> pl.DataFrame:
    """The figures: one row per (data row, period column) that is not missing, with the
    cell's address, number text and marks. A percentage or a cell that is not a number
    stops with its address."""
    names = [str(c) for c in columns["col"]]
    wide = pl.DataFrame({
        "row": [r.row for r in rows], "label": [r.label for r in rows],
        "block": [r.block for r in rows],
        **{name: [grid.cell(r.row, int(name)) for r in rows] for name in names},
    }, schema={"row": pl.Int64, "label": pl.String, "block": pl.Int64,
               **dict.fromkeys(names, pl.String)})
    long = (wide.unpivot(index=["row", "label", "block"], on=names, variable_name="col",
                         value_name="text")
            .with_columns(pl.col("col").cast(pl.Int64), *cell_columns("text"))
            .join(columns, on="col").sort("row", "col"))
    for problem, condition in (("is a percentage; list its column in the layout's "
                                "ignore_columns", pl.col("percent") & ~pl.col("missing")),
                               ("is not a number (nor a missing mark: -, –, n.d., …)",
                                pl.col("number").is_null() & ~pl.col("missing"))):
        bad = long.filter(condition)
        if not bad.is_empty():
            first = bad.row(0, named=True)
            raise LayoutError(f"cell {address(first['row'], first['col'])} "
                              f"{first['text']!r} {problem}")
    return long.filter(~pl.col("missing")).with_columns(
        pl.struct("row", "col").map_elements(lambda c: address(c["row"], c["col"]),
                                             return_dtype=pl.String).alias("cell"))
