"""indicator_timeseries as SDMX-CSV 2.0 with its structure, read back with pysdmx."""

from __future__ import annotations

from pysdmx.io import get_datasets, read_sdmx
from pysdmx.model import DataStructureDefinition, Role

from offshoring import warehouse
from offshoring.sdmx import write_sdmx
from tests.support.layers import load_release


def _load(con, settings):
    load_release(con, settings, [
        {"indicator": "exports_mad", "period": "2025-S1", "value": "13,4", "unit": "Mds DH",
         "source": "ODC", "status": "provisoire", "published_on": "2025-07-31"},
        {"indicator": "jobs", "period": "2024", "region": "Casablanca-Settat",
         "value": "78 800"},
        {"indicator": "jobs", "period": "2024", "value": "148 500"},
    ])
    # The same national figure from a publisher of lower priority (seeds/sources.csv).
    load_release(con, settings, [{"indicator": "jobs", "period": "2024", "value": "148 000",
                                  "source": "AMDIE"}])


def test_sdmx_csv_and_structure_read_back(con, settings, tmp_path):
    _load(con, settings)
    data_path, structure_path = write_sdmx(con, settings, tmp_path)

    message = read_sdmx(str(structure_path))
    dsd = next(s for s in message.structures if isinstance(s, DataStructureDefinition))
    roles = {c.id: c.role for c in dsd.components}
    assert [c for c, r in roles.items() if r == Role.DIMENSION] == [
        "INDICATOR", "FREQ", "SEGMENT", "REF_AREA", "UNIT_MEASURE", "OBS_STATUS",
        "TIME_PERIOD"]
    assert [c for c, r in roles.items() if r == Role.ATTRIBUTE] == ["SOURCE",
                                                                      "PUBLICATION_DATE"]
    assert [c for c, r in roles.items() if r == Role.MEASURE] == ["OBS_VALUE"]
    area = next(c for c in dsd.components if c.id == "REF_AREA").local_codes
    assert [code.id for code in area.items] == ["MA", *(f"MA-{n:02d}" for n in range(1, 13))]
    assert next(code for code in area.items if code.id == "MA-06").description == \
        "Casablanca-Settat"

    # prepared: the latest publication date of the data (reports/sdmx_latest.sql)
    assert "2025-07-31" in structure_path.read_text(encoding="utf-8")
    assert "2025-07-31" == max(row["publication_date"] for row in warehouse.query(
        con, settings, "reports/sdmx_observations.sql"))

    dataset, = get_datasets(str(data_path), str(structure_path))
    assert dataset.structure.short_urn == "Dataflow=MA_OFFSHORING:DF_OFFSHORING(1.0)"
    rows = sorted(dataset.data.astype(str).itertuples(index=False, name=None))
    assert rows == [
        ("exports_mad", "S", "ALL", "MA", "MAD", "P", "2025-S1", "13400000000.0", "ODC",
         "2025-07-31"),
        ("jobs", "A", "ALL", "MA", "jobs", "A", "2024", "148500.0", "MTNRA", "2025-03-14"),
        ("jobs", "A", "ALL", "MA-06", "jobs", "A", "2024", "78800.0", "MTNRA", "2025-03-14"),
    ]
    assert data_path.read_text(encoding="utf-8").splitlines()[0] == (
        "STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,FREQ,SEGMENT,REF_AREA,UNIT_MEASURE,"
        "OBS_STATUS,TIME_PERIOD,OBS_VALUE,SOURCE,PUBLICATION_DATE")


def test_same_data_same_bytes(con, settings, tmp_path):
    _load(con, settings)
    written = []
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        written.append([p.read_bytes() for p in write_sdmx(con, settings, tmp_path / name)])
    assert written[0] == written[1]


def _pysdmx_data_file(con, settings, path) -> bytes:
    """The data file as pysdmx's own writer gives it (the reference for DuckDB's COPY)."""
    import pandas as pd
    from pysdmx.io import write_sdmx as pysdmx_write
    from pysdmx.io.format import Format
    from pysdmx.io.pd import PandasDataset
    from pysdmx.model import Schema

    from offshoring import sdmx, warehouse

    dsd, dataflow = sdmx.structure_artefacts(
        warehouse.query(con, settings, "reports/sdmx_codes.sql"))[-2:]
    columns = [c.id for c in dsd.components]
    rows = warehouse.query(con, settings, "reports/sdmx_observations.sql")
    data = pd.DataFrame(rows, columns=[c.lower() for c in columns])
    data.columns = columns
    schema = Schema(context="dataflow", agency=sdmx.AGENCY, id=dataflow.id,
                    version=sdmx.VERSION, components=dsd.components, name=dataflow.name)
    pysdmx_write(PandasDataset(structure=schema, data=data), Format.DATA_SDMX_CSV_2_0_0,
                 output_path=str(path))
    return path.read_bytes()


def test_data_file_has_the_bytes_of_pysdmx_writer(con, settings, tmp_path):
    _load(con, settings)
    # Values of every shape: large, fractional, a unit slip's tiny share.
    load_release(con, settings, [
        {"indicator": "exports_mad", "period": "2023", "value": "1234567,891", "unit": "MAD"},
        {"indicator": "jobs", "period": "2023-Q4", "value": "0,5"},
        {"indicator": "jobs", "period": "2023", "region": "MA-01", "value": "12 345 678"},
    ], file_name="second.csv")
    data_path, _ = write_sdmx(con, settings, tmp_path)
    expected = _pysdmx_data_file(con, settings, tmp_path / "pysdmx.csv")
    assert data_path.read_bytes() == expected
    assert len(expected.splitlines()) == 1 + 6


def test_no_observations_header_only(con, settings, tmp_path):
    data_path, structure_path = write_sdmx(con, settings, tmp_path)
    assert data_path.read_bytes() == _pysdmx_data_file(con, settings, tmp_path / "p.csv")
    assert data_path.read_text(encoding="utf-8").count("\n") == 1
    assert "2000-01-01" in structure_path.read_text(encoding="utf-8")  # FIXED_PREPARED
