"""The firm benchmark's floor does the pipeline's work: on a generated file with entries,
exits, gaps and stock-flow breaks, the plain DuckDB script of bench/firms_baseline.py
counts what the firm rules count and publishes the pipeline's figures, to the unit."""

from __future__ import annotations

import duckdb
import pytest

from bench import firms_baseline
from offshoring import quality
from offshoring.firms import aggregate_firm_declarations, stage_firm_file
from offshoring.firms.generator import write_firm_declarations
from offshoring.settings import load_settings
from offshoring.warehouse import build, connect

LOAD_ID = 3
# firms, months, breaks, entries, exits, gaps: every kind of churn the aggregation handles
PLAN = {"firms": 40, "months": 26, "breaks": 3, "entries": 5, "exits": 4, "gaps": 6}
INDICATORS = ("jobs", "net_jobs", "exports_mad", "companies")
DYNAMICS = ("previous_jobs", "continuing_net", "entry_jobs", "exit_jobs", "entries", "exits",
            "imputed_firm_months")


@pytest.fixture(scope="module")
def declarations(tmp_path_factory):
    return write_firm_declarations(tmp_path_factory.mktemp("firms") / "firms.csv", **PLAN)


@pytest.fixture(scope="module")
def pipeline(declarations, tmp_path_factory):
    """The module's rule counts, values and dynamics for the file."""
    settings = load_settings(warehouse=tmp_path_factory.mktemp("wh") / "warehouse")
    con = connect(settings)
    build(con, settings)
    stage_firm_file(con, declarations, LOAD_ID)
    outcome = quality.validate(con, LOAD_ID, settings, quality.FIRM_DECLARATIONS)
    aggregate_firm_declarations(con, LOAD_ID, settings)
    values = con.execute(
        "pivot (select frequency, period, segment, region, indicator, value "
        "from core.release_values) on indicator using any_value(value)").fetchdf()
    dynamics = con.execute("select * from core.firm_dynamics").fetchdf()
    con.close()
    return {r.rule_id.removeprefix("firm."): r.failing_rows for r in outcome.results}, \
        values, dynamics


@pytest.fixture(scope="module")
def baseline(declarations, tmp_path_factory):
    work = tmp_path_factory.mktemp("baseline")
    con = duckdb.connect(str(work / "baseline.duckdb"))
    counted = firms_baseline.run(con, declarations, work / "agg.parquet")
    con.close()
    table = duckdb.sql(f"select * from '{work / 'agg.parquet'}'").fetchdf()
    return counted, table


def _keyed(frame, key, columns):
    """{key: values}, NULL as None and numbers rounded to the unit's millionth."""
    def clean(value):
        return None if value is None or value != value else round(float(value), 6)
    return {tuple(row[k] for k in key): tuple(clean(row[c]) for c in columns)
            for row in frame.to_dict("records")}


def test_the_file_has_every_kind_of_churn(baseline):
    counted, table = baseline
    assert counted["rule_counts"]["stock_flow"] == PLAN["breaks"]
    assert counted["rule_counts"]["gap"] == PLAN["gaps"]
    national = table[(table.freq == "M") & (table.segment == "ALL") & (table.region == "MA")]
    assert (national.entries.sum(), national.exits.sum()) == (PLAN["entries"], PLAN["exits"])
    assert national.imputed.sum() == PLAN["gaps"]  # one month missing per gap


def test_the_baseline_counts_what_the_firm_rules_count(pipeline, baseline):
    rule_counts, _, _ = pipeline
    counted, _ = baseline
    assert counted["rule_counts"] == {rule: rule_counts[rule] for rule in counted["rule_counts"]}


def test_the_baseline_publishes_the_pipelines_figures(pipeline, baseline):
    _, values, dynamics = pipeline
    _, table = baseline
    table = table.rename(columns={"freq": "frequency", "imputed": "imputed_firm_months"})
    key = ("frequency", "period", "segment", "region")
    ours = _keyed(table, key, INDICATORS)
    assert len(ours) == len(values) == len(dynamics)
    assert ours == _keyed(values, key, INDICATORS)
    assert _keyed(table, key, DYNAMICS) == _keyed(dynamics, key, DYNAMICS)


def test_the_benchmark_files_are_written_by_a_child_process_the_same_as_in_process(
        tmp_path, monkeypatch):
    """bench.firms.data_file writes the generator's file in a child process (a process
    that held the big file would pass its peak memory to every worker it starts)."""
    from bench import firms

    monkeypatch.setitem(firms.SIZES, "tiny", 7)
    monkeypatch.setattr(firms, "MONTHS", 5)
    written = firms.data_file(tmp_path / "data", "tiny")
    expected = write_firm_declarations(tmp_path / "expected.csv", firms=7, months=5)
    assert written == tmp_path / "data" / "firms-7x5.csv"
    assert written.read_bytes() == expected.read_bytes()
