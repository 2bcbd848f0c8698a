"""Property tests: a value or period written the French way parses back to itself
(fr_number, parse_period and unit conversion through staging)."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offshoring import warehouse
from offshoring.settings import load_settings

EXAMPLES = settings(max_examples=60, deadline=None)
SEPARATORS = st.sampled_from([" ", "\u00a0", "\u202f", ""])
UNITS = {"jobs": [("emplois", 1), ("postes", 1)],
         "exports_mad": [("MAD", 1), ("milliers de dirhams", 1_000), ("MDH", 10**6),
                         ("millions de dirhams", 10**6), ("Mds DH", 10**9),
                         ("milliards de dirhams", 10**9)]}


@pytest.fixture(scope="module")
def sql(tmp_path_factory):
    connection = duckdb.connect()
    warehouse.build(connection, load_settings(tmp_path_factory.mktemp("prop") / "wh"))
    yield connection
    connection.close()


def french(value: Decimal, separator: str) -> str:
    """-1234567.5 -> '-1 234 567,5' with the given thousands separator."""
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sign + separator.join(groups)
    return text + ("," + fraction if fraction else "")


decimals = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=3,
                       allow_nan=False, allow_infinity=False)


@EXAMPLES
@given(value=decimals, separator=SEPARATORS, pad=st.sampled_from(["", " "]))
def test_fr_number_round_trip(sql, value, separator, pad):
    text = pad + french(value, separator) + pad
    assert sql.execute("select fr_number(?)", [text]).fetchall()[0][0] == value


PERIOD_SPELLINGS = {
    "A": ["{y}"],
    "S": ["{y}-S{n}", "S{n} {y}", "H{n} {y}", "{y}-H{n}", "s{n} {y}", "{y} S{n}"],
    "Q": ["{y}-Q{n}", "T{n} {y}", "Q{n} {y}", "t{n}  {y}", "{y}/T{n}", "{y}-T{n}"],
    "M": ["{y}-{n:02d}", "{n:02d}/{y}", "{n}/{y}"],
}
CANONICAL = {"A": "{y}", "S": "{y}-S{n}", "Q": "{y}-Q{n}", "M": "{y}-{n:02d}"}
LIMIT = {"A": 1, "S": 2, "Q": 4, "M": 12}


@st.composite
def periods(draw):
    frequency = draw(st.sampled_from(sorted(PERIOD_SPELLINGS)))
    year = draw(st.integers(min_value=1990, max_value=2035))
    n = draw(st.integers(min_value=1, max_value=LIMIT[frequency]))
    spelling = draw(st.sampled_from(PERIOD_SPELLINGS[frequency]))
    return frequency, spelling.format(y=year, n=n), CANONICAL[frequency].format(y=year, n=n)


@EXAMPLES
@given(period=periods())
def test_parse_period_round_trip(sql, period):
    frequency, text, canonical = period
    got = sql.execute("select parse_period(?)", [text]).fetchall()[0][0]
    assert (got["frequency"], got["period"]) == (frequency, canonical)
    again = sql.execute("select parse_period(?)", [canonical]).fetchall()[0][0]
    assert again == got
    assert got["period_start"] <= got["period_end"]


@EXAMPLES
@given(indicator=st.sampled_from(sorted(UNITS)), data=st.data(), separator=SEPARATORS,
       value=st.decimals(min_value=0, max_value=Decimal("1e9"), places=3))
def test_unit_conversion_through_staging(sql, indicator, data, separator, value):
    unit, factor = data.draw(st.sampled_from(UNITS[indicator]))
    sql.execute("delete from raw.release_rows where load_id = -1")
    sql.execute("insert into raw.release_rows (load_id, row_number, indicator, period, "
                "segment, region, value, unit, source, published_on) values "
                "(-1, 1, ?, '2024', 'ALL', 'MA', ?, ?, 'MTNRA', '2025-03-14')",
                [indicator, french(value, separator), unit])
    got = sql.execute("select value, unit_convertible from staging.stg_release_rows "
                      "where load_id = -1").fetchall()
    assert got == [(float(value * factor), True)]
