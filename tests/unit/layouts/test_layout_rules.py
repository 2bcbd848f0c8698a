"""What a layout declares, and the one line a table or a layout that does not fit gets."""

from __future__ import annotations

import pytest
import xlsxwriter

from offshoring import layouts
from offshoring.layouts import LayoutError
from offshoring.limits import MB, Limits
from tests.support.layout_tables import reshaped, write_layout, write_table

TITLE = "Recettes par segment (en millions de DH)"
SEGMENTS = """\
description: exports by segment
source: ODC
match: {file_name: ["segments*.csv"]}
header_rows: 3
label_column: A
rows: segment
indicator: exports_mad
region: MA
unit: {from: title}
published_on: {from: cell, cell: A2}
"""
CUMULATED = """\
description: cumulated since January
source: ODC
match: {file_name: ["cumul*.csv"]}
header_rows: 3
label_column: A
rows: indicator
segment: ALL
region: MA
published_on: 2025-07-31
cumulated: monthly
"""


@pytest.fixture
def folder(tmp_path):
    return tmp_path


@pytest.fixture
def lsettings(settings, folder):
    return settings.with_overrides(layouts=folder / "layouts")


def _table(folder, name, header, *rows, title=TITLE, published="Publié le 14/03/2025"):
    return write_table(folder, name, [title, published, header, *rows])


def _error(con, settings, path) -> str:
    with pytest.raises(LayoutError) as caught:
        reshaped(con, settings, path)
    return str(caught.value)


def test_label_naming_no_code_gives_the_closest_known_label(con, lsettings, folder):
    write_layout(folder / "layouts", "segments.yaml", SEGMENTS)
    path = _table(folder, "segments_2024.csv", "Segment;2024", "ITO;10 578",
                  "Centres d'apels;9 797")
    assert _error(con, lsettings, path) == (
        "layout segments: row 5 (cell A5): label \"Centres d'apels\" maps to no segment "
        "code; closest known label: \"Centres d'appels\" (CRM); add the spelling to the "
        "layout's labels or to the aliases in seeds/")


def test_labels_with_abbreviations_accents_and_layout_spellings(con, lsettings, folder):
    write_layout(folder / "layouts", "segments.yaml",
                 SEGMENTS + "labels:\n  Offshoring total: ALL\n")
    path = _table(folder, "segments_2024.csv", "Segment;2024",
                  "Centres d'appels / CRM;9 797", "Ingénierie (ESO);3 462",
                  "Ingenierie;1", "Offshoring total;26 220")
    assert [(r["segment"], r["value"]) for r in reshaped(con, lsettings, path)] == [
        ("CRM", "9797"), ("ESO", "3462"), ("ESO", "1"), ("ALL", "26220")]


def test_header_that_is_not_a_period(con, lsettings, folder):
    write_layout(folder / "layouts", "segments.yaml", SEGMENTS)
    path = _table(folder, "segments_2024.csv", "Segment;2024;Total 2019-2024", "ITO;1;2")
    assert _error(con, lsettings, path) == (
        "layout segments: column C (row 3): 'Total 2019-2024' is not a period (expected one "
        "of: 2024, janv. 2024, T1 2024, 1er trimestre 2024, S1 2024, janv.-juin 2025, à fin "
        "juin 2025); list it in the layout's ignore_columns if it holds no figures")


def test_ignored_variation_and_percentage_columns(con, lsettings, folder):
    write_layout(folder / "layouts", "segments.yaml",
                 SEGMENTS + 'ignore_columns: ["Var.", "%"]\n')
    path = _table(folder, "segments_2024.csv", "Segment;2023;2024;Var. 24/23;Part (%)",
                  "ITO;10 400;10 578;1,7;40,3 %")
    assert [(r["period"], r["value"]) for r in reshaped(con, lsettings, path)] == [
        ("2023", "10400"), ("2024", "10578")]


def test_percentage_in_a_figure_column(con, lsettings, folder):
    write_layout(folder / "layouts", "segments.yaml", SEGMENTS)
    path = _table(folder, "segments_2024.csv", "Segment;2024", "ITO;40,3 %")
    assert _error(con, lsettings, path) == ("layout segments: cell B4 '40,3 %' is a "
                                            "percentage; list its column in the layout's "
                                            "ignore_columns")


