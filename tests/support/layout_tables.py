"""The three publisher-shaped tables (tests/support/layout_files/, read through the
project's layouts/) and helpers to reshape a table as the layout kind does."""

from __future__ import annotations

from pathlib import Path

from offshoring import layouts

FILES = Path(__file__).resolve().parent / "layout_files"
ANNUAL_SEGMENTS = FILES / "odc_recettes_offshoring_segments_2019_2024.xlsx"
MONTHLY_CUMULATED = FILES / "odc_indicateurs_mensuels_2025-06.csv"
REGIONS = FILES / "mtnra_emplois_regions_2022_2024.xlsx"
FIXTURES = (ANNUAL_SEGMENTS, MONTHLY_CUMULATED, REGIONS)


def reshaped(con, settings, path: Path, name: str | None = None) -> list[dict]:
    """The release rows of a table, as dicts of the release columns."""
    table = layouts.read_with_layout(path, name or path.name, con, settings)
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def write_table(folder: Path, name: str, lines: list[str]) -> Path:
    """A semicolon CSV table (a publisher's export) written into ``folder``."""
    path = folder / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def write_layout(folder: Path, name: str, text: str) -> Path:
    """A layout file in ``folder`` (a layouts folder of the test)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
