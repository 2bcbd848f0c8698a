"""``indicator_timeseries`` in SDMX, the statistical agencies' exchange format (pysdmx).

Every publish writes, next to the Parquet marts in the same version folder:

- ``indicator_timeseries.sdmx.csv``: SDMX-CSV 2.0, one observation per key;
- ``indicator_timeseries.structure.xml``: the SDMX-ML 3.0 structure message, with the
  data structure definition, its dataflow, concept scheme and code lists.

Dimensions INDICATOR, FREQ, SEGMENT, REF_AREA (ISO 3166-2:MA), UNIT_MEASURE,
OBS_STATUS (A normal, P provisional: SDMX's CL_OBS_STATUS codes) and TIME_PERIOD;
measure OBS_VALUE (base units); attributes SOURCE (the publisher) and PUBLICATION_DATE.
Codes and names come from the seeds (sql/reports/sdmx_codes.sql); the observations are
the figures of ``marts.indicator_timeseries`` (``core.current``), the preferred source's
where several publishers give the same key (``core.preferred``;
sql/reports/sdmx_observations.sql). The structure message is written by pysdmx; the data
file by DuckDB, in the bytes pysdmx's own writer gives (tests/unit/test_sdmx.py compares
them), without formatting each cell in Python. The files are deterministic: the same data
give the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from offshoring import warehouse

AGENCY = "MA_OFFSHORING"
VERSION = "1.0"
DSD_ID = "DSD_OFFSHORING"
DATAFLOW_ID = "DF_OFFSHORING"
CONCEPT_SCHEME_ID = "CS_OFFSHORING"
DATA_FILE = "indicator_timeseries.sdmx.csv"
STRUCTURE_FILE = "indicator_timeseries.structure.xml"
# (id, name, code list or None, role): the order of the dimensions is the series key's.
DIMENSIONS = (
    ("INDICATOR", "Indicator", "CL_INDICATOR"),
    ("FREQ", "Frequency", "CL_FREQ"),
    ("SEGMENT", "Offshoring segment", "CL_SEGMENT"),
    ("REF_AREA", "Reference area (ISO 3166-2:MA)", "CL_AREA"),
    ("UNIT_MEASURE", "Unit of measure (base unit)", "CL_UNIT"),
    ("OBS_STATUS", "Observation status", "CL_OBS_STATUS"),
)
ATTRIBUTES = (("SOURCE", "Publisher (seeds/sources.csv)"),
              ("PUBLICATION_DATE", "Publication date of the figure"))
OBS_STATUS = (("A", "Normal value", "valeur définitive"),
              ("P", "Provisional value", "valeur provisoire"))
FIXED_PREPARED = datetime(2000, 1, 1, tzinfo=UTC)  # an empty warehouse


def write_sdmx(con, settings, folder: Path) -> tuple[Path, Path]:
    """Write the SDMX-CSV data and the structure message into ``folder``."""
    from pysdmx.io import write_sdmx as pysdmx_write
    from pysdmx.io.format import Format
    from pysdmx.model.message import Header

    structures = structure_artefacts(warehouse.query(con, settings, "reports/sdmx_codes.sql"))
    dsd = structures[-2]
    structure_path, data_path = folder / STRUCTURE_FILE, folder / DATA_FILE
    latest = _write_data(con, settings, data_path, [c.id for c in dsd.components])
    header = Header(id=f"{DATAFLOW_ID}_STRUCTURE", prepared=_prepared(latest), test=False)
    pysdmx_write(structures, Format.STRUCTURE_SDMX_ML_3_0, output_path=str(structure_path),
                 header=header)
    return data_path, structure_path


def _write_data(con, settings, path: Path, columns: list[str]) -> str | None:
    """The SDMX-CSV 2.0 data file, written by DuckDB (the same bytes as pysdmx's writer,
    which formats every cell in Python: 0.6 s for 53,000 observations); the latest
    publication date of the data (None when there are none)."""
    observations = warehouse.sql_text(settings, "reports/sdmx_observations.sql")
    latest = warehouse.query(con, settings, "reports/sdmx_latest.sql")[0]["latest"]
    fixed = (f"'dataflow' as \"STRUCTURE\", '{AGENCY}:{DATAFLOW_ID}({VERSION})' "
             "as \"STRUCTURE_ID\", 'I' as \"ACTION\"")
    cells = ", ".join(f'{c.lower()} as "{c}"' for c in columns)
    con.execute(f"copy (select {fixed}, {cells} from ({observations})) to "
                f"{warehouse.sql_literal(path)} (format csv, header, delimiter ',')")
    return latest


def structure_artefacts(codes: list[dict]) -> list:
    """Concept scheme, code lists, data structure definition and dataflow, in that order."""
    from pysdmx.model import (
        Code,
        Codelist,
        Component,
        Components,
        Concept,
        ConceptScheme,
        Dataflow,
        DataStructureDefinition,
        DataType,
        Role,
    )

    by_list: dict[str, list] = {"CL_OBS_STATUS": [Code(id=i, name=n, description=d)
                                                  for i, n, d in OBS_STATUS]}
    for row in codes:
        by_list.setdefault(row["codelist"], []).append(
            Code(id=row["code"], name=row["name"], description=row["description"]))
    codelists = {cl: Codelist(id=cl, agency=AGENCY, version=VERSION, name=cl, items=items)
                 for cl, items in sorted(by_list.items())}
    names = {**{d[0]: d[1] for d in DIMENSIONS}, **dict(ATTRIBUTES),
             "TIME_PERIOD": "Time period", "OBS_VALUE": "Observation value"}
    concepts = {cid: Concept(id=cid, name=name, urn=_concept_urn(cid))
                for cid, name in names.items()}
    scheme = ConceptScheme(id=CONCEPT_SCHEME_ID, agency=AGENCY, version=VERSION,
                           name="Offshoring statistics concepts", items=list(concepts.values()))
    components = [Component(id=cid, required=True, role=Role.DIMENSION, concept=concepts[cid],
                            local_codes=codelists[cl], local_dtype=DataType.STRING)
                  for cid, _, cl in DIMENSIONS]
    components.append(Component(id="TIME_PERIOD", required=True, role=Role.DIMENSION,
                                concept=concepts["TIME_PERIOD"],
                                local_dtype=DataType.PERIOD))
    components.append(Component(id="OBS_VALUE", required=True, role=Role.MEASURE,
                                concept=concepts["OBS_VALUE"], local_dtype=DataType.DOUBLE))
    components += [Component(id=cid, required=False, role=Role.ATTRIBUTE,
                             concept=concepts[cid], attachment_level="O",
                             local_dtype=DataType.DATE if cid.endswith("DATE")
                             else DataType.STRING)
                   for cid, _ in ATTRIBUTES]
    dsd = DataStructureDefinition(id=DSD_ID, agency=AGENCY, version=VERSION,
                                  name="Morocco offshoring sector statistics",
                                  components=Components(components))
    dataflow = Dataflow(id=DATAFLOW_ID, agency=AGENCY, version=VERSION,
                        name="Offshoring indicators (indicator_timeseries)", structure=dsd)
    return [scheme, *codelists.values(), dsd, dataflow]


def _concept_urn(concept_id: str) -> str:
    return ("urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept="
            f"{AGENCY}:{CONCEPT_SCHEME_ID}({VERSION}).{concept_id}")


def _prepared(latest: str | None) -> datetime:
    """The latest publication date of the data (midnight UTC): a fixed, meaningful stamp."""
    if latest is None:
        return FIXED_PREPARED
    return datetime.fromisoformat(latest).replace(tzinfo=UTC)
