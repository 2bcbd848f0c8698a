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
    assert contract.view_drift(db, spec, sample_run) == []
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
        "round(required_increment_per_year_avg), latest_source, latest_published_on::varchar "
        "from marts.progress_2030 where segment = 'ALL' and region = 'MA' order by indicator"
    ).fetchall()
    assert rows == [
        # The observed 2024 exports (26.22 bn, the published preliminary figure) are the
        # baseline, not the conference's rounded 26.2 bn.
        ("exports_mad", 2024, 26_220_000_000.0, 1.541, "on_track", 1_912_213_500.0,
         2_296_666_667.0, "ODC", "2025-02-10"),
        ("jobs", 2024, 148_500.0, 0.3561, "acceleration_needed", 15_559.0, 20_250.0, "MTNRA",
         "2025-03-14"),
    ]
    counts = db.execute("select target_basis, count(*) from marts.progress_2030 "
                        "group by all order by all").fetchall()
    assert counts == [("objective", 2), ("observed_share", 22)]
    # Segments and regions hold 2023-2024 only: one year of growth, fewer than two.
    statuses = db.execute("select status, projection_status, years_observed, count(*) "
                          "from marts.progress_2030 where target_basis = 'observed_share' "
                          "group by all").fetchall()
    assert statuses == [("insufficient_data", "insufficient_data", 1, 22)]
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


def test_exports_are_linked_across_the_2023_break(sample_run, db):
    """Old scope 2015-2023 (18 bn in 2023), then the break release (26.17 bn for 2023):
    the earlier years are linked by 26.17 / 18 before the growth rate is taken."""
    rows = db.execute(
        "select year, actual_value, round(linked_value), is_linked from marts.trajectory "
        "where indicator = 'exports_mad' and segment = 'ALL' and region = 'MA' "
        "and year in (2015, 2019, 2022, 2023, 2024) order by year").fetchall()
    assert rows == [(2015, 7.54e9, 10_962_322_222.0, True), (2019, 11e9, 15_992_777_778.0, True),
                    (2022, 15.6e9, 22_680_666_667.0, True), (2023, 26.17e9, 26.17e9, False),
                    (2024, 26.22e9, 26.22e9, False)]
    progress = db.execute(
        "select observed_from, round(observed_from_value), observed_basis, "
        "round(cagr_observed, 5), status_reason from marts.progress_2030 "
        "where indicator = 'exports_mad' and segment = 'ALL' and region = 'MA'").fetchall()
    assert progress == [("2019", 15_992_777_778.0, "linked", 0.10393,
                         "observed growth 2019-2024 (linked)")]
    revisions = db.execute(
        "select period, vintages, break_count, first_value, latest_value, latest_status "
        "from marts.revisions where indicator = 'exports_mad' and frequency = 'A' "
        "and segment = 'ALL' and period in ('2023', '2024') order by period").fetchall()
    assert revisions == [("2023", 2, 1, 18e9, 26.17e9, "final"),
                         ("2024", 1, 0, 26.22e9, 26.22e9, "provisional")]
    html = sample_run.report_index.read_text(encoding="utf-8")
    assert html.count('data-series="linked"') == 1  # the exports chart only


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
        ("exports_mad", 40_000_000_000.0, 26_220_000_000.0, 7.29, 10.39, "on_track", 1.541,
         "on_track"),
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


# --- the dashboard's tables and badges against the marts read from Parquet ---------------
STATUS_EN = {"on_track": "on track", "acceleration_needed": "acceleration needed",
             "limited_progress": "limited progress", "deterioration": "deterioration",
             "stagnation_or_regression": "stagnation or regression",
             "target_achieved": "target achieved", "target_not_achieved": "target not achieved",
             "insufficient_data": "insufficient data", None: "n/a"}
BREAKDOWN_HEAD = ["Name", "Value", "Share", "Growth", "Contribution to growth", "Target",
                  "Projection status", "Vintage"]


def _grouped(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}".replace(",", " ")


def _amount(value, unit: str) -> str:
    """What the page should show, written independently of offshoring.dashboard.labels."""
    if unit == "MAD":
        return ("–" if value is None else _grouped(value / 1e9, 2)) + " bn MAD"
    return ("–" if value is None else _grouped(value, 0)) + f" {unit}"


def _percent(value, digits: int) -> str:
    return "–" if value is None else _grouped(100 * value, digits) + " %"


