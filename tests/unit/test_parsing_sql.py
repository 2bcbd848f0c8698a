"""The SQL parsing macros (sql/macros/parsing.sql) on French-formatted inputs."""

import datetime as dt
from decimal import Decimal

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("148 500", Decimal("148500")),
    ("148\u00a0500", Decimal("148500")),
    ("148\u202f500", Decimal("148500")),
    ("26,2", Decimal("26.2")),
    ("1 234,5", Decimal("1234.5")),
    ("-1 500", Decimal("-1500")),
    ("12.5", Decimal("12.5")),
    (" 7 ", Decimal("7")),
    ("0,048", Decimal("0.048")),
])
def test_fr_number_parses(con, text, expected):
    assert con.execute("select fr_number(?)", [text]).fetchall()[0][0] == expected


@pytest.mark.parametrize("text", ["12,3,4", "1e400", "1 234.5,6", "abc", "", "12,", "1,234.5"])
def test_fr_number_refuses(con, text):
    assert con.execute("select fr_number(?)", [text]).fetchall()[0][0] is None


@pytest.mark.parametrize(("text", "frequency", "period", "start", "end"), [
    ("2024", "A", "2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ("2024-S1", "S", "2024-S1", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
    ("S2 2024", "S", "2024-S2", dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
    ("2024-Q3", "Q", "2024-Q3", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
    ("T3 2024", "Q", "2024-Q3", dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
    ("t1 2023", "Q", "2023-Q1", dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
    ("2024-09", "M", "2024-09", dt.date(2024, 9, 1), dt.date(2024, 9, 30)),
    ("02/2024", "M", "2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
])
def test_parse_period(con, text, frequency, period, start, end):
    got = con.execute("select parse_period(?)", [text]).fetchall()[0][0]
    assert got == {"frequency": frequency, "period": period, "period_start": start,
                   "period_end": end}


@pytest.mark.parametrize("text", ["2024-13", "2024-Q5", "T0 2024", "24", "2024/2025", "Q3"])
def test_parse_period_refuses(con, text):
    assert con.execute("select parse_period(?).period", [text]).fetchall()[0][0] is None


@pytest.mark.parametrize(("indicator", "value", "unit", "expected"), [
    ("jobs", "148 500", "emplois", 148500.0),
    ("exports_mad", "26,2", "milliards de dirhams", 26_200_000_000.0),
    ("exports_mad", "26,2", "Mds DH", 26_200_000_000.0),
    ("exports_mad", "26,2", "MMDH", 26_200_000_000.0),
    ("exports_mad", "2 183,4", "millions de dirhams", 2_183_400_000.0),
    ("exports_mad", "2183,4", "MDH", 2_183_400_000.0),
    ("exports_mad", "1 000", "MAD", 1000.0),
    ("companies", "1 200", "entreprises", 1200.0),
    ("jobs", "10", None, 10.0),
])
def test_staging_converts_units(con, indicator, value, unit, expected):
    con.execute("insert into raw.release_rows (load_id, row_number, indicator, period, "
                "segment, region, value, unit, source, published_on) values "
                "(1, 1, ?, '2024', 'ALL', 'MA', ?, ?, 'ODC', '2025-01-31')",
                [indicator, value, unit])
    got = con.execute("select value, unit_convertible from staging.stg_release_rows").fetchall()
    assert got == [(expected, True)]


def test_staging_refuses_a_unit_of_another_kind(con):
    con.execute("insert into raw.release_rows (load_id, row_number, indicator, period, "
                "segment, region, value, unit, source, published_on) values "
                "(1, 1, 'jobs', '2024', 'ALL', 'MA', '5', 'MDH', 'ODC', '2025-01-31')")
    assert con.execute("select value, unit_convertible from staging.stg_release_rows"
                       ).fetchall() == [(None, False)]


@pytest.mark.parametrize(("segment", "region", "codes"), [
    ("ITO", "MA-06", ("ITO", "MA-06")),
    ("Relation client", "Casablanca-Settat", ("CRM", "MA-06")),
    ("ALL", "Tanger-Tétouan-Al Hoceïma", ("ALL", "MA-01")),
    ("Total", "Tanger-Tetouan-Al Hoceima", ("ALL", "MA-01")),
    ("eso", "L'Oriental", ("ESO", "MA-02")),
    ("KPO", "Fes-Meknes", ("KPO", "MA-03")),
    ("BPO", "Laayoune-Sakia El Hamra", ("BPO", "MA-11")),
    ("ALL", "Maroc", ("ALL", "MA")),
])
def test_staging_codes_by_code_or_name(con, segment, region, codes):
    con.execute("insert into raw.release_rows (load_id, row_number, indicator, period, "
                "segment, region, value, source, published_on) values "
                "(1, 1, 'Emplois stables', '2024', ?, ?, '1', 'Office des Changes', "
                "'14/03/2025')", [segment, region])
    got = con.execute("select indicator, segment, region, source, published_on "
                      "from staging.stg_release_rows").fetchall()
    assert got == [("jobs", *codes, "ODC", dt.date(2025, 3, 14))]
