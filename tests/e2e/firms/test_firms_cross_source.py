"""sources.agree between firm aggregates and published releases, both orders of arrival."""

from __future__ import annotations

import duckdb
import pytest

from offshoring.firms.generator import write_firm_declarations
from offshoring.pipeline import run_pipeline
from offshoring.quality.model import reason_line
from offshoring.sample import write_sample_releases
from offshoring.settings import load_settings


@pytest.fixture
def settings(tmp_path):
    return load_settings(warehouse=tmp_path / "warehouse")


def _failing(settings, file_name):
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute(
            "select f.indicator, f.period, f.segment, f.region, f.expected, f.actual, "
            "f.detail, r.severity from quality.failing_rows as f "
            "join quality.check_results as r using (run_id, load_id, rule_id) "
            "where f.rule_id = 'sources.agree' and r.file_name = ?", [file_name]).fetchall()
    finally:
        con.close()


def _published(settings, indicator, period):
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return dict(con.execute(
            "select source, value from core.current where indicator = ? and period = ? "
            "and segment = 'ALL' and region = 'MA'", [indicator, period]).fetchall())
    finally:
        con.close()


def test_firm_file_disagreeing_with_a_release_loads_with_a_warning(settings, tmp_path):
    releases = write_sample_releases(tmp_path / "releases")
    assert all(o.status == "loaded" for o in run_pipeline(settings, releases).outcomes)
    # 600 firms: about half the published jobs, far beyond the 2 % tolerance.
    firms = write_firm_declarations(tmp_path / "declarations.csv", firms=600, months=12)
    (outcome,) = run_pipeline(settings, [firms], command="ingest").outcomes
    assert outcome.status == "loaded"
    (warning,) = [reason_line(w) for w in outcome.warnings if w.rule_id == "sources.agree"]
    assert warning.startswith("sources.agree (warning): ")
    published = _published(settings, "jobs", "2024")
    firm_jobs = published.pop("firm_declarations")
    (other_source, other_jobs), *_ = published.items()
    assert abs(firm_jobs / other_jobs - 1) > 0.02
    rows = _failing(settings, firms.name)
    assert ("jobs", "2024", "ALL", "MA", other_jobs, firm_jobs,
            f"source firm_declarations vs {other_source}", "warning") in rows


def test_firm_file_agreeing_with_releases_passes_sources_agree(settings, tmp_path):
    releases = write_sample_releases(tmp_path / "releases")
    run_pipeline(settings, releases)
    firms = write_firm_declarations(tmp_path / "declarations.csv", firms=1200, months=12)
    (outcome,) = run_pipeline(settings, [firms], command="ingest").outcomes
    assert outcome.status == "loaded"
    rows = _failing(settings, firms.name)
    assert not [r for r in rows if r[:4] == ("jobs", "2024", "ALL", "MA")]


def test_release_after_firm_aggregates_is_compared_with_them(settings, tmp_path):
    firms = write_firm_declarations(tmp_path / "declarations.csv", firms=600, months=12)
    assert run_pipeline(settings, [firms], command="ingest").outcomes[0].status == "loaded"
    releases = write_sample_releases(tmp_path / "releases")
    outcomes = run_pipeline(settings, releases).outcomes
    assert all(o.status == "loaded" for o in outcomes)
    warned = [o for o in outcomes
              if any(w.rule_id == "sources.agree" for w in o.warnings)]
    assert warned
    rows = [r for o in warned for r in _failing(settings, o.file_name)]
    firm_jobs = _published(settings, "jobs", "2024")["firm_declarations"]
    assert any(r[:4] == ("jobs", "2024", "ALL", "MA") and r[4] == firm_jobs
               and r[6].endswith("vs firm_declarations") for r in rows)
