"""Marts, contract, example queries and the dashboard on a warehouse loaded from the
sample releases."""

from __future__ import annotations

import re

import duckdb
import pyarrow.parquet as pq
import pytest

from offshoring import contract
from tests.support.dashboard import parse_figures

QUERY_BLOCK = re.compile(r"(?:<!-- query: (\w+) -->\s*)?```sql\n(.*?)```", re.S)


@pytest.fixture(scope="module")
def db(sample_run):
    con = duckdb.connect(str(sample_run.db_path), read_only=True)
    yield con
    con.close()


def _queries(settings) -> list[tuple[str | None, str]]:
    text = (settings.project_root / "docs" / "queries.md").read_text(encoding="utf-8")
    wh = str(settings.warehouse_dir).replace("'", "''")
    return [(name or None, sql.replace("'warehouse/", f"'{wh}/"))
            for name, sql in QUERY_BLOCK.findall(text)]


def test_parquet_marts_match_the_contract(sample_run, db):
    spec = contract.load_contract(sample_run)
    assert contract.view_drift(db, spec) == []
    assert contract.parquet_drift(sample_run.marts_dir, spec) == []


def test_parquet_is_written_for_bi_readers(sample_run):
    for path in sample_run.marts_dir.rglob("*.parquet"):
        meta = pq.ParquetFile(path).metadata
        for rg in range(meta.num_row_groups):
            for i in range(meta.num_columns):
                col = meta.row_group(rg).column(i)
                assert col.statistics is not None and col.statistics.has_min_max, (path, i)
                # DuckDB falls back to plain encoding when a column is nearly unique in
                # a tiny file (12 regions in 24 rows); low-cardinality codes stay dictionary.
                if col.physical_type == "BYTE_ARRAY" and col.path_in_schema in (
                        "indicator", "unit", "source", "status", "frequency"):
                    assert any("DICT" in e for e in col.encodings), (path, col.path_in_schema)
        for field in pq.read_schema(path):
            assert not str(field.type).startswith("uint"), (path, field)
            assert "ns" not in str(field.type), (path, field)
    assert sorted(p.name for p in (sample_run.marts_dir / "trajectory").iterdir()) == [
        "indicator=exports_mad", "indicator=jobs"]


def test_progress_2030_projection_and_required_path(db):
    rows = db.execute(
        "select indicator, baseline_year, baseline_value, round(projection_ratio, 4), "
        "projection_status, round(required_increment_next_year), "
        "required_increment_per_year_avg, latest_source, latest_published_on::varchar "
        "from marts.progress_2030 where segment = 'ALL' and region = 'MA' order by indicator"
    ).fetchall()
    assert rows == [
        ("exports_mad", 2024, 26_200_000_000.0, 0.791, "acceleration_needed", 1_914_330_203.0,
         2_300_000_000.0, "ODC", "2025-03-14"),
        ("jobs", 2024, 148_500.0, 0.3561, "acceleration_needed", 15_559.0, 20_250.0, "MTNRA",
         "2025-03-14"),
    ]
    counts = db.execute("select target_basis, count(*) from marts.progress_2030 "
                        "group by all order by all").fetchall()
    assert counts == [("objective", 2), ("observed_share", 22)]
    # Targets by share add up to the national target.
    total = db.execute("select sum(target_value) from marts.progress_2030 where "
                       "indicator = 'jobs' and region <> 'MA'").fetchall()[0][0]
    assert total == pytest.approx(270_000)


def test_trajectory_reaches_the_target(db):
    rows = db.execute(
        "select year, actual_value, round(required_path), round(projected_observed_rate), "
        "round(projected_linear_trend), target_value from marts.trajectory "
        "where indicator = 'jobs' and segment = 'ALL' and region = 'MA' and year in "
        "(2015, 2024, 2030) order by year").fetchall()
    assert rows == [(2015, 96_000.0, None, None, None, None),
                    (2024, 148_500.0, 148_500.0, 148_500.0, 145_000.0, None),
                    (2030, None, 270_000.0, 191_770.0, 181_000.0, 270_000.0)]
    years = db.execute("select count(distinct year), min(year), max(year) from marts.trajectory"
                       ).fetchall()
    assert years == [(16, 2015, 2030)]


def test_contributions_add_up_to_total_growth(db):
    for mart, key in (("segment_mix", "segment"), ("regional_breakdown", "region")):
        rows = db.execute(
            f"select indicator, sum(share), sum(contribution_to_growth), "
            f"any_value(total_value) from marts.{mart} where year = 2024 and indicator = 'jobs' "
            f"group by indicator").fetchall()
        _, shares, contribution, _ = rows[0]
        assert shares == pytest.approx(1.0) and contribution == pytest.approx(9_500 / 139_000), key


def test_example_queries_run(sample_run, db):
    queries = _queries(sample_run)
    assert len(queries) >= 6
    results = {}
    for name, sql in queries:
        results[name] = db.execute(sql).fetchall()
        assert results[name], sql
    assert results["national_status"] == [
        ("exports_mad", 40_000_000_000.0, 26_200_000_000.0, 7.31, 5.98, "acceleration_needed",
         0.791, "acceleration_needed"),
        ("jobs", 270_000.0, 148_500.0, 10.48, 4.35, "limited_progress", 0.356,
         "acceleration_needed"),
    ]
    assert results["jobs_per_year"] == [
        (2025, 164_059.0, 15_559.0), (2026, 181_248.0, 17_189.0), (2027, 200_237.0, 18_990.0),
        (2028, 221_217.0, 20_979.0), (2029, 244_394.0, 23_177.0), (2030, 270_000.0, 25_606.0)]


def test_report_figures_match_the_marts(sample_run, db):
    html = sample_run.report_index.read_text(encoding="utf-8")
    parsed = parse_figures(html)
    marts = dict(((r[0], r[1]), r[2]) for r in db.execute(
        "unpivot (select indicator, latest_value, target_value, cagr_required, cagr_observed, "
        "projected_2030, required_increment_next_year, required_increment_per_year_avg "
        "from marts.progress_2030 where segment = 'ALL' and region = 'MA') "
        "on columns(* exclude indicator) into name k value v").fetchall())
    for (indicator, column), value in marts.items():
        assert float(parsed.figures[f"{indicator}.{column}"][0]) == value
    assert parsed.figures["jobs.target_value"][1] == "270 000 jobs"
    assert parsed.figures["jobs.latest_value"][1] == "148 500 jobs"
    assert parsed.figures["jobs.cagr_required"][1] == "10.48 %"
    assert parsed.figures["exports_mad.target_value"][1] == "40.00 bn MAD"
    assert parsed.polylines >= 8
    french = parse_figures((sample_run.report_dir / "index.fr.html").read_text(encoding="utf-8"))
    assert french.figures["jobs.target_value"][1] == "270 000 emplois"
    assert french.figures["jobs.cagr_required"][1] == "10,48 %"
    for text in (html, (sample_run.report_dir / "index.fr.html").read_text(encoding="utf-8")):
        assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in text and "<script" not in text
