"""The dashboard in a real headless Chromium, from a fresh pipeline run."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from tests.integration.chromium import run_chromium
from tests.support.dashboard import parse_figures

SCREENSHOT_MAX_BYTES = 500_000


@pytest.fixture(scope="module")
def dom(chromium, sample_run, tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    done = run_chromium(chromium, profile, "--dump-dom", sample_run.report_index.as_uri())
    return done.stdout


def test_page_renders_with_charts(dom):
    parsed = parse_figures(dom)
    assert "<svg" in dom and parsed.polylines >= 8
    assert dom.count('class="target"') == 2
    assert "Offshoring Morocco: progress toward the 2030 objectives" in dom


def test_figures_shown_match_the_marts(dom, sample_run):
    figures = parse_figures(dom).figures
    con = duckdb.connect(str(sample_run.db_path), read_only=True)
    target, latest, cagr = con.execute(
        "select target_value, latest_value, cagr_required from marts.progress_2030 "
        "where indicator = 'jobs' and segment = 'ALL' and region = 'MA'").fetchall()[0]
    con.close()
    assert (target, latest, round(cagr, 4)) == (270_000.0, 148_500.0, 0.1048)
    assert figures["jobs.target_value"] == [repr(target), "270 000 jobs"]
    assert figures["jobs.latest_value"] == [repr(latest), "148 500 jobs"]
    assert figures["jobs.cagr_required"][1] == "10.48 %"
    assert figures["jobs.required_increment_next_year"][1] == "15 559 jobs"
    assert figures["exports_mad.target_value"][1] == "40.00 bn MAD"


def test_french_page_renders(chromium, sample_run, tmp_path):
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom",
                        (sample_run.report_dir / "index.fr.html").as_uri())
    figures = parse_figures(done.stdout).figures
    assert figures["jobs.target_value"][1] == "270 000 emplois"
    assert figures["jobs.cagr_required"][1] == "10,48 %"


def test_screenshot_for_the_docs(chromium, sample_run, tmp_path):
    shot = tmp_path / "report.png"
    run_chromium(chromium, tmp_path / "profile", f"--screenshot={shot}",
                 "--window-size=1280,2000", sample_run.report_index.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size < SCREENSHOT_MAX_BYTES
    # The committed picture is refreshed only on request, so a test run leaves the tree clean.
    if os.environ.get("OFFSHORING_UPDATE_SCREENSHOT"):
        docs_img = sample_run.project_root / "docs" / "img"
        docs_img.mkdir(exist_ok=True)
        shutil.copyfile(shot, docs_img / "report.png")
