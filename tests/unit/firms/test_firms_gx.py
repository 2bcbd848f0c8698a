"""Firm rules (decided_by sql) judged by Great Expectations, with the catalogue's
severities and the settings' tolerance in SQL and GX alike."""

from __future__ import annotations

import json
import shutil

import pytest

from offshoring import quality
from offshoring.firms import stage_firm_file

LOAD_ID = 7


def _validate(con, load_id, settings, **options):
    return quality.validate(con, load_id, settings, quality.FIRM_DECLARATIONS, **options)


def _edited(tmp_path, fixtures, edit):
    lines = (fixtures / "five_firms.csv").read_text().splitlines()
    path = tmp_path / "edited.csv"
    path.write_text("\n".join([lines[0], *edit(lines[1:])]) + "\n")
    return path


def _replace(old, new):
    return lambda lines: [ln.replace(old, new) for ln in lines]


def _firm(firm, change):
    """Apply change(fields) to every line of one firm."""
    def edit(lines):
        out = []
        for ln in lines:
            fields = ln.split(",")
            out.append(",".join(change(fields)) if fields[0] == firm else ln)
        return out
    return edit


def _set(index, value, since=""):
    def change(fields):
        if fields[1] >= since:
            fields[index] = value
        return fields
    return change


def _duplicate(lines):
    return lines + [next(ln for ln in lines if ln.startswith("F2,2024-03,"))]


# rule id -> (edit, severity, failing firm, failing rows, a period of the failing rows)
DEFECTS = {
    "firm.unique_key": (_duplicate, "error", "F2", 1, "2024-03"),
    "firm.known_codes": (_firm("F1", _set(2, "XYZ")), "error", "F1", 14, "2023-11"),
    "firm.non_negative": (_replace("F1,2023-11,ITO,MA-06,10,2,1,1000",
                                   "F1,2023-11,ITO,MA-06,10,2,1,-1000"),
                          "error", "F1", 1, "2023-11"),
    "firm.stock_flow": (_replace("F3,2024-05,CRM,MA-06,36,2,1", "F3,2024-05,CRM,MA-06,36,5,1"),
                        "error", "F3", 1, "2024-05"),
    "firm.stable_attributes": (_firm("F2", _set(3, "MA-01", since="2024-06")),
                               "warning", "F2", 1, "2024-06"),
    "firm.gap": (lambda lines: [ln for ln in lines if not ln.startswith("F2,2024-03,")],
                 "warning", "F2", 1, "2024-03"),
}


@pytest.mark.parametrize("rule_id", sorted(DEFECTS))
def test_each_firm_rule_trips_alone_judged_by_gx(con, settings, fixtures, tmp_path, rule_id):
    edit, severity, firm, count, period = DEFECTS[rule_id]
    stage_firm_file(con, _edited(tmp_path, fixtures, edit), LOAD_ID)
    outcome = _validate(con, LOAD_ID, settings)
    failed = {r.rule_id: r for r in outcome.results if r.failed}
    assert list(failed) == [rule_id]
    result = failed[rule_id]
    assert result.severity == severity and result.failing_rows == count
    assert result.failing[0].detail.startswith(f"firm {firm}: ")
    assert result.failing[0].period == period
    assert outcome.rejected is (severity == "error")
    (reason,) = outcome.reasons()
    assert reason.startswith(f"{rule_id} ({severity}): ")
    assert f"(firm {firm}: " in reason


def test_clean_file_passes_every_firm_rule(con, settings, fixtures):
    stage_firm_file(con, fixtures / "five_firms.csv", LOAD_ID)
    outcome = _validate(con, LOAD_ID, settings)
    assert [r.rule_id for r in outcome.results] == ["firm.readable", *DEFECTS]
    assert not any(r.failed for r in outcome.results)


