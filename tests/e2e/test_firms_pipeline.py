"""Firm declarations through the pipeline: recognised by their columns, checked,
aggregated into sector statistics with source firm_declarations, or rejected whole."""

from __future__ import annotations

import csv

import duckdb

from offshoring.firms.generator import write_firm_declarations
from offshoring.pipeline import run_pipeline


def _declarations(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_declarations_are_aggregated_into_sector_statistics(settings, tmp_path):
    path = write_firm_declarations(tmp_path / "declarations.csv", firms=6, months=14)
    summary = run_pipeline(settings, [path], command="ingest")
    assert [(o.status, o.rows) for o in summary.outcomes] == [("loaded", 84)]
    rows = _declarations(path)
    last = max(r["period"] for r in rows)
    jobs_last = sum(int(r["employees"]) for r in rows if r["period"] == last)
    exports_2024 = sum(float(r["exports_mad"]) for r in rows if r["period"].startswith("2024"))
    net_2024 = sum(int(r["hires"]) - int(r["separations"]) for r in rows
                   if r["period"].startswith("2024"))
    con = duckdb.connect(str(settings.db_path), read_only=True)
    got = dict(con.execute(
        "select indicator, value from core.current where source = 'firm_declarations' "
        "and segment = 'ALL' and region = 'MA' and frequency = 'A' and period = '2024'"
    ).fetchall())
    assert last == "2024-12"
    assert got == {"jobs": float(jobs_last), "net_jobs": float(net_2024),
                   "exports_mad": exports_2024, "companies": 6.0}
    kind = con.execute("select kind, row_count from meta.loads").fetchall()
    assert kind == [("firm_declarations", 84)]


def test_an_identity_break_rejects_the_file_naming_the_firm(settings, tmp_path):
    path = write_firm_declarations(tmp_path / "declarations.csv", firms=6, months=14, breaks=1)
    broken = _declarations(path.with_name(path.name + ".breaks.csv"))
    summary = run_pipeline(settings, [path], command="ingest")
    (outcome,) = summary.outcomes
    assert outcome.status == "rejected"
    firm, period, residual = broken[0]["firm_id"], broken[0]["period"], broken[0]["residual"]
    assert outcome.reasons[0].startswith("firm.stock_flow (error)")
    assert f"{period} " in outcome.reasons[0]
    assert f"firm {firm}: residual {residual}" in outcome.reasons[0]
    con = duckdb.connect(str(settings.db_path), read_only=True)
    assert con.execute("select count(*) from core.release_values").fetchall() == [(0,)]
    assert con.execute("select count(*) from raw.firm_declarations").fetchall() == [(0,)]
    kept = settings.quarantine_dir / f"{outcome.sha256}.csv"
    assert kept.read_bytes() == path.read_bytes()


def test_firm_rows_stay_in_the_archive_unless_asked(settings, tmp_path):
    path = write_firm_declarations(tmp_path / "declarations.csv", firms=6, months=14)
    (outcome,) = run_pipeline(settings, [path], command="ingest").outcomes
    archived = settings.archive_dir / f"{outcome.sha256}.csv"
    assert archived.read_bytes() == path.read_bytes()
    kept = settings.with_overrides(warehouse_dir=tmp_path / "kept",
                                   landing_dir=tmp_path / "kept" / "landing",
                                   keep_firm_rows=True)
    run_pipeline(kept, [path], command="ingest")
    counts = []
    for s in (settings, kept):
        con = duckdb.connect(str(s.db_path), read_only=True)
        counts.append(con.execute("select count(*) from raw.firm_declarations").fetchall()[0][0])
        con.close()
    assert counts == [0, 84]
