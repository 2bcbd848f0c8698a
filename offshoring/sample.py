"""Deterministic generator of the sample statistics releases (file names start with
``sample_``), some figures published, the others synthetic.

The figures live in :mod:`offshoring.sample_figures` (its docstring says which are
published and which synthetic); this module splits them (largest remainder on integers,
so every breakdown adds up exactly, :mod:`offshoring.sample_format`) and writes the files
in the formats the readers accept. Same bytes on every run: no clock, no randomness.
"""

from __future__ import annotations

from pathlib import Path

from offshoring import sample_figures as F
from offshoring.sample_format import (
    BILLION,
    MILLION,
    NBSP,
    NNBSP,
    allocate,
    date_fr,
    decimal_fr,
    largest_remainder,
    thousands,
    write_csv,
    write_json,
    write_xlsx,
)

FRENCH_HEADER = ("indicateur", "période", "segment", "région", "valeur", "unité",
                 "source", "date_publication", "statut")
HEADER = ("indicator", "period", "segment", "region", "value", "unit",
          "source", "published_on", "status")
BREAK_HEADER = (*FRENCH_HEADER, "rupture")
STEPS_PER_MILLION = MILLION // F.EXPORT_STEP_MAD


def _check_figures() -> None:
    for year, split in F.SEGMENT_JOBS.items():
        if sum(split.values()) != F.JOBS[year]:
            raise ValueError(f"segment jobs {year} do not add up to {F.JOBS[year]}")
    for (year, seg), quarters in F.EXPORT_QUARTERS_MILLION.items():
        if sum(quarters) != F.EXPORT_SEGMENTS_MILLION[year][seg]:
            raise ValueError(f"{seg} quarters {year} do not add up to the year")


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
            parts = largest_remainder(change, list(F.QUARTER_JOB_WEIGHTS[year]))
            for q, part in enumerate(parts, 1):
                level += part
                flow.setdefault((year, q), {})[seg] = part
                stock.setdefault((year, q), {})[seg] = level
    return stock, flow


def _quarterly_exports() -> dict:
    """Exports in EXPORT_STEP_MAD units by (year, quarter) then segment: each segment's
    year (EXPORT_SEGMENTS_MILLION) over its quarters, published quarters as published."""
    out: dict = {}
    for year in F.QUARTERLY_YEARS:
        for seg in F.SEGMENTS:
            published = F.EXPORT_QUARTERS_MILLION.get((year, seg))
            parts = ([m * STEPS_PER_MILLION for m in published] if published else
                     largest_remainder(F.EXPORT_SEGMENTS_MILLION[year][seg] * STEPS_PER_MILLION,
                                       list(F.QUARTER_EXPORT_WEIGHTS[year])))
            for q, part in enumerate(parts, 1):
                out.setdefault((year, q), {})[seg] = part
    return out


def _with_total(by_segment: dict[str, int]) -> list[tuple[str, int]]:
    return [(seg, by_segment[seg]) for seg in F.SEGMENTS] + [("ALL", sum(by_segment.values()))]


# -- files --------------------------------------------------------------------------


def _annual_national(path: Path) -> Path:
    published = date_fr(F.PUBLISHED_ON["annual"])
    rows = []

    def add(indicator: str, year: int, value: str, unit: str) -> None:
        rows.append((indicator, str(year), "ALL", F.NATIONAL_NAME_FR, value, unit,
                     F.SOURCE[indicator], published, "définitif"))

    for year in F.YEARS:
        add("jobs", year, thousands(F.JOBS[year], NNBSP), "emplois")
    for year in F.YEARS[1:]:
        add("net_jobs", year, thousands(F.JOBS[year] - F.JOBS[year - 1], NNBSP), "emplois")
    for year in F.YEARS:
        add("companies", year, thousands(F.COMPANIES[year], NBSP), "entreprises")
    return write_csv(path, FRENCH_HEADER, rows, delimiter=";", bom=True)


def _exports_old_scope(path: Path) -> Path:
    """Office des Changes' annual exports before the 2023 change of definition."""
    published = date_fr(F.PUBLISHED_ON["old_scope"])
    rows = [("exports_mad", str(year), "ALL", F.NATIONAL_NAME_FR,
             decimal_fr(value, BILLION), "milliards de dirhams", F.SOURCE["exports_mad"],
             published, "définitif") for year, value in F.EXPORTS_OLD_SCOPE_MAD.items()]
    return write_csv(path, FRENCH_HEADER, rows, delimiter=";", bom=True)


