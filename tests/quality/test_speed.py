"""Validation cost: the heavy work is SQL in DuckDB; GX judges small frames."""

from __future__ import annotations

import time

from offshoring.quality import validate_release

from .conftest import insert_release

SEGMENTS = ("ALL", "ITO", "CRM", "BPO", "KPO", "ESO")


def release_500_rows() -> list[dict]:
    """10 years x 6 segments: jobs and net creations by quarter, plus annual exports."""
    rows = []
    for year in range(2015, 2025):
        for segment in SEGMENTS:
            for quarter in range(1, 5):
                rows.append({"indicator": "jobs", "period": f"{year}-Q{quarter}",
                             "segment": segment, "value": str(10000 + 100 * quarter)})
                rows.append({"indicator": "net_jobs", "period": f"{year}-Q{quarter}",
                             "segment": segment, "value": "100"})
        rows += [{"indicator": "exports_mad", "period": str(year), "segment": s,
                  "value": "1000"} for s in SEGMENTS[:2]]
    return rows[:500]


def test_500_row_release_validates_in_under_a_second(con, settings):
    insert_release(con, 1, release_500_rows())
    validate_release(con, 1, settings)  # warm: GX imported, suites loaded
    started = time.perf_counter()
    outcome = validate_release(con, 1, settings)
    elapsed = time.perf_counter() - started
    print(f"validate_release, 500 rows: {elapsed:.3f} s")
    assert len(outcome.results) == 20
    assert elapsed < 1.0
