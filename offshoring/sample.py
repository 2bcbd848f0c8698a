"""Deterministic generator of SYNTHETIC statistics releases (file names start with ``sample_``).

The figures live in :mod:`offshoring.sample_figures`; this module only splits them
(largest remainder on integers, so every breakdown adds up exactly) and writes the
files in the formats the readers accept. Same bytes on every run: no clock, no randomness.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from offshoring import sample_figures as F

FRENCH_HEADER = ("indicateur", "période", "segment", "région", "valeur", "unité",
                 "source", "date_publication", "statut")
HEADER = ("indicator", "period", "segment", "region", "value", "unit",
          "source", "published_on", "status")
NNBSP = "\u202f"  # narrow no-break space: thousands separator for jobs
NBSP = "\u00a0"  # no-break space: thousands separator for companies
MILLION = 1_000_000
BILLION = 1_000_000_000
XLSX_CREATED = dt.datetime(2025, 2, 28, 9, 0, 0)


# -- allocation ---------------------------------------------------------------------


def _largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Split integer ``total`` in proportion to ``weights``; the parts add up to ``total``.

    Leftover units go to the largest remainders, ties to the first position.
    """
    if total < 0:
        return [-part for part in _largest_remainder(-total, weights)]
    whole = sum(weights)
    if whole <= 0 or min(weights) < 0:
        raise ValueError(f"weights must be non-negative with a positive sum: {weights}")
    parts = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """:func:`_largest_remainder` keyed like ``weights``."""
    return dict(zip(weights, _largest_remainder(total, list(weights.values())), strict=True))


def _check_figures() -> None:
    for year, split in F.SEGMENT_JOBS.items():
        if sum(split.values()) != F.JOBS[year]:
            raise ValueError(f"segment jobs {year} do not add up to {F.JOBS[year]}")
    for year in F.QUARTERLY_YEARS:
        if F.EXPORTS_MAD[year] % F.EXPORT_STEP_MAD:
            raise ValueError(f"exports {year} are not a multiple of {F.EXPORT_STEP_MAD} MAD")


# -- series -------------------------------------------------------------------------


def _quarters() -> list[tuple[int, int]]:
    return [(year, q) for year in F.QUARTERLY_YEARS for q in (1, 2, 3, 4)]


def _quarterly_jobs() -> tuple[dict, dict]:
    """Stock at quarter end and quarter flow, by (year, quarter) then segment."""
    stock, flow = {}, {}
    for year in F.QUARTERLY_YEARS:
        for seg in F.SEGMENTS:
            change = F.SEGMENT_JOBS[year][seg] - F.SEGMENT_JOBS[year - 1][seg]
            level = F.SEGMENT_JOBS[year - 1][seg]
            parts = _largest_remainder(change, list(F.QUARTER_JOB_WEIGHTS[year]))
            for q, part in enumerate(parts, 1):
                level += part
                flow.setdefault((year, q), {})[seg] = part
                stock.setdefault((year, q), {})[seg] = level
    return stock, flow


def _quarterly_exports() -> dict:
    """Exports in EXPORT_STEP_MAD units by (year, quarter) then segment."""
    out: dict = {}
    for year in F.QUARTERLY_YEARS:
        by_segment = _allocate(F.EXPORTS_MAD[year] // F.EXPORT_STEP_MAD,
                               F.EXPORT_SEGMENT_WEIGHTS[year])
        for seg in F.SEGMENTS:
            parts = _largest_remainder(by_segment[seg], list(F.QUARTER_EXPORT_WEIGHTS[year]))
            for q, part in enumerate(parts, 1):
                out.setdefault((year, q), {})[seg] = part
    return out


def _with_total(by_segment: dict[str, int]) -> list[tuple[str, int]]:
    return [(seg, by_segment[seg]) for seg in F.SEGMENTS] + [("ALL", sum(by_segment.values()))]


# -- formatting ---------------------------------------------------------------------


def _thousands(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def _decimal_fr(amount: int, unit: int, min_places: int = 1) -> str:
    """``amount / unit`` with a decimal comma, trailing zeros dropped down to min_places."""
    text = f"{Decimal(amount) / Decimal(unit):f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0").ljust(min_places, "0")
    return f"{whole},{frac}" if frac else whole


def _date_fr(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


# -- writers ------------------------------------------------------------------------


def _write_csv(path: Path, header, rows, *, delimiter: str, bom: bool) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, header, rows) -> Path:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": "SYNTHETIC sample release (not official statistics)",
                             "created": XLSX_CREATED})
    sheet = workbook.add_worksheet("data")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, 1):
        for c, cell in enumerate(row):
            if isinstance(cell, str):
                sheet.write_string(r, c, cell)
            else:
                sheet.write_number(r, c, cell)
    workbook.close()
    return path


