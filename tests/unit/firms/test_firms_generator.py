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
    # 1,200 firms at the end, 24 more that left; fewer rows than firms x months.
    assert (firms, rows) == (1224, 141_591)
    assert jobs == pytest.approx(148_500, rel=0.02)
    assert exports == pytest.approx(26.2e9, rel=0.02)
    assert not breaks_path(path).exists()


def test_default_churn_has_entries_exits_and_gaps(tmp_path):
    path = write_firm_declarations(tmp_path / "d.csv")
    starts, ends, gapped = duckdb.execute(
        "with f as (select firm_id, min(period) as first, max(period) as last, "
        "count(*) as months from read_csv(?) group by firm_id) "
        "select count(*) filter (where first = '2015-01'), "
        "count(*) filter (where last = '2024-12'), count(*) filter (where months < "
        "datediff('month', cast(first || '-01' as date), cast(last || '-01' as date)) + 1) "
        "from f", [str(path)]).fetchone()
    # 60 of the 1,200 firms enter later (5 %), 24 more leave early (2 %), 120 skip a
    # month (10 %).
    assert (starts, ends, gapped) == (1200 - 60 + 24, 1200, 120)


def test_churn_through_the_rules_and_the_aggregation(con, settings, tmp_path):
    from offshoring.firms import aggregate_firm_declarations

    path = write_firm_declarations(tmp_path / "d.csv", firms=40, months=24, entries=4,
                                   exits=3, gaps=5)
    rows = stage_firm_file(con, path, 1)
    outcome = quality.validate(con, 1, settings, quality.FIRM_DECLARATIONS)
    failed = {r.rule_id: r.failing_rows for r in outcome.results if r.failed}
    assert failed == {"firm.gap": 5} and not outcome.rejected
    aggregate_firm_declarations(con, 1, settings)
    entries, exits, imputed, identity = con.execute(
        "select sum(entries), sum(exits), sum(imputed_firm_months), "
        "bool_and(net_jobs = continuing_net + entry_jobs - exit_jobs "
        "and net_jobs = jobs - previous_jobs) from core.firm_dynamics "
        "where frequency = 'M' and segment = 'ALL' and region = 'MA' "
        "and net_basis = 'stock_change'").fetchone()
    assert (entries, exits, imputed, identity) == (4, 3, 5, True)
    # 40 x 24 firm-months, less the months before the 4 entries and the 5 gaps, plus the
    # months of the 3 firms that leave (deterministic for these arguments).
    assert rows == 923


def test_detection_by_columns():
    columns = ["firm_id", "period", "segment", "region", "employees", "hires",
               "separations", "exports_mad", "published_on"]
    assert is_firm_declarations(columns)
    assert is_firm_declarations([c.upper() for c in reversed(columns)])
    assert not is_firm_declarations(columns[:-1])
    assert not is_firm_declarations(["indicator", "period", "segment", "region", "value"])
