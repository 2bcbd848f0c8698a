"""The pipeline glue: one call per file, results in the quality module's shapes."""

from __future__ import annotations

from offshoring.firms.outcome import content_checksum, process_firm_file, to_validation_outcome


def test_process_and_convert(con, fixtures, tmp_path):
    lines = (fixtures / "five_firms.csv").read_text().splitlines()
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(
        ln.replace("F3,2024-05,CRM,MA-06,36,2,1", "F3,2024-05,CRM,MA-06,36,5,1") for ln in lines
    ) + "\n")
    load = process_firm_file(con, broken, 3)
    assert load.rejected and load.values_inserted == 0 and load.rows == 70
    outcome = to_validation_outcome(load.results)
    assert outcome.rejected
    assert outcome.reasons() == [
        "firm.stock_flow (error): Firm-level stock-flow identity between consecutive months "
        "of a firm.: 1 row, e.g. 2024-05 CRM MA-06 expected 39 got 36 (firm F3: residual -3)"
    ]
    good = process_firm_file(con, fixtures / "five_firms.csv", 4)
    assert not good.rejected and good.values_inserted == 988


def test_content_checksum_ignores_row_order(con, fixtures, tmp_path):
    lines = (fixtures / "five_firms.csv").read_text().splitlines()
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n")
    process_firm_file(con, fixtures / "five_firms.csv", 1, aggregate=False)
    process_firm_file(con, shuffled, 2, aggregate=False)
    assert content_checksum(con, 1) == content_checksum(con, 2)