def _exports_new_scope(path: Path) -> Path:
    """The break release: 2023 under the new definition (flagged), 2024 and its split by
    segment (preliminary)."""
    published = date_fr(F.PUBLISHED_ON["new_scope"])
    source = F.SOURCE["exports_mad"]
    rows = [("exports_mad", "2023", "ALL", F.NATIONAL_NAME_FR,
             decimal_fr(F.EXPORTS_MAD[2023], BILLION), "Mds DH", source, published,
             "définitif", "oui"),
            ("exports_mad", "2024", "ALL", F.NATIONAL_NAME_FR,
             decimal_fr(F.EXPORTS_MAD[2024], BILLION), "Mds DH", source, published,
             "provisoire", "")]
    for seg, million in F.EXPORT_SEGMENTS_MILLION[2024].items():
        rows.append(("exports_mad", "2024", seg, F.NATIONAL_NAME_FR,
                     decimal_fr(million * MILLION, BILLION, 3), "Mds DH", source, published,
                     "provisoire", ""))
    return write_csv(path, BREAK_HEADER, rows, delimiter=";", bom=True)


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
    return write_xlsx(path, HEADER, rows)


def _regional(path: Path) -> Path:
    records = []
    for indicator, national, weights, unit in (
        ("jobs", F.JOBS, F.REGION_JOB_WEIGHTS, "emplois"),
        ("companies", F.COMPANIES, F.REGION_COMPANY_WEIGHTS, "entreprises"),
    ):
        for year in F.REGIONAL_YEARS:
            split = allocate(national[year], {r: weights[r] for r in F.REGIONS})
            for region, value in [("MA", national[year]), *split.items()]:
                records.append(dict(zip(HEADER, (
                    indicator, str(year), "ALL", region, value, unit,
                    F.SOURCE[indicator], F.PUBLISHED_ON["regional"], "final"), strict=True)))
    return write_json(path, records)


def _monthly_exports(path: Path) -> Path:
    quarterly = _quarterly_exports()
    rows = []
    for q in (1, 2, 3, 4):
        total = sum(quarterly[(F.MONTHLY_YEAR, q)].values())
        months = range(3 * q - 2, 3 * q + 1)
        parts = largest_remainder(total, [F.MONTH_EXPORT_WEIGHTS[m - 1] for m in months])
        for month, part in zip(months, parts, strict=True):
            value = decimal_fr(part * F.EXPORT_STEP_MAD, MILLION)
            rows.append(("exports_mad", f"{F.MONTHLY_YEAR}-{month:02d}", "ALL", "MA", value,
                         "MDH", F.SOURCE["exports_mad"], F.PUBLISHED_ON["monthly"],
                         "provisional"))
    return write_csv(path, HEADER, rows, delimiter=",", bom=False)


def write_sample_releases(out_dir: Path) -> list[Path]:
    """Write the six sample releases into ``out_dir`` (created if missing).

    Returns the written paths in name order, the order ``offshoring run`` loads them from
    the landing folder: annual national (MTNRA), old-scope exports, monthly exports, the
    break release (new-scope exports), regional, quarterly segments. A release is checked
    against what is already loaded: the old-scope exports must come before the
    new-scope quarters they contradict. The output is byte-identical on every run. Which
    figures are published and which synthetic: :mod:`offshoring.sample_figures`.
    """
    _check_figures()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return sorted([
        _annual_national(out_dir / "sample_annuel_national_2015_2024.csv"),
        _quarterly_segments(out_dir / "sample_trimestriel_segments_2023_2024.xlsx"),
        _regional(out_dir / "sample_regional_2023_2024.json"),
        _monthly_exports(out_dir / "sample_exports_mensuel_2024.csv"),
        _exports_old_scope(out_dir / "sample_exports_ancien_perimetre_2015_2023.csv"),
        _exports_new_scope(out_dir / "sample_exports_nouveau_perimetre_2023_2024.csv"),
    ], key=lambda path: path.name)
