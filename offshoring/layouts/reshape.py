"""A publisher's table -> the release rows the pipeline validates and loads.

The steps, each in its module: the period columns and data rows the layout points at
(``table``), every figure cell in one long frame (polars ``unpivot``, cell forms as
expressions: ``cells``), row labels to codes (``labels``), periods (``headers``) or
year-to-date differencing (``cumulation``), then the blocks' series breaks. The rows
are text, as a long release file holds them; staging types and converts them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from offshoring.columns import RELEASE_COLUMNS
from offshoring.layouts import cumulation, found, table
from offshoring.layouts.cumulation import Point
from offshoring.layouts.grid import Grid, column_letters
from offshoring.layouts.headers import HeaderError, Span, parse_header
from offshoring.layouts.labels import Vocabulary, pipeline_rows, resolve
from offshoring.layouts.schema import DIMENSIONS, Layout, LayoutError
from offshoring.readers import ReleaseTable

PROVISIONAL, BREAK = "provisoire", "oui"


def reshape(grid: Grid, layout: Layout, con, settings) -> ReleaseTable:
    """The release rows of ``grid`` read with ``layout`` (LayoutError when it cannot);
    ``con``: a warehouse connection (the seeds' codes and lookup keys)."""
    seeds_dir = settings.seeds_dir
    columns = table.period_columns(grid, layout, seeds_dir)
    rows = table.data_rows(grid, layout)
    figures = table.cells(grid, rows, columns)
    texts = {r.label for r in rows} | set(layout.labels) | set(layout.labels.values()) | {
        v for b in layout.blocks for v in b.fixed.values()}
    vocabulary = Vocabulary.from_warehouse(con, settings, texts)
    codes = _codes(vocabulary, layout, rows)
    kinds = {code: (kind, non_negative) for code, kind, non_negative
             in pipeline_rows(con, settings, "indicator_kinds")}
    points = [_point(f, codes[f["row"]]) for f in figures.iter_rows(named=True)]
    points = _periods(points, layout, kinds, seeds_dir)
    breaks = _break_periods(layout, seeds_dir)
    points = _overlaps(points, breaks, layout)
    title = found.title(grid, layout.header_rows)
    common = {"source": layout.source, "unit": found.unit(layout.unit, grid, title),
              "published_on": found.published_on(layout.published_on, grid, title, seeds_dir)}
    out = []
    for point in sorted(points, key=lambda p: (p.row, p.col, p.period)):
        indicator, segment, region, _ = point.key
        provisional = point.provisional or layout.status == "provisional"
        row = {**common, "indicator": indicator, "segment": segment, "region": region,
               "period": point.period, "value": point.number,
               "status": PROVISIONAL if provisional else "",
               "series_break": BREAK if point.series_break else "",
               "note": f"layout {layout.id}, cell {point.cell}"
               + (f": {point.note}" if point.note else "")}
        out.append(tuple(row.get(c) or None for c in RELEASE_COLUMNS))
    return ReleaseTable(columns=list(RELEASE_COLUMNS), rows=out)


def _codes(vocabulary: Vocabulary, layout: Layout, rows) -> dict[int, tuple[str, str, str]]:
    """Row -> (indicator, segment, region): the block's fixed codes and the row label."""
    fixed = [{d: resolve(vocabulary, d, v, layout.labels, f"{d} of block {i + 1}")
              for d, v in block.fixed.items()} for i, block in enumerate(layout.blocks)]
    out = {}
    for r in rows:
        block = layout.blocks[r.block]
        code = resolve(vocabulary, block.rows, r.label, layout.labels,
                       f"row {r.row + 1} (cell {layout.label_column}{r.row + 1})")
        values = {**fixed[r.block], block.rows: code}
        missing = [d for d in DIMENSIONS if d not in values]
        if missing:
            raise LayoutError(f"no {', '.join(missing)} for row {r.row + 1}: set it in "
                              "the layout (or its block)")
        out[r.row] = (values["indicator"], values["segment"], values["region"])
    return out


def _point(figure: dict, codes: tuple[str, str, str]) -> Point:
    return Point(key=(*codes, figure["block"]), year=figure["year"], first=figure["first"],
                 last=figure["last"], number=figure["number"],
                 provisional=figure["provisional"] or figure["header_provisional"],
                 cell=figure["cell"], header=figure["header"], row=figure["row"],
                 col=figure["col"])


def _periods(points: list[Point], layout: Layout, kinds: dict, seeds_dir: Path) -> list[Point]:
    """Each figure's period: year-to-date flows differenced, the rest read from headers
    (a stock in a cumulated table is the stock at the end of its month or quarter)."""
    if layout.cumulated:
        flows = [p for p in points if kinds[p.key[0]][0] == "flow"]
        non_negative = {code for code, (_, positive) in kinds.items() if positive}
        step = cumulation.STEPS[layout.cumulated]
        stocks = [replace(p, first=p.last - step + 1) for p in points
                  if kinds[p.key[0]][0] != "flow"]
        return cumulation.difference(flows, layout.cumulated, non_negative, seeds_dir) + \
            [_with_period(p, seeds_dir) for p in stocks]
    return [_with_period(p, seeds_dir) for p in points]


def _with_period(point: Point, seeds_dir: Path) -> Point:
    period = Span(point.year, point.first, point.last).period(seeds_dir)
    if period is None:
        raise LayoutError(
            f"column {column_letters(point.col)}: header {point.header!r} covers months "
            f"{point.first}-{point.last} of {point.year}, not a period; if the table is "
            "cumulated since January, say so in the layout (cumulated: monthly)")
    return replace(point, period=period)


def _break_periods(layout: Layout, seeds_dir: Path) -> dict[int, str]:
    """Block index -> the period from which it replaces the earlier blocks."""
    out = {}
    for index, block in enumerate(layout.blocks):
        if block.series_break:
            try:
                out[index] = parse_header(block.series_break, seeds_dir).period(seeds_dir)
            except HeaderError as err:
                raise LayoutError(f"series_break {err}") from None
    return out


def _overlaps(points: list[Point], breaks: dict[int, str], layout: Layout) -> list[Point]:
    """Flag each block's break period. The same figure in an earlier block and in a block
    declaring a series break: the later definition is kept, the earlier value cited in
    its note (one value per figure and release). Other repeats are left for the rule
    release.unique_key."""
    by_figure: dict[tuple, list[Point]] = {}
    for point in points:
        flagged = replace(point, series_break=breaks.get(point.key[3]) == point.period)
        by_figure.setdefault((*point.key[:3], point.period), []).append(flagged)
    out = []
    for group in by_figure.values():
        group.sort(key=lambda p: p.key[3])
        last = group[-1]
        if last.key[3] not in breaks:
            out.extend(group)
            continue
        earlier = [p for p in group[:-1] if p.key[3] < last.key[3]]
        cited = "; ".join(f"under the earlier definition ({layout.blocks[p.key[3]].starts_at}, "
                          f"cell {p.cell}): {p.number}" for p in earlier)
        note = "; ".join(t for t in (last.note, cited) if t)
        out.extend([*(p for p in group[:-1] if p not in earlier),
                    replace(last, note=note, series_break=last.series_break or bool(earlier))])
    return out
