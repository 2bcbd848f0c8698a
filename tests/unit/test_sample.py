"""Unit tests for the sample releases (published and synthetic figures), read back without
the project's reader."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from offshoring.sample import write_sample_releases
from offshoring.sample_format import largest_remainder

NAMES = [  # name order: the order `offshoring run` loads them
    "sample_annuel_national_2015_2024.csv",
    "sample_exports_ancien_perimetre_2015_2023.csv",
    "sample_exports_mensuel_2024.csv",
    "sample_exports_nouveau_perimetre_2023_2024.csv",
    "sample_regional_2023_2024.json",
    "sample_trimestriel_segments_2023_2024.xlsx",
]
PATH = {name: i for i, name in enumerate(NAMES)}
SEGMENTS = ("ITO", "CRM", "BPO", "KPO", "ESO")
REGIONS = tuple(f"MA-{i:02d}" for i in range(1, 13))
FACTOR = {"emplois": 1, "entreprises": 1, "milliards de dirhams": 10**9, "Mds DH": 10**9,
          "millions de dirhams": 10**6, "MDH": 10**6}


def _base(text: str, unit: str) -> int:
    """French-formatted number in ``unit`` -> integer base units (exact or fail)."""
    cleaned = text.replace("\u202f", "").replace("\u00a0", "").replace(",", ".")
    value = Decimal(cleaned) * FACTOR[unit]
    assert value == value.to_integral_value(), (text, unit)
    return int(value)


def _xlsx_base(number: float, unit: str) -> int:
    value = round(number * FACTOR[unit])
    assert abs(number * FACTOR[unit] - value) < 1e-3, (number, unit)
    return value


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return write_sample_releases(tmp_path_factory.mktemp("sample") / "out")


@pytest.fixture(scope="module")
def annual(paths):
    raw = paths[0].read_bytes()
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    return raw, rows, {(r["indicateur"], int(r["période"])): _base(r["valeur"], r["unité"])
                       for r in rows}


@pytest.fixture(scope="module")
def quarterly(paths):
    frame = pl.read_excel(paths[PATH["sample_trimestriel_segments_2023_2024.xlsx"]])
    values = {(r["indicator"], r["period"], r["segment"]): _xlsx_base(r["value"], r["unit"])
              for r in frame.iter_rows(named=True)}
    return frame, values


def _french_csv(path) -> list[dict]:
    return list(csv.DictReader(path.read_bytes().decode("utf-8-sig").splitlines(),
                               delimiter=";"))


@pytest.fixture(scope="module")
def old_scope(paths):
    path = paths[PATH["sample_exports_ancien_perimetre_2015_2023.csv"]]
    return {int(r["période"]): _base(r["valeur"], r["unité"]) for r in _french_csv(path)}


@pytest.fixture(scope="module")
def new_scope(paths):
    return _french_csv(paths[PATH["sample_exports_nouveau_perimetre_2023_2024.csv"]])


def _periods(year: int) -> list[str]:
    return [f"T{q} {year}" for q in (1, 2, 3, 4)]


def test_names_and_order(paths):
    assert [p.name for p in paths] == NAMES
    assert all(p.is_file() for p in paths)


def test_byte_identical_runs(paths, tmp_path):
    again = write_sample_releases(tmp_path / "again")
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    assert digest == [hashlib.sha256(p.read_bytes()).hexdigest() for p in again]


def test_annual_format(annual):
    raw, rows, _ = annual
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "indicateur;période;segment;région;valeur;unité;source;date_publication;statut")
    assert "148\u202f500" in text and "1\u00a0200" in text
    assert "#" not in text
    assert {(r["segment"], r["région"], r["date_publication"], r["statut"]) for r in rows} == {
        ("ALL", "Maroc", "14/03/2025", "définitif")}


def test_annual_conference_figures(annual):
    _, _, v = annual
    assert v["jobs", 2022] == 130000 and v["jobs", 2024] == 148500
    assert (v["net_jobs", 2023], v["net_jobs", 2024]) == (9000, 9500)
    assert v["net_jobs", 2023] + v["net_jobs", 2024] == 18500
    assert v["companies", 2024] == 1200
    assert not any(indicator == "exports_mad" for indicator, _ in v)  # ODC's own files
    assert ("net_jobs", 2015) not in v
    for year in range(2016, 2025):
        assert v["net_jobs", year] == v["jobs", year] - v["jobs", year - 1]


def test_quarterly_segments_add_up(quarterly):
    frame, v = quarterly
    assert frame.columns == ["indicator", "period", "segment", "region", "value", "unit",
                             "source", "published_on", "status"]
    assert frame["value"].dtype.is_numeric()
    assert set(frame["region"]) == {"MA"}
    for indicator in ("jobs", "net_jobs", "exports_mad"):
        for period in _periods(2023) + _periods(2024):
            assert sum(v[indicator, period, s] for s in SEGMENTS) == v[indicator, period, "ALL"]


def test_quarterly_matches_annual(quarterly, annual, new_scope):
    _, v = quarterly
    _, _, a = annual
    exports = {(r["période"], r["segment"]): _base(r["valeur"], r["unité"]) for r in new_scope}
    for year in (2023, 2024):
        assert v["jobs", f"T4 {year}", "ALL"] == a["jobs", year]
        assert sum(v["net_jobs", p, "ALL"] for p in _periods(year)) == a["net_jobs", year]
    # 2023: the new-scope total; 2024: the published segments (26 219 against 26 220).
    assert sum(v["exports_mad", p, "ALL"] for p in _periods(2023)) == exports["2023", "ALL"]
    for seg in SEGMENTS:
        assert sum(v["exports_mad", p, seg] for p in _periods(2024)) == exports["2024", seg]
    assert exports["2024", "ALL"] - sum(exports["2024", s] for s in SEGMENTS) == 1_000_000
    periods = _periods(2023) + _periods(2024)
    for seg in (*SEGMENTS, "ALL"):
        for prev, cur in zip(periods, periods[1:], strict=False):
            assert v["jobs", cur, seg] - v["jobs", prev, seg] == v["net_jobs", cur, seg]
    end_2024 = {s: v["jobs", "T4 2024", s] for s in SEGMENTS}
    assert max(end_2024, key=end_2024.get) == "CRM"


def test_exports_2024_are_the_published_figures(quarterly, new_scope):
    _, v = quarterly
    crm = [v["exports_mad", p, "CRM"] for p in _periods(2024)]
    assert crm[2:] == [2_814_000_000, 2_183_000_000]  # Q3 and Q4 as published
    assert sum(crm) == 9_797_000_000
    rows = {(r["période"], r["segment"]): r for r in new_scope}
    assert {seg: rows["2024", seg]["valeur"] for seg in (*SEGMENTS, "ALL")} == {
        "ITO": "10,578", "CRM": "9,797", "BPO": "2,334", "KPO": "0,048", "ESO": "3,462",
        "ALL": "26,22"}
    assert {rows["2024", seg]["statut"] for seg in (*SEGMENTS, "ALL")} == {"provisoire"}


def test_the_break_release_and_the_old_scope(old_scope, new_scope):
    assert (old_scope[2015], old_scope[2018], old_scope[2023]) == (
        7_540_000_000, 10_000_000_000, 18_000_000_000)
    assert sorted(old_scope) == list(range(2015, 2024))
    flagged = [(r["période"], r["segment"], r["valeur"], r["statut"]) for r in new_scope
               if r["rupture"] == "oui"]
    assert flagged == [("2023", "ALL", "26,17", "définitif")]
    assert {r["date_publication"] for r in new_scope} == {"10/02/2025"}


def test_regional(paths, annual):
    _, _, a = annual
    records = json.loads(paths[PATH["sample_regional_2023_2024.json"]].read_text(encoding="utf-8"))
    by = defaultdict(dict)
    for r in records:
        assert r["segment"] == "ALL" and r["published_on"] == "2025-04-30"
        assert isinstance(r["value"], int)
        by[r["indicator"], int(r["period"])][r["region"]] = r["value"] * FACTOR[r["unit"]]
    assert set(by) == {(i, y) for i in ("jobs", "companies") for y in (2023, 2024)}
    for (indicator, year), regions in by.items():
        assert set(regions) == {"MA", *REGIONS}
        assert sum(regions[r] for r in REGIONS) == regions["MA"] == a[indicator, year]
    jobs = by["jobs", 2024]
    assert sorted(REGIONS, key=jobs.get, reverse=True)[:2] == ["MA-06", "MA-04"]


def test_monthly(paths, quarterly):
    _, v = quarterly
    raw = paths[PATH["sample_exports_mensuel_2024.csv"]].read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    assert [r["period"] for r in rows] == [f"2024-{m:02d}" for m in range(1, 13)]
    assert all(r["published_on"] == "2025-02-14" and r["status"] == "provisional" for r in rows)
    assert b'"' in raw and "," in rows[0]["value"]
    months = [_base(r["value"], r["unit"]) for r in rows]
    assert sum(months) == 26_219_000_000  # the quarters: the published segments
    for q in range(4):
        assert sum(months[3 * q: 3 * q + 3]) == v["exports_mad", f"T{q + 1} 2024", "ALL"]


@given(st.integers(-10**12, 10**12), st.lists(st.integers(0, 10**4), min_size=1, max_size=8))
def test_largest_remainder_sums_exactly(total, weights):
    if sum(weights) == 0:
        weights = [*weights[:-1], 1]
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    whole = sum(weights)
    assert all(abs(p * whole - total * w) < whole for p, w in zip(parts, weights, strict=True))


def test_sample_codes_are_those_of_the_seeds():
    import csv

    from offshoring import sample_figures
    from offshoring.settings import PROJECT_ROOT

    def codes(name: str, total: str) -> tuple[str, ...]:
        with open(PROJECT_ROOT / "seeds" / f"{name}.csv", encoding="utf-8") as fh:
            return tuple(r["code"] for r in csv.DictReader(fh) if r["code"] != total)

    assert sample_figures.SEGMENTS == codes("segments", "ALL")
    assert sample_figures.REGIONS == codes("regions", "MA")
