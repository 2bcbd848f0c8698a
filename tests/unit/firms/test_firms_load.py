"""Stage, check and aggregate firm declarations on hand-checkable fixtures: the firm
rules report the same counts as when they shared one query."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from offshoring import quality
from offshoring.firms import FirmFileError, aggregate_firm_declarations, stage_firm_file

LOAD_ID = 7
FIRM_RULES = ["firm.readable", "firm.unique_key", "firm.known_codes", "firm.non_negative",
              "firm.stock_flow", "firm.stable_attributes", "firm.gap"]


def _check(con, settings, **options):
    return quality.validate(con, LOAD_ID, settings, quality.FIRM_DECLARATIONS, **options)


def _value(con, indicator, frequency, period, segment="ALL", region="MA"):
    rows = con.execute(
        "select value from core.release_values where load_id = ? and indicator = ? "
        "and frequency = ? and period = ? and segment = ? and region = ?",
        [LOAD_ID, indicator, frequency, period, segment, region],
    ).fetchall()
    assert len(rows) == 1, (indicator, frequency, period, segment, region, rows)
    return rows[0][0]


def _by_rule(outcome):
    return {r.rule_id: r for r in outcome.results}


def _edited(tmp_path, fixtures, edit, name="edited.csv"):
    lines = (fixtures / "five_firms.csv").read_text().splitlines()
    path = tmp_path / name
    path.write_text("\n".join(edit(lines)) + "\n")
    return path


def test_stage_counts_rows_and_checks_pass(con, settings, fixtures):
    con.begin()
    assert stage_firm_file(con, fixtures / "five_firms.csv", LOAD_ID) == 70
    outcome = _check(con, settings)
    assert [r.rule_id for r in outcome.results] == FIRM_RULES
    assert all(r.status == "passed" and r.failing_rows == 0 for r in outcome.results)
    assert not outcome.rejected
    con.commit()


def test_aggregate_matches_hand_computed_sums(con, settings, fixtures):
    stage_firm_file(con, fixtures / "five_firms.csv", LOAD_ID)
    # 13 segment x region keys (5 cells, 4 segments, 3 regions, total) x 4 indicators,
    # 14 months + 4 complete quarters of 2024 + the year 2024 (2023 is incomplete).
    assert aggregate_firm_declarations(con, LOAD_ID, settings) == 13 * 4 * (14 + 4 + 1)
    # employees of firm i in month k (0 = 2023-11) are 10 i + k; hires 2, separations 1;
    # exports 1000 i per month.
    assert _value(con, "jobs", "M", "2024-12") == 215  # 150 + 5 x 13
    assert _value(con, "jobs", "Q", "2024-Q3") == 200  # September: 150 + 5 x 10
    assert _value(con, "jobs", "A", "2024") == 215
    assert _value(con, "jobs", "M", "2023-11", "ITO", "MA-04") == 20
    assert _value(con, "jobs", "M", "2024-12", "ITO") == 23 + 33
    assert _value(con, "exports_mad", "A", "2024") == 180_000  # 12 x 15,000
    assert _value(con, "exports_mad", "Q", "2024-Q4", region="MA-06") == 12_000
    assert _value(con, "net_jobs", "A", "2024") == 60
    assert _value(con, "net_jobs", "Q", "2024-Q1", "ITO") == 6
    assert _value(con, "net_jobs", "M", "2023-11") == 5
    assert _value(con, "companies", "M", "2024-12") == 5
    assert _value(con, "companies", "A", "2024", "ITO") == 2
    assert _value(con, "companies", "Q", "2024-Q2", "CRM", "MA-06") == 1
    none = con.execute(
        "select count(*) from core.release_values where period in ('2023', '2023-Q4')"
    ).fetchone()[0]
    assert none == 0


def test_aggregate_row_metadata(con, settings, fixtures):
    stage_firm_file(con, fixtures / "five_firms.csv", LOAD_ID)
    aggregate_firm_declarations(con, LOAD_ID, settings)
    rows = con.execute(
        "select distinct frequency, period, period_start, period_end from core.release_values "
        "where period in ('2024-02', '2024-Q3', '2024') order by frequency"
    ).fetchall()
    assert rows == [
        ("A", "2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("M", "2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("Q", "2024-Q3", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
    ]
    meta = con.execute(
        "select distinct source, status, published_on, series_break from core.release_values"
    ).fetchall()
    assert meta == [("firm_declarations", "final", dt.date(2025, 2, 14), False)]
    units = dict(con.execute(
        "select distinct indicator, unit from core.release_values"
    ).fetchall())
    assert units == {"jobs": "jobs", "net_jobs": "jobs", "exports_mad": "MAD",
                     "companies": "companies"}


def test_identity_break_caught_with_firm_period_and_residual(con, settings, fixtures,
                                                            tmp_path):
    # firm F3, 2024-05 (k = 6): employees 36 after 35; hires 2 -> 5 gives expected 39.
    def edit(lines):
        return [ln.replace("F3,2024-05,CRM,MA-06,36,2,1", "F3,2024-05,CRM,MA-06,36,5,1")
                for ln in lines]

    stage_firm_file(con, _edited(tmp_path, fixtures, edit), LOAD_ID)
    outcome = _check(con, settings)
    results = _by_rule(outcome)
    flow = results["firm.stock_flow"]
    assert (flow.status, flow.severity, flow.failing_rows) == ("failed", "error", 1)
    assert outcome.rejected
    (failing,) = flow.failing
    assert (failing.indicator, failing.period) == (None, "2024-05")
    assert (failing.segment, failing.region) == ("CRM", "MA-06")
    assert (failing.expected, failing.actual) == (39, 36)
    assert failing.detail == "firm F3: residual -3"
    assert all(r.status == "passed" for k, r in results.items() if k != "firm.stock_flow")


def test_duplicate_key_caught(con, settings, fixtures, tmp_path):
    def edit(lines):
        return lines + [next(ln for ln in lines if ln.startswith("F2,2024-03,"))]

    stage_firm_file(con, _edited(tmp_path, fixtures, edit), LOAD_ID)
    results = _by_rule(_check(con, settings))
    unique = results["firm.unique_key"]
    assert (unique.status, unique.failing_rows) == ("failed", 1)
    (failing,) = unique.failing
    assert (failing.period, failing.actual) == ("2024-03", 2)
    assert failing.detail == "firm F2: 2 rows for this firm and month"
    assert results["firm.stock_flow"].status == "passed"


def test_codes_negatives_and_attribute_changes(con, settings, fixtures, tmp_path):
    def edit(lines):
        out = []
        for ln in lines:
            ln = ln.replace("F1,2024-02,ITO,MA-06", "F1,2024-02,XXX,MA-06")
            ln = ln.replace("F2,2024-06,ITO,MA-04,27,2,1,2000", "F2,2024-06,ITO,MA-04,27,2,1,-5")
            ln = ln.replace("F4,2024-12,BPO,MA-04", "F4,2024-12,BPO,MA-07")
            out.append(ln)
        return out

    stage_firm_file(con, _edited(tmp_path, fixtures, edit), LOAD_ID)
    results = _by_rule(_check(con, settings))
    codes = results["firm.known_codes"]
    assert codes.failing_rows == 1 and codes.failing[0].detail == "firm F1: segment XXX"
    negative = results["firm.non_negative"]
    assert negative.failing_rows == 1
    assert negative.failing[0].detail == "firm F2: negative or missing: exports_mad"
    stable = results["firm.stable_attributes"]
    assert (stable.severity, stable.status) == ("warning", "failed")
    # F1 changes twice (ITO -> XXX -> ITO), F4 once.
    assert stable.failing_rows == 3
    assert [f.detail for f in stable.failing] == [
        "firm F1: ITO/MA-06 -> XXX/MA-06", "firm F1: XXX/MA-06 -> ITO/MA-06",
        "firm F4: BPO/MA-04 -> BPO/MA-07"]


def test_row_rules_name_rows_without_a_month_or_a_firm_and_a_failing_twin(
        con, settings, fixtures, tmp_path):
    # firm_flags reads a failing row again by its key for the details: a key may be NULL
    # (no firm id, a period that is not YYYY-MM), or shared by a twin that does not fail.
    def edit(lines):
        out = [ln.replace("F3,2024-05,", "F3,2024-5,")
               .replace("F5,2024-02,ESO,", "F5,2024-02, eso ,") for ln in lines]
        return out + ["F2,2024-03,ITO,MA-04,24,-1,1,2000,2025-02-14",
                      ",2024-01,ITO,MA-04,5,0,0,100,2025-02-14"]

    stage_firm_file(con, _edited(tmp_path, fixtures, edit), LOAD_ID)
    results = _by_rule(_check(con, settings))
    details = {rule: [f.detail for f in result.failing] for rule, result in results.items()}
    assert details["firm.known_codes"] == ["firm F3: period 2024-5", "firm -: firm_id missing"]
    assert details["firm.non_negative"] == ["firm F2: negative or missing: hires"]
    assert details["firm.unique_key"] == ["firm F2: 2 rows for this firm and month"]
    assert details["firm.gap"] == [
        "firm F3: 1 month(s) missing between 2024-04 and 2024-06, carried forward"]
    assert details["firm.stable_attributes"] == [] and details["firm.stock_flow"] == []
    assert [results[r].failing_rows for r in ("firm.known_codes", "firm.non_negative")] == [2, 1]


def test_failing_rows_are_capped_but_counted(con, settings, fixtures, tmp_path):
    def edit(lines):
        return [lines[0]] + [ln.replace(",2,1,", ",9,1,") for ln in lines[1:]]

    stage_firm_file(con, _edited(tmp_path, fixtures, edit), LOAD_ID)
    flow = _by_rule(_check(con, settings, cap=4))["firm.stock_flow"]
    assert flow.failing_rows == 5 * 13 and len(flow.failing) == 4
    assert flow.observed == "65 failing rows of 70 rows"


@pytest.mark.parametrize(("ending", "other", "names"), [
    (b"\r\n", b"\n", "ends with LF where the header ends with CRLF"),
    (b"\n", b"\r\n", "ends with CRLF where the header ends with LF"),
])
def test_mixed_line_endings_name_the_first_line_that_differs(con, fixtures, tmp_path,
                                                             ending, other, names):
    # DuckDB's strict reader refuses the file without a line number.
    lines = (fixtures / "five_firms.csv").read_bytes().splitlines()  # header + 70 rows
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"".join(ln + ending for ln in lines)
                     + b"F9,2024-01,ITO,MA-06,1,0,0,1,2025-02-14" + other)
    with pytest.raises(FirmFileError) as caught:
        stage_firm_file(con, path, LOAD_ID)
    assert caught.value.reason == (f"line 72: {names} (mixed line endings): save the file "
                                   "with one kind of line ending")


@pytest.mark.parametrize(("name", "fragment"), [
    ("ragged.csv", "line 3: Expected Number of Columns: 9 Found: 7"),
    ("non_numeric.csv", "line 3"),
])
def test_bad_file_raises_one_line_reason(con, fixtures, name, fragment):
    with pytest.raises(FirmFileError) as caught:
        stage_firm_file(con, fixtures / name, LOAD_ID)
    reason = caught.value.reason
    assert fragment in reason
    assert "\n" not in reason and "Traceback" not in reason and len(reason) < 300


def test_non_numeric_reason_names_the_column(con, fixtures):
    with pytest.raises(FirmFileError, match='"employees".*eleven'):
        stage_firm_file(con, fixtures / "non_numeric.csv", LOAD_ID)


def test_wrong_columns_and_empty_file(con, fixtures, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("firm_id,period,segment\nF1,2024-01,ITO\n")
    with pytest.raises(FirmFileError, match="missing columns region, employees"):
        stage_firm_file(con, wrong, LOAD_ID)
    empty = tmp_path / "empty.csv"
    empty.write_text((fixtures / "five_firms.csv").read_text().splitlines()[0] + "\n")
    with pytest.raises(FirmFileError, match="no declaration rows"):
        stage_firm_file(con, empty, LOAD_ID)


def test_columns_in_another_order_and_semicolons(con, settings, fixtures, tmp_path):
    lines = (fixtures / "five_firms.csv").read_text().splitlines()
    swapped = [";".join([c[1], c[0], *c[2:]]) for c in (ln.split(",") for ln in lines)]
    path = tmp_path / "swapped.csv"
    path.write_text("\n".join(swapped) + "\n")
    assert stage_firm_file(con, path, LOAD_ID) == 70
    assert all(r.status == "passed" for r in _check(con, settings).results)


def test_functions_leave_the_transaction_to_the_caller(con, settings, fixtures):
    con.begin()
    stage_firm_file(con, fixtures / "five_firms.csv", LOAD_ID)
    _check(con, settings)
    aggregate_firm_declarations(con, LOAD_ID, settings)
    con.rollback()
    for table in ("raw.firm_declarations", "core.release_values"):
        assert con.execute(f"select count(*) from {table}").fetchone()[0] == 0


def test_archived_name_without_extension_is_sniffed(con, fixtures, tmp_path):
    path = tmp_path / "0123abcd"
    shutil.copy(fixtures / "five_firms.csv", path)
    assert stage_firm_file(con, path, LOAD_ID) == 70


def test_parquet_with_text_employees_raises_one_line_reason(con, tmp_path):
    import duckdb

    path = tmp_path / "bad.parquet"
    duckdb.execute(
        f"copy (select 'F1' as firm_id, '2024-01' as period, 'ITO' as segment, "
        f"'MA-06' as region, 'ten' as employees, 1 as hires, 0 as separations, "
        f"10.0 as exports_mad, date '2025-02-14' as published_on) to '{path}' (format parquet)"
    )
    with pytest.raises(FirmFileError) as caught:
        stage_firm_file(con, path, LOAD_ID)
    assert "ten" in caught.value.reason and "\n" not in caught.value.reason
