"""Synthetic declarations: determinism, calibration, injected breaks found by the rules."""

from __future__ import annotations

import csv

import duckdb
import pytest

from offshoring import quality
from offshoring.firms import is_firm_declarations, stage_firm_file
from offshoring.firms.detect import is_firm_declarations_file
from offshoring.firms.generator import breaks_path, injected_breaks, write_firm_declarations


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_injected_breaks_are_exactly_what_the_rule_finds(con, settings, tmp_path, fmt):
    path = write_firm_declarations(tmp_path / f"d.{fmt}", firms=5, months=14, breaks=3, fmt=fmt)
    assert is_firm_declarations_file(path)
    assert stage_firm_file(con, path, 1) == 70
    outcome = quality.validate(con, 1, settings, quality.FIRM_DECLARATIONS)
    results = {r.rule_id: r for r in outcome.results}
    listed = injected_breaks(firms=5, months=14, breaks=3)
    with breaks_path(path).open() as handle:
        sidecar = list(csv.DictReader(handle))
    assert [(b["firm_id"], b["period"]) for b in listed] == [
        (b["firm_id"], b["period"]) for b in sidecar
    ]
    found = results["firm.stock_flow"].failing
    assert [(f.detail.split(":")[0], f.period, f.expected, f.actual) for f in found] == [
        (f"firm {b['firm_id']}", b["period"], b["expected"], b["actual"]) for b in listed
    ]
    assert all(r.status == "passed" for k, r in results.items() if k != "firm.stock_flow")


def test_generator_is_deterministic(tmp_path):
    a = write_firm_declarations(tmp_path / "a.csv", firms=7, months=5, breaks=2, seed=3)
    b = write_firm_declarations(tmp_path / "b.csv", firms=7, months=5, breaks=2, seed=3)
    assert a.read_bytes() == b.read_bytes()


def test_default_size_is_near_the_published_figures(tmp_path):
    path = write_firm_declarations(tmp_path / "d.csv")
    jobs, exports, firms, rows = duckdb.execute(
        "select sum(employees) filter (where period = '2024-12'), "
        "sum(exports_mad) filter (where period like '2024-%'), count(distinct firm_id), "
        "count(*) from read_csv(?)", [str(path)]
    ).fetchone()
    assert rows == 1200 * 120 and firms == 1200
    assert jobs == pytest.approx(148_500, rel=0.02)
    assert exports == pytest.approx(26.2e9, rel=0.02)
    assert not breaks_path(path).exists()


def test_detection_by_columns():
    columns = ["firm_id", "period", "segment", "region", "employees", "hires",
               "separations", "exports_mad", "published_on"]
    assert is_firm_declarations(columns)
    assert is_firm_declarations([c.upper() for c in reversed(columns)])
    assert not is_firm_declarations(columns[:-1])
    assert not is_firm_declarations(["indicator", "period", "segment", "region", "value"])
