"""A firm file through the whole pipeline when the catalogue makes a firm rule a warning:
loaded, the warning shown and recorded (the same file is rejected by default)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from offshoring.pipeline import run_pipeline
from offshoring.quality.model import reason_line

FIRM_FILES = Path(__file__).resolve().parents[2] / "support" / "firm_files"
# F3's hires in May 2024 raised by 3: employees no longer follow hires and separations.
GOOD_LINE, BROKEN_LINE = "F3,2024-05,CRM,MA-06,36,2,1", "F3,2024-05,CRM,MA-06,36,5,1"


def _catalogue_with(settings, tmp_path, rule_id: str, severity: str):
    copy = tmp_path / "expectations"
    shutil.copytree(settings.expectations_dir, copy)
    path = copy / rule_id / "expectation.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    suite["meta"]["severity"] = severity
    path.write_text(json.dumps(suite), encoding="utf-8")
    return settings.with_overrides(expectations=copy)


def test_pipeline_loads_with_a_warning_when_the_catalogue_says_warning(settings, tmp_path):
    text = (FIRM_FILES / "five_firms.csv").read_text(encoding="utf-8")
    assert GOOD_LINE in text
    broken = tmp_path / "firms.csv"
    broken.write_text(text.replace(GOOD_LINE, BROKEN_LINE), encoding="utf-8")

    strict = run_pipeline(settings, [broken], command="ingest", dry_run=True)
    assert [o.status for o in strict.outcomes] == ["rejected"]

    relaxed = _catalogue_with(settings, tmp_path, "firm.stock_flow", "warning")
    (outcome,) = run_pipeline(relaxed, [broken], command="ingest").outcomes
    assert outcome.status == "loaded"
    assert any(w.startswith("firm.stock_flow (warning): ") and "firm F3: residual -3" in w
               for w in map(reason_line, outcome.warnings))
    con = duckdb.connect(str(relaxed.db_path), read_only=True)
    try:
        assert con.execute(
            "select severity, status, failing_rows from quality.check_results "
            "where rule_id = 'firm.stock_flow'").fetchall() == [("warning", "failed", 1)]
    finally:
        con.close()