def _parquet(settings, mart: str, where: str = "true", order: str = "all") -> list[dict]:
    con = duckdb.connect()
    try:
        result = con.execute(f"select * from read_parquet(?, hive_partitioning = true) "
                             f"where {where} order by {order}",
                             [str(settings.marts_dir / mart / "**" / "*.parquet")])
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    finally:
        con.close()


def _breakdown_rows(settings, indicator: str, mart: str, key: str) -> list[list]:
    """Expected rows of a segment or region table: the mart's latest year, by value."""
    other = ("region", "MA") if key == "segment" else ("segment", "ALL")
    rows = _parquet(settings, mart, f"indicator = '{indicator}'")
    if not rows:
        return []
    latest = max(r["year"] for r in rows)
    targets = {p[key]: p for p in _parquet(settings, "progress_2030",
                                           f"indicator = '{indicator}' and "
                                           f"{other[0]} = '{other[1]}'")}
    expected = []
    for r in sorted((r for r in rows if r["year"] == latest), key=lambda r: -r["value"]):
        p = targets.get(r[key], {})
        expected.append([
            f"{r[key]} {r[f'{key}_name_en']}", _amount(r["value"], r["unit"]),
            _percent(r["share"], 1), _percent(r["growth"], 1),
            _percent(r["contribution_to_growth"], 2), _amount(p.get("target_value"), r["unit"]),
            (STATUS_EN[p.get("projection_status")], [p.get("projection_status") or "none"]),
            f"source {r['source']} · published {r['published_on']} · "
            f"sha256 {r['file_sha256'][:12]}"])
    return expected


def _shown(table) -> list[list]:
    """A table's body as text, the badge cell as (text, statuses)."""
    return [[(c.text, c.statuses) if c.statuses else c.text for c in row]
            for row in table.rows[1:]]


@pytest.fixture(scope="module")
def page(sample_run):
    return parse_figures(sample_run.report_index.read_text(encoding="utf-8"))


def test_report_status_badges_match_progress_2030(sample_run, page):
    national = _parquet(sample_run, "progress_2030", "segment = 'ALL' and region = 'MA'",
                        "indicator = 'jobs' desc, indicator")
    assert [(p.section, p.text, p.statuses) for p in page.paragraphs if p.statuses] == [
        (o["indicator"],
         f"CAGR ratio {o['progress_ratio']:.3f} {STATUS_EN[o['status']]} · "
         f"Projection ratio {o['projection_ratio']:.3f} {STATUS_EN[o['projection_status']]}",
         [o["status"], o["projection_status"]]) for o in national]
    assert [(p.section, p.statuses) for p in page.paragraphs if p.statuses] == [
        ("jobs", ["limited_progress", "acceleration_needed"]),
        ("exports_mad", ["on_track", "on_track"])]


def test_report_figures_tables_match_progress_2030(sample_run, page):
    national = _parquet(sample_run, "progress_2030", "segment = 'ALL' and region = 'MA'",
                        "indicator = 'jobs' desc, indicator")
    target_files = dict(duckdb.connect().execute(
        "select indicator, source_file from read_csv(?) where kind = 'target' and "
        "segment = 'ALL' and region = 'MA'",
        [str(sample_run.seeds_dir / "objectives.csv")]).fetchall())
    figures = [t for t in page.tables if t.attrs.get("class") == "figures"]
    assert [t.section for t in figures] == [o["indicator"] for o in national]
    for table, o in zip(figures, national, strict=True):
        unit = "MAD" if o["indicator"] == "exports_mad" else "jobs"
        assert table.texts() == [
            [f"Latest ({o['latest_period']})", _amount(o["latest_value"], unit),
             f"source {o['latest_source']} · published {o['latest_published_on']} · "
             f"{o['latest_file_name']} · sha256 {o['latest_file_sha256'][:12]}"],
            [f"Target {o['target_year']}", _amount(o["target_value"], unit),
             f"source {o['target_source']} · {target_files[o['indicator']]}"],
            ["Required growth per year", _percent(o["cagr_required"], 2), ""],
            ["Observed growth per year", _percent(o["cagr_observed"], 2), ""],
            [f"Projected at the observed rate ({o['target_year']})",
             _amount(o["projected_2030"], unit), ""],
            ["To add next year", _amount(o["required_increment_next_year"], unit), ""],
            ["To add per year (average)", _amount(o["required_increment_per_year_avg"], unit),
             ""],
        ], o["indicator"]