def test_cell_that_is_not_a_number(con, lsettings, folder):
    write_layout(folder / "layouts", "segments.yaml", SEGMENTS)
    path = _table(folder, "segments_2024.csv", "Segment;2024", "ITO;environ 10 000")
    assert _error(con, lsettings, path) == (
        "layout segments: cell B4 'environ 10 000' is not a number (nor a missing mark: -, "
        "–, n.d., …)")


def test_no_layout_matches_lists_the_layouts_tried(con, lsettings, folder):
    write_layout(folder / "layouts", "segments.yaml", SEGMENTS)
    write_layout(folder / "layouts", "regions.yaml", SEGMENTS.replace(
        'match: {file_name: ["segments*.csv"]}',
        'match: {signature: ["Emplois par région"]}'))
    path = _table(folder, "tableau.csv", "Segment;2024", "ITO;1")
    assert layouts.claims(path)
    assert _error(con, lsettings, path) == (
        "no layout matches this table (its first row names no release column either); "
        "layouts tried: regions (signature 'Emplois par région' not found); segments (file "
        "name not segments*.csv)")


def test_two_layouts_matching_equally(con, lsettings, folder):
    write_layout(folder / "layouts", "a.yaml", SEGMENTS)
    write_layout(folder / "layouts", "b.yaml", SEGMENTS)
    path = _table(folder, "segments_2024.csv", "Segment;2024", "ITO;1")
    assert _error(con, lsettings, path) == (
        "several layouts match this table equally: a, b; make their file names or "
        "signatures distinct")


@pytest.mark.parametrize(("text", "line"), [
    (SEGMENTS.replace("header_rows: 3", "header_rows: three"),
     "layout bad.yaml does not validate: header_rows: 'three' is not valid under any of "
     "the given schemas"),
    (SEGMENTS.replace("rows: segment", "rows: secteur"),
     "layout bad.yaml does not validate: rows: 'secteur' is not one of ['indicator', "
     "'segment', 'region']"),
    (SEGMENTS.replace("source: ODC\n", ""),
     "layout bad.yaml does not validate: the document: 'source' is a required property"),
    (SEGMENTS + "colour: red\n",
     "layout bad.yaml does not validate: the document: Additional properties are not "
     "allowed ('colour' was unexpected)"),
    ("match: [unclosed\n", "layout bad.yaml is not valid YAML: while parsing a flow "
     "sequence"),
])
def test_layout_file_that_does_not_validate(con, lsettings, folder, text, line):
    write_layout(folder / "layouts", "bad.yaml", text)
    path = _table(folder, "segments_2024.csv", "Segment;2024", "ITO;1")
    assert _error(con, lsettings, path) == line


def test_decreasing_cumulation_is_an_error(con, lsettings, folder):
    write_layout(folder / "layouts", "cumul.yaml", CUMULATED)
    path = _table(folder, "cumul_2025.csv", "Libellé;janv. 2025;janv.-févr. 2025;à fin mars 2025",
                  "Recettes d'exportation de services;2 000;3 000;2 900")
    assert _error(con, lsettings, path) == (
        "layout cumul: exports_mad ALL MA 2025: the cumulation since January decreases from "
        "3000 ('janv.-févr. 2025', cell C4) to 2900 ('à fin mars 2025', cell D4)")


def test_stock_in_a_cumulated_table_is_never_differenced(con, lsettings, folder):
    write_layout(folder / "layouts", "cumul.yaml", CUMULATED)
    path = _table(folder, "cumul_2025.csv", "Libellé;janv. 2025;à fin février 2025",
                  "Recettes d'exportation de services;2 000;4 100",
                  "Emplois stables;150 000;151 200")
    rows = {(r["indicator"], r["period"]): r["value"] for r in reshaped(con, lsettings, path)}
    assert rows == {("exports_mad", "2025-01"): "2000", ("exports_mad", "2025-02"): "2100",
                    ("jobs", "2025-01"): "150000", ("jobs", "2025-02"): "151200"}


