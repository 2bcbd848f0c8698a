"""A small release history: a provisional quarter revised then republished unchanged,
and the 2023 exports rebased by a series break (about 18 bn MAD under the old scope,
26.17 bn MAD under the new one)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

HEADER = ("indicateur", "période", "segment", "région", "valeur", "unité", "source",
          "date_publication", "statut", "rupture")

# file name -> rows (in HEADER order), in publication order.
RELEASES: dict[str, list[tuple[str, ...]]] = {
    "odc_annuel_2023_ancien_perimetre.csv": [
        ("exports_mad", "2023", "ALL", "MA", "18", "Mds DH", "ODC", "28/06/2024", "", ""),
    ],
    "odc_T3_2024_provisoire.csv": [
        ("exports_mad", "T3 2024", "CRM", "MA", "2 800", "MDH", "ODC", "15/01/2025",
         "provisoire", ""),
    ],
    "odc_T3_2024_revise.csv": [
        ("exports_mad", "T3 2024", "CRM", "MA", "2 814", "MDH", "ODC", "15/02/2025",
         "définitif", ""),
    ],
    "odc_mars_2025_nouveau_perimetre.csv": [
        ("exports_mad", "T3 2024", "CRM", "MA", "2 814", "MDH", "ODC", "15/03/2025",
         "définitif", ""),
        ("exports_mad", "2023", "ALL", "MA", "26,17", "Mds DH", "ODC", "15/03/2025", "",
         "oui"),
    ],
    "odc_avril_2025_republication.csv": [
        ("exports_mad", "2023", "ALL", "MA", "26,17", "Mds DH", "ODC", "15/04/2025", "",
         "oui"),
    ],
}

D = dt.date
# core.observations of the scenario, whatever the ingestion order:
# indicator, frequency, period, segment, region, source, value, status, series_break,
# valid_from, valid_to, vintage_no, file_name
OBSERVATIONS = [
    ("exports_mad", "A", "2023", "ALL", "MA", "ODC", 18e9, "final", False,
     D(2024, 6, 28), D(2025, 3, 14), 1, "odc_annuel_2023_ancien_perimetre.csv"),
    ("exports_mad", "A", "2023", "ALL", "MA", "ODC", 26.17e9, "final", True,
     D(2025, 3, 15), None, 2, "odc_mars_2025_nouveau_perimetre.csv"),
    ("exports_mad", "Q", "2024-Q3", "CRM", "MA", "ODC", 2.8e9, "provisional", False,
     D(2025, 1, 15), D(2025, 2, 14), 1, "odc_T3_2024_provisoire.csv"),
    ("exports_mad", "Q", "2024-Q3", "CRM", "MA", "ODC", 2.814e9, "final", False,
     D(2025, 2, 15), None, 2, "odc_T3_2024_revise.csv"),
]
OBSERVATION_COLUMNS = ("indicator, frequency, period, segment, region, source, value, "
                       "status, series_break, valid_from, valid_to, vintage_no, file_name")


def write_csv(path: Path, rows, header=HEADER, *, delimiter: str = ";", bom: bool = False,
              newline: str = "\n", encoding: str = "utf-8") -> Path:
    """Write a release as CSV (French-style by default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig" if bom else encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_releases(folder: Path, names: list[str] | None = None) -> list[Path]:
    """The scenario's release files, in the given order (default: publication order)."""
    return [write_csv(folder / name, RELEASES[name]) for name in (names or list(RELEASES))]
