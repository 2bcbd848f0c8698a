"""The quality log, the data_quality mart, the report, Data Docs."""

from __future__ import annotations

import re

from offshoring.quality import (
    file_rejection,
    quality_report,
    record_results,
    validate,
)

from .conftest import insert_release
from .releases import clean_release, replace_value

BAD = replace_value(clean_release(), {"indicator": "net_jobs", "period": "2024"}, value="20000")


def _log_two_releases(con, settings):
    con.execute("""insert into meta.loads values
        (1, 'r1', 'release', 'good.csv', 'aaa', null, 10, 'archive/aaa.csv',
         now(), 'loaded', null, 28, null, null),
        (2, 'r1', 'release', 'bad.csv', 'bbb', null, 10, 'quarantine/bbb.csv',
         now(), 'rejected', 'identity.stock_flow', 28, null, null)""")
    insert_release(con, 1, clean_release())
    insert_release(con, 2, BAD)
    good = validate(con, 1, settings)
    bad = validate(con, 2, settings)
    record_results(con, settings, "r1", 1, "good.csv", "aaa", good)
    record_results(con, settings, "r1", 2, "bad.csv", "bbb", bad)
    return good, bad


def test_record_results_writes_every_rule_and_the_failing_rows(con, settings):
    _log_two_releases(con, settings)
    assert con.execute("select count(*) from quality.check_results").fetchone() == (48,)
    rows = con.execute("select rule_id, indicator, period, segment, region, expected, actual "
                       "from quality.failing_rows").fetchall()
    assert rows == [("identity.stock_flow", "jobs", "2024", "ALL", "MA", 150000.0, 148500.0)]


def test_quality_report_puts_failures_first(con, settings):
    _log_two_releases(con, settings)
    report = quality_report(con, settings)
    assert len(report) == 48
    first = report[0]
    assert (first["rule_id"], first["status"], first["severity"], first["file_name"],
            first["load_status"], first["failing_rows"]) == (
        "identity.stock_flow", "failed", "error", "bad.csv", "rejected", 1)
    assert all(r["status"] == "passed" for r in report[1:])


def test_quality_report_keeps_only_the_latest_run_per_release(con, settings):
    _log_two_releases(con, settings)
    outcome = validate(con, 2, settings)
    record_results(con, settings, "r2", 2, "bad.csv", "bbb", outcome)
    report = quality_report(con, settings)
    assert {(r["load_id"], r["run_id"]) for r in report} == {(1, "r1"), (2, "r2")}


def test_data_quality_mart(con, settings):
    con.execute((settings.sql_dir / "marts" / "data_quality.sql").read_text())
    _log_two_releases(con, settings)
    rows = con.execute("""select file_name, file_sha256, load_status, rule_id, level,
                                 severity, status, failing_rows, failing_keys
                          from marts.data_quality where status = 'failed'""").fetchall()
    assert rows == [("bad.csv", "bbb", "rejected", "identity.stock_flow", 1, "error",
                     "failed", 1, "jobs 2024 ALL MA")]
    grain = con.execute("select count(*), count(distinct (run_id, load_id, rule_id)) "
                        "from marts.data_quality").fetchone()
    assert grain == (48, 48)


def test_file_rejection_is_recorded(con, settings):
    record_results(con, settings, "r1", 9, "broken.xlsx", "ccc",
                   file_rejection("format.file_readable", "not an XLSX file", settings))
    row = con.execute("select rule_id, level, severity, status, observed "
                      "from quality.check_results").fetchall()
    assert row == [("format.file_readable", 0, "error", "failed", "not an XLSX file")]


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