def test_missing_cumulation_leaves_both_months_missing(con, lsettings, folder):
    write_layout(folder / "layouts", "cumul.yaml", CUMULATED)
    path = _table(folder, "cumul_2025.csv",
                  "Libellé;janv. 2025;janv.-févr. 2025;janv.-mars 2025;janv.-avr. 2025",
                  "Recettes d'exportation de services;2 000;n.d.;6 300;8 400")
    rows = {r["period"]: r["value"] for r in reshaped(con, lsettings, path)}
    # February (needs Feb) and March (needs Feb) are unknown; Q1 is the March cumulation.
    assert rows == {"2025-01": "2000", "2025-04": "2100", "2025-Q1": "6300"}


def test_quarterly_cumulation(con, lsettings, folder):
    write_layout(folder / "layouts", "cumul.yaml",
                 CUMULATED.replace("cumulated: monthly", "cumulated: quarterly"))
    path = _table(folder, "cumul_2024.csv",
                  "Libellé;T1 2024;S1 2024;janv.-sept. 2024;2024",
                  "Recettes d'exportation de services;6 350;12 900;19 550;26 220")
    rows = {r["period"]: r["value"] for r in reshaped(con, lsettings, path)}
    assert rows == {"2024-Q1": "6350", "2024-Q2": "6550", "2024-Q3": "6650",
                    "2024-Q4": "6670", "2024-S1": "12900", "2024-S2": "13320",
                    "2024": "26220"}


def test_two_header_rows_carry_the_year_over_merged_cells(con, lsettings, folder):
    write_layout(folder / "layouts", "segments.yaml",
                 SEGMENTS.replace("header_rows: 3", "header_rows: [3, 4]"))
    path = write_table(folder, "segments_2024.csv", [
        TITLE, "Publié le 14 mars 2025", "Segment;2024;;2025", ";janv.;févr.;janv.",
        "CRM;800;810;820"])
    rows = reshaped(con, lsettings, path)
    assert [(r["period"], r["value"]) for r in rows] == [
        ("2024-01", "800"), ("2024-02", "810"), ("2025-01", "820")]
    assert {r["published_on"] for r in rows} == {"2025-03-14"}


def test_given_unit_and_date_and_unit_not_found(con, lsettings, folder):
    write_layout(folder / "layouts", "segments.yaml", SEGMENTS.replace(
        "unit: {from: title}", "unit: Mds DH").replace(
        "published_on: {from: cell, cell: A2}", "published_on: 2025-03-14"))
    path = _table(folder, "segments_2024.csv", "Segment;2024", "ITO;10,578")
    assert [(r["unit"], r["published_on"], r["value"])
            for r in reshaped(con, lsettings, path)] == [("Mds DH", "2025-03-14", "10,578")]
    write_layout(folder / "layouts", "segments.yaml", SEGMENTS)
    path = _table(folder, "segments_2025.csv", "Segment;2024", "ITO;1", title="Recettes")
    assert _error(con, lsettings, path) == (
        "layout segments: no unit found in the title 'Recettes Publié le 14/03/2025' "
        "(pattern '\\\\(\\\\s*en\\\\s+([^)]+?)\\\\s*\\\\)')")


def test_a_long_release_is_left_to_the_release_reader(folder):
    path = write_table(folder, "release.csv", [
        "indicateur;période;segment;région;valeur;source;date_publication",
        "jobs;2024;ALL;MA;148 500;MTNRA;14/03/2025"])
    assert not layouts.claims(path)
    assert not layouts.claims(folder / "missing.csv")


def test_a_table_past_the_reading_limits_is_left_to_the_release_reader(folder):
    """The release reader refuses it with the limit's line; the layouts never open it."""
    path = write_table(folder, "segments_2024.csv", [TITLE, "Publié le 14/03/2025",
                                                     "Segment;2024", "ITO;10 578"])
    assert layouts.claims(path, Limits())
    assert not layouts.claims(path, Limits(max_file_mb=path.stat().st_size / MB / 2))


def test_a_workbook_with_a_release_sheet_after_a_note_is_a_release(folder):
    book = xlsxwriter.Workbook(str(folder / "note.xlsx"))
    book.add_worksheet("Notes").write(0, 0, "Source : note de conjoncture")
    sheet = book.add_worksheet("Emploi")
    for col, cell in enumerate(["indicator", "period", "segment", "region", "value",
                                "unit", "source", "published_on"]):
        sheet.write(0, col, cell)
    book.close()
    assert not layouts.claims(folder / "note.xlsx")
