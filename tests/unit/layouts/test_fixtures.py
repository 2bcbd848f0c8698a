"""The three publisher-shaped tables reshaped through the project's layouts (layouts/):
the exact release rows each gives."""

from __future__ import annotations

from tests.support.layout_tables import ANNUAL_SEGMENTS, MONTHLY_CUMULATED, REGIONS, reshaped


def _values(rows, **where) -> dict[tuple, tuple]:
    return {(r["indicator"], r["period"], r["segment"], r["region"]):
            (r["value"], r["status"], r["series_break"])
            for r in rows if all(r[k] == v for k, v in where.items())}


def test_annual_exports_by_segment_old_and_new_scope(con, settings):
    rows = reshaped(con, settings, ANNUAL_SEGMENTS)
    assert len(rows) == 16
    assert {(r["source"], r["unit"], r["published_on"]) for r in rows} == {
        ("ODC", "millions de DH", "2025-03-14")}
    assert _values(rows, segment="ALL") == {
        ("exports_mad", "2019", "ALL", "MA"): ("10900", None, None),
        ("exports_mad", "2020", "ALL", "MA"): ("11400", None, None),
        ("exports_mad", "2021", "ALL", "MA"): ("14100", None, None),
        ("exports_mad", "2022", "ALL", "MA"): ("16600", None, None),
        # The new scope from 2023 (the break); the old scope's 18 000 is cited, not loaded.
        ("exports_mad", "2023", "ALL", "MA"): ("26170", None, "oui"),
        ("exports_mad", "2024", "ALL", "MA"): ("26220", "provisoire", None),
    }
    by_segment = _values(rows, period="2024")
    assert {k[2]: v[0] for k, v in by_segment.items()} == {
        "ITO": "10578", "CRM": "9797", "BPO": "2334", "KPO": "48", "ESO": "3462",
        "ALL": "26220"}
    assert {k[2] for k, v in _values(rows, period="2023").items() if v[2] == "oui"} == {
        "ITO", "CRM", "BPO", "KPO", "ESO", "ALL"}
    total_2023 = next(r for r in rows if r["period"] == "2023" and r["segment"] == "ALL")
    assert total_2023["note"] == ("layout odc_exports_by_segment, cell F13: under the "
                                  "earlier definition (Ancien périmètre, cell F6): 18000")


def test_monthly_cumulation_differenced_within_the_year(con, settings):
    rows = reshaped(con, settings, MONTHLY_CUMULATED)
    values = {r["period"]: r["value"] for r in rows}
    months_2024 = [values[f"2024-{m:02d}"] for m in range(1, 13)]
    assert months_2024 == ["2100", "2050", "2200", "2150", "2180", "2220",
                           "2300", "2100", "2250", "2240", "2200", "2230"]
    assert [values[f"2025-{m:02d}"] for m in range(1, 7)] == [
        "2180", "2140", "2300", "2230", "2260", "2290"]
    # The published cumulations are kept as the periods they are, and the months add up.
    assert (values["2024-S1"], values["2025-S1"], values["2024"]) == ("12900", "13400", "26220")
    assert sum(int(values[f"2025-{m:02d}"]) for m in range(1, 7)) == 13400
    assert sum(int(v) for v in months_2024[:6]) == 12900
    assert sum(int(v) for v in months_2024) == 26220
    assert (values["2024-Q2"], values["2024-S2"], values["2025-Q2"]) == ("6550", "13320", "6780")
    assert len(rows) == 28  # 18 months, 6 quarters, 3 half-years, 1 year
    provisional = sorted(r["period"] for r in rows if r["status"] == "provisoire")
    assert provisional == ["2025-05", "2025-06", "2025-Q2", "2025-S1"]
    assert {(r["published_on"], r["unit"]) for r in rows} == {("31/07/2025", "millions de DH")}
    june = next(r for r in rows if r["period"] == "2025-06")
    assert june["note"] == ("layout odc_exports_monthly_cumulated, cell S5: 'Cumul fin juin "
                            "2025' 13400 minus 'janv.-mai 2025' 11110 (cell R5)")


def test_jobs_by_region_french_names(con, settings):
    rows = reshaped(con, settings, REGIONS)
    jobs = {(r["region"], r["period"]): r["value"] for r in rows if r["indicator"] == "jobs"}
    net = {(r["region"], r["period"]): r["value"] for r in rows
           if r["indicator"] == "net_jobs"}
    assert len(rows) == 45 and len(jobs) == 27 and len(net) == 18
    assert jobs[("MA-06", "2024")] == "78800"  # "78 800*": the footnote mark dropped
    assert jobs[("MA", "2024")] == "148500"
    assert jobs[("MA-01", "2022")] == "9800"  # "Tanger-Tétouan-Al Hoceïma"
    assert net[("MA-02", "2024")] == "-1200"  # "(1 200)"
    assert net[("MA-05", "2023")] == "50"  # "Béni Mellal-Khénifra" with accents
    # Missing cells (-, n.d., …, –) give no value at all, never 0.
    assert not {region for region, _ in jobs} & {"MA-08", "MA-10", "MA-11", "MA-12"}
    assert "2022" not in {period for _, period in net}
    assert {r["status"] for r in rows if r["period"] == "2024"} == {"provisoire"}
    assert {r["status"] for r in rows if r["period"] != "2024"} == {None}
    assert {(r["source"], r["published_on"], r["segment"]) for r in rows} == {
        ("MTNRA", "2025-04-30", "ALL")}
