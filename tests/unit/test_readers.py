"""Release readers: every accepted format to canonical text rows; clear rejections."""

import json

import pytest
import xlsxwriter

from offshoring.readers import RejectedFile, read_release

HEADER_EN = "indicator,period,segment,region,value,unit,source,published_on,status"
ROW_EN = "jobs,2024,ALL,MA,148500,emplois,MTNRA,2025-03-14,final"
EXPECTED_ROW = ("jobs", "2024", "ALL", "MA", "148500", "MTNRA", "2025-03-14", "emplois",
                "final", None, None)


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_csv_comma(tmp_path):
    table = read_release(_write(tmp_path, "a.csv", f"{HEADER_EN}\n{ROW_EN}\n"))
    assert table.rows == [EXPECTED_ROW]


def test_csv_semicolon_bom_french_headers(tmp_path):
    text = ("\ufeffindicateur;période;segment;région;valeur;unité;source;date_publication;"
            "statut\r\njobs;2024;ALL;Maroc;148\u202f500;emplois;MTNRA;14/03/2025;définitif\r\n")
    table = read_release(_write(tmp_path, "a.csv", text))
    assert table.rows == [("jobs", "2024", "ALL", "Maroc", "148\u202f500", "MTNRA",
                           "14/03/2025", "emplois", "définitif", None, None)]


def test_json_records(tmp_path):
    records = [{"indicator": "jobs", "period": "2024", "segment": "ALL", "region": "MA",
                "value": 148500, "unit": "emplois", "source": "MTNRA",
                "published_on": "2025-03-14", "status": "final"}]
    table = read_release(_write(tmp_path, "a.json", json.dumps(records)))
    assert table.rows == [EXPECTED_ROW]


def test_xlsx(tmp_path):
    path = tmp_path / "a.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER_EN.split(","))
    sheet.write_row(1, 0, ["jobs", "2024", "ALL", "MA", 148500, "emplois", "MTNRA",
                           "2025-03-14", "final"])
    book.close()
    assert read_release(path).rows == [EXPECTED_ROW]


@pytest.mark.parametrize(("name", "data", "rule", "reason"), [
    ("empty.csv", b"", "format.file_readable", "the file is empty"),
    ("bin.csv", b"\x00\x01\x02PK\x00", "format.file_readable",
     "binary content, not a text file"),
    ("latin1.csv", f"{HEADER_EN}\njobs,2024,ALL,Fès,1,emplois,MTNRA,2025-03-14,final\n"
     .encode("latin-1"), "format.file_readable",
     f"not UTF-8 text (byte 0xE8 at offset {len(HEADER_EN) + 1 + len('jobs,2024,ALL,F')}); "
     "save the file as UTF-8"),
    ("ragged.csv", f"{HEADER_EN}\n{ROW_EN}\njobs,2023,ALL\n", "format.file_readable",
     "line 3 has 3 fields, the header has 9 (truncated or ragged CSV)"),
    ("unknown.csv", "indicator,period,segment,region,value,source,published_on,colour\n"
     "jobs,2024,ALL,MA,1,MTNRA,2025-01-01,red\n", "format.required_columns",
     "unknown header(s) 'colour'"),
    ("missing.csv", "indicator,period,segment,region,source,published_on\n"
     "jobs,2024,ALL,MA,MTNRA,2025-01-01\n", "format.required_columns",
     "missing column(s) value"),
    ("object.json", b'{"indicator": "jobs"}', "format.file_readable",
     "JSON must be a list of records (objects)"),
    ("bad.json", b'[{"indicator": ', "format.file_readable",
     "malformed JSON: Expecting value at line 1 column 16"),
    ("bad.xlsx", b"PK\x03\x04 not really a workbook", "format.file_readable", None),
    ("data.parquet", b"PAR1", "format.file_readable", None),
])
def test_rejections_have_one_line_reasons(tmp_path, name, data, rule, reason):
    with pytest.raises(RejectedFile) as caught:
        read_release(_write(tmp_path, name, data))
    assert caught.value.rule_id == rule
    assert "\n" not in caught.value.reason
    if reason is not None:
        assert caught.value.reason == reason
