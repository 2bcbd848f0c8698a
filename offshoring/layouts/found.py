"""Values a layout gives or finds in the table: the unit and the publication date.

Given (``unit: millions de DH``), or found by a regular expression whose first group is
the value, in the title (the text above the header rows) or in one cell (``A30``).
"""

from __future__ import annotations

import re
from pathlib import Path

from offshoring.layouts.grid import Grid, column_index
from offshoring.layouts.headers import french_date
from offshoring.layouts.schema import Found, LayoutError

UNIT_PATTERN = r"\(\s*en\s+([^)]+?)\s*\)"  # "(en millions de DH)"
DATE_PATTERN = (r"(\d{1,2}(?:er)?\s+[^\W\d_]+\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}"
                r"|\d{4}-\d{2}-\d{2})")  # "14 mars 2025", "14/03/2025", "2025-03-14"
CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")


def title(grid: Grid, header_rows: tuple[int, ...]) -> str:
    """The texts above the first header row, joined."""
    return " ".join(grid.texts(range(min(header_rows) - 1)))


def unit(found: Found, grid: Grid, title_text: str) -> str:
    """The unit text (empty: the indicator's base unit)."""
    if found.value is None and found.source is None:
        return ""
    return _find(found, grid, title_text, UNIT_PATTERN, "unit")


def published_on(found: Found, grid: Grid, title_text: str, seeds_dir: Path) -> str:
    """The publication date as staging reads it (ISO or dd/mm/yyyy)."""
    text = _find(found, grid, title_text, DATE_PATTERN, "publication date")
    if found.value is not None:
        return text
    day = french_date(text, seeds_dir)
    if day is None:
        raise LayoutError(f"publication date {text!r} is not a date (14 mars 2025, "
                          "14/03/2025 or 2025-03-14)")
    return day


def _find(found: Found, grid: Grid, title_text: str, default: str, what: str) -> str:
    if found.value is not None:
        return found.value
    if found.source == "cell":
        letters, row = CELL.fullmatch(found.cell).groups()
        text, where = grid.cell(int(row) - 1, column_index(letters)) or "", f"cell {found.cell}"
    else:
        text, where = title_text, "the title"
    pattern = found.pattern or default
    try:
        match = re.search(pattern, text, flags=re.IGNORECASE)
    except re.error as err:
        raise LayoutError(f"{what} pattern {pattern!r} is not a regular expression: {err}") \
            from None
    if not match:
        raise LayoutError(f"no {what} found in {where} {text[:80]!r} (pattern {pattern!r})")
    return (match.group(1) if match.groups() else match.group(0)).strip()