def _write_json(path: Path, records: list[dict]) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


# -- files --------------------------------------------------------------------------


def _annual_national(path: Path) -> Path:
    published = _date_fr(F.PUBLISHED_ON["annual"])
    rows = []

    def add(indicator: str, year: int, value: str, unit: str) -> None:
        rows.append((indicator, str(year), "ALL", F.NATIONAL_NAME_FR, value, unit,
                     F.SOURCE[indicator], published, "définitif"))

    for year in F.YEARS:
        add("jobs", year, _thousands(F.JOBS[year], NNBSP), "emplois")
    for year in F.YEARS[1:]:
        add("net_jobs", year, _thousands(F.JOBS[year] - F.JOBS[year - 1], NNBSP), "emplois")
    for year in F.YEARS:
        add("exports_mad", year, _decimal_fr(F.EXPORTS_MAD[year], BILLION),
            "milliards de dirhams")
    for year in F.YEARS:
        add("companies", year, _thousands(F.COMPANIES[year], NBSP), "entreprises")
    return _write_csv(path, FRENCH_HEADER, rows, delimiter=";", bom=True)


def _quarterly_segments(path: Path) -> Path:
    stock, flow = _quarterly_jobs()
    exports = _quarterly_exports()
    step_in_millions = F.EXPORT_STEP_MAD / MILLION
    rows = []
    for indicator, table, unit, scale in (
        ("jobs", stock, "emplois", None),
        ("net_jobs", flow, "emplois", None),
        ("exports_mad", exports, "millions de dirhams", step_in_millions),
    ):
        for year, q in _quarters():
            status = "final" if year < max(F.QUARTERLY_YEARS) else "provisional"
            for seg, value in _with_total(table[(year, q)]):
                number = value if scale is None else round(value * scale, 3)
                rows.append((indicator, f"T{q} {year}", seg, "MA", number, unit,
                             F.SOURCE[indicator], F.PUBLISHED_ON["quarterly"], status))
    return _write_xlsx(path, HEADER, rows)


def _regional(path: Path) -> Path:
    records = []
    for indicator, national, weights, unit in (
        ("jobs", F.JOBS, F.REGION_JOB_WEIGHTS, "emplois"),
        ("companies", F.COMPANIES, F.REGION_COMPANY_WEIGHTS, "entreprises"),
    ):
        for year in F.REGIONAL_YEARS:
            split = _allocate(national[year], {r: weights[r] for r in F.REGIONS})
            for region, value in [("MA", national[year]), *split.items()]:
                records.append(dict(zip(HEADER, (
                    indicator, str(year), "ALL", region, value, unit,
                    F.SOURCE[indicator], F.PUBLISHED_ON["regional"], "final"), strict=True)))
    return _write_json(path, records)


def _monthly_exports(path: Path) -> Path:
    quarterly = _quarterly_exports()
    rows = []
    for q in (1, 2, 3, 4):
        total = sum(quarterly[(F.MONTHLY_YEAR, q)].values())
        months = range(3 * q - 2, 3 * q + 1)
        parts = _largest_remainder(total, [F.MONTH_EXPORT_WEIGHTS[m - 1] for m in months])
        for month, part in zip(months, parts, strict=True):
            value = _decimal_fr(part * F.EXPORT_STEP_MAD, MILLION)
            rows.append(("exports_mad", f"{F.MONTHLY_YEAR}-{month:02d}", "ALL", "MA", value,
                         "MDH", F.SOURCE["exports_mad"], F.PUBLISHED_ON["monthly"],
                         "provisional"))
    return _write_csv(path, HEADER, rows, delimiter=",", bom=False)


def write_sample_releases(out_dir: Path) -> list[Path]:
    """Write the four SYNTHETIC sample releases into ``out_dir`` (created if missing).

    Returns the written paths in a stable order: annual national CSV, quarterly
    segments XLSX, regional JSON, monthly exports CSV. The output is byte-identical
    on every run. The figures are invented around the conference anchors (see
    :mod:`offshoring.sample_figures`) and are not official statistics.
    """
    _check_figures()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        _annual_national(out_dir / "sample_annuel_national_2015_2024.csv"),
        _quarterly_segments(out_dir / "sample_trimestriel_segments_2023_2024.xlsx"),
        _regional(out_dir / "sample_regional_2023_2024.json"),
        _monthly_exports(out_dir / "sample_exports_mensuel_2024.csv"),
    ]