def test_report_breakdown_tables_match_segment_mix_and_regional_breakdown(sample_run, page):
    grids = [t for t in page.tables if t.attrs.get("class") == "grid" and t.section]
    assert [(t.section, t.heading) for t in grids] == [
        ("jobs", "By segment"), ("jobs", "By region"), ("exports_mad", "By segment")]
    for table in grids:
        mart, key = (("segment_mix", "segment") if table.heading == "By segment"
                     else ("regional_breakdown", "region"))
        assert table.texts()[0] == BREAKDOWN_HEAD
        assert _shown(table) == _breakdown_rows(sample_run, table.section, mart, key), (
            table.section, table.heading)
    # No regional exports in the samples: the exports card says so instead of a table.
    assert _breakdown_rows(sample_run, "exports_mad", "regional_breakdown", "region") == []
    assert [p.text for p in page.paragraphs if p.section == "exports_mad" and not p.statuses
            ] == ["Observed growth over 2019–2024: 5 year(s), earlier years linked across a "
                  "series break (ratio splicing).", "–"]
    # Pinned: the largest segment and region of 2024 jobs, and every badge shown.
    jobs_segments, jobs_regions, exports_segments = (_shown(t) for t in grids)
    assert jobs_segments[0] == [
        "CRM Customer relationship management", "77 000 jobs", "51.9 %", "4.8 %", "2.52 %",
        "140 000 jobs", ("insufficient data", ["insufficient_data"]),
        jobs_segments[0][7]]
    assert jobs_regions[0][:6] == ["MA-06 Casablanca-Settat", "77 220 jobs", "52.0 %", "6.8 %",
                                   "3.55 %", "140 400 jobs"]
    assert [len(jobs_segments), len(jobs_regions), len(exports_segments)] == [5, 12, 5]
    assert sorted({row[6][1][0] for t in (jobs_segments, jobs_regions, exports_segments)
                   for row in t}) == ["insufficient_data"]


def test_report_quality_table_matches_data_quality(sample_run, page):
    (table,) = [t for t in page.tables if t.attrs.get("id") == "quality"]
    log = _parquet(sample_run, "data_quality")
    expected = []
    for load_id in sorted({r["load_id"] for r in log}):
        rows = [r for r in log if r["load_id"] == load_id]
        latest = max(r["checked_at"] for r in rows)
        run = {r["run_id"] for r in rows if r["checked_at"] == latest}
        rows = [r for r in rows if r["run_id"] in run]
        failed = sorted(r["rule_id"] for r in rows if r["status"] == "failed")
        expected.append([rows[0]["file_name"],
                         str(sum(r["status"] == "passed" for r in rows)),
                         str(len(failed)) + (f" ({', '.join(failed)})" if failed else ""),
                         f"load {load_id} · checked {latest} · "
                         f"sha256 {rows[0]['file_sha256'][:12]}"])
    assert table.texts()[0] == ["File", "Rules passed", "Rules failed", "Vintage"]
    assert table.texts()[1:] == expected
    assert [row[0] for row in expected] == [
        "sample_annuel_national_2015_2024.csv", "sample_exports_ancien_perimetre_2015_2023.csv",
        "sample_exports_mensuel_2024.csv", "sample_exports_nouveau_perimetre_2023_2024.csv",
        "sample_regional_2023_2024.json", "sample_trimestriel_segments_2023_2024.xlsx"]
    assert {row[2] for row in expected} == {"0"}


def test_french_page_shows_the_same_rows_and_badges(sample_run, page):
    french = parse_figures((sample_run.report_dir / "index.fr.html").read_text(encoding="utf-8"))
    assert [p.statuses for p in french.paragraphs] == [p.statuses for p in page.paragraphs]
    assert [[[c.statuses for c in row] for row in t.rows] for t in french.tables] == [
        [[c.statuses for c in row] for row in t.rows] for t in page.tables]
    jobs_segments = [t for t in french.tables if t.section == "jobs"][1]
    assert jobs_segments.texts()[1][:6] == ["CRM Gestion de la relation client",
                                            "77 000 emplois", "51,9 %", "4,8 %", "2,52 %",
                                            "140 000 emplois"]
