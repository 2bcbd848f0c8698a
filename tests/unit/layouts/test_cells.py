"""Cell forms: numbers in French typography, negatives in parentheses, missing marks
(never zero), footnote marks, provisional marks, percentages."""

from __future__ import annotations

import polars as pl
import pytest

from offshoring.layouts.cells import cell_columns, without_marks

# text -> (number, missing, provisional, percent)
CASES = [
    ("148 500", "148500", False, False, False),
    ("148\u00a0500", "148500", False, False, False),
    ("148\u202f500", "148500", False, False, False),
    ("26,2", "26,2", False, False, False),
    ("1 234,5", "1234,5", False, False, False),
    ("(1 200)", "-1200", False, False, False),
    ("\u22123", "-3", False, False, False),
    ("-", None, True, False, False),
    ("–", None, True, False, False),
    ("—", None, True, False, False),
    ("n.d.", None, True, False, False),
    ("N.D.", None, True, False, False),
    ("…", None, True, False, False),
    ("...", None, True, False, False),
    ("", None, True, False, False),
    ("148 500*", "148500", False, False, False),
    ("26,2 (p)", "26,2", False, True, False),
    ("13,4⁽¹⁾", "13,4", False, False, False),
    ("13,4¹", "13,4", False, False, False),
    ("148 500 (1)", "148500", False, False, False),
    ("2 814 provisoire", "2814", False, True, False),
    ("9 797 (prov.)", "9797", False, True, False),
    ("12,5 %", None, False, False, True),
    ("0.30000000000000004", "0.300000000000", False, False, False),
    ("abc", None, False, False, False),
    ("12,3,4", None, False, False, False),
]


@pytest.mark.parametrize(("text", "number", "missing", "provisional", "percent"), CASES,
                         ids=[c[0] or "empty" for c in CASES])
def test_cell_form(text, number, missing, provisional, percent):
    row = pl.DataFrame({"text": [text]}).with_columns(cell_columns()).row(0, named=True)
    assert (row["number"], row["missing"], row["provisional"], row["percent"]) == (
        number, missing, provisional, percent)


def test_missing_cell_is_never_zero():
    frame = pl.DataFrame({"text": ["-", "–", "n.d.", "…"]}).with_columns(cell_columns())
    assert frame["number"].to_list() == [None, None, None, None]
    assert frame["missing"].all()


def test_headers_lose_the_same_marks():
    headers = pl.Series(["2024 (p)", "2024*", "T1 2024⁽²⁾", "2023 provisoire"])
    assert headers.to_frame("h").select(without_marks(pl.col("h")))["h"].to_list() == [
        "2024", "2024", "T1 2024", "2023"]
