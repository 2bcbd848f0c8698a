"""What the pipeline records for a firm file besides its rule results."""

from __future__ import annotations

from offshoring.firms import stage_firm_file
from offshoring.firms.outcome import content_checksum


def test_content_checksum_ignores_row_order(con, settings, fixtures, tmp_path):
    lines = (fixtures / "five_firms.csv").read_text().splitlines()
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n")
    stage_firm_file(con, fixtures / "five_firms.csv", 1)
    stage_firm_file(con, shuffled, 2)
    assert content_checksum(con, 1, settings) == content_checksum(con, 2, settings)
    edited = tmp_path / "edited.csv"
    edited.write_text("\n".join([lines[0], lines[1].replace(",10,", ",11,"), *lines[2:]])
                      + "\n")
    stage_firm_file(con, edited, 3)
    assert content_checksum(con, 3, settings) != content_checksum(con, 1, settings)