def test_stock_flow_reason_format_and_gx_sees_only_the_cap(con, settings, fixtures, tmp_path):
    edit = _replace("F3,2024-05,CRM,MA-06,36,2,1", "F3,2024-05,CRM,MA-06,36,5,1")
    stage_firm_file(con, _edited(tmp_path, fixtures, edit), LOAD_ID)
    (flow,) = [r for r in _validate(con, LOAD_ID, settings).results
               if r.failed]
    assert flow.observed == "1 failing rows of 70 rows"
    from offshoring.quality.model import reason_line

    assert reason_line(flow) == (
        "firm.stock_flow (error): Firm-level stock-flow identity between consecutive months "
        "of a firm.: 1 row, e.g. 2024-05 CRM MA-06 expected 39 got 36 (firm F3: residual -3)")


def test_full_count_from_duckdb_when_gx_gets_the_capped_rows(con, settings, fixtures,
                                                              tmp_path):
    stage_firm_file(con, _edited(tmp_path, fixtures, _firm("F1", _set(2, "XYZ"))), LOAD_ID)
    outcome = _validate(con, LOAD_ID, settings, cap=3)
    (known,) = [r for r in outcome.results if r.failed]
    assert known.failing_rows == 14 and len(known.failing) == 3


def _catalogue_copy(tmp_path, settings, severities=None, edit=None):
    """A copy of the catalogue with other severities (or any edit of a rule's suite)."""
    copy = tmp_path / "expectations"
    shutil.copytree(settings.expectations_dir, copy)
    for rule_id, severity in (severities or {}).items():
        path = copy / rule_id / "expectation.json"
        suite = json.loads(path.read_text(encoding="utf-8"))
        suite["meta"]["severity"] = severity
        path.write_text(json.dumps(suite), encoding="utf-8")
    if edit:
        edit(copy)
    return settings.with_overrides(expectations=copy)


def test_severity_comes_from_the_catalogue(con, settings, fixtures, tmp_path):
    edit = _replace("F3,2024-05,CRM,MA-06,36,2,1", "F3,2024-05,CRM,MA-06,36,5,1")
    stage_firm_file(con, _edited(tmp_path, fixtures, edit), LOAD_ID)
    assert _validate(con, LOAD_ID, settings).rejected
    relaxed = _catalogue_copy(tmp_path, settings, {"firm.stock_flow": "warning"})
    outcome = _validate(con, LOAD_ID, relaxed)
    assert not outcome.rejected
    assert outcome.reasons()[0].startswith("firm.stock_flow (warning): ")


STOCK_FLOW_BREAK = _replace("F3,2024-05,CRM,MA-06,36,2,1", "F3,2024-05,CRM,MA-06,36,5,1")


def test_one_tolerance_for_sql_and_gx(con, settings, fixtures, tmp_path):
    """stock_flow_abs reaches the SQL that flags rows and the suite that judges them."""
    stage_firm_file(con, _edited(tmp_path, fixtures, STOCK_FLOW_BREAK), LOAD_ID)
    assert _validate(con, LOAD_ID, settings).rejected  # residual -3
    tolerant = settings.with_overrides(
        tolerances=type(settings.tolerances)(stock_flow_abs=3.0))
    outcome = _validate(con, LOAD_ID, tolerant)
    assert not any(r.failed for r in outcome.results)
    flow = {r.rule_id: r for r in outcome.results}["firm.stock_flow"]
    assert flow.expected.endswith("(within 3.0)")


def test_sql_decides_when_the_suite_disagrees(con, settings, fixtures, tmp_path):
    """decided_by sql: a row SQL flags fails the rule even if the expectations pass it."""
    def loosen(copy):
        path = copy / "firm.stock_flow" / "expectation.json"
        suite = json.loads(path.read_text(encoding="utf-8"))
        suite["expectations"][0]["kwargs"]["abs_tolerance"] = 10.0
        path.write_text(json.dumps(suite), encoding="utf-8")

    stage_firm_file(con, _edited(tmp_path, fixtures, STOCK_FLOW_BREAK), LOAD_ID)
    loose = _catalogue_copy(tmp_path, settings, edit=loosen)
    outcome = _validate(con, LOAD_ID, loose)
    (flow,) = [r for r in outcome.results if r.failed]
    assert (flow.rule_id, flow.failing_rows) == ("firm.stock_flow", 1)
    assert flow.observed == ("1 failing rows of 70 rows; the 1 judged by GX pass "
                             "(check.sql and expectations disagree)")
    assert flow.failing[0].detail == "firm F3: residual -3"
