"""Bad layouts and mismatches: one line naming the problem, exit code 3 as for any
rejected release, the file kept byte for byte in quarantine, nothing loaded from it."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from offshoring.pipeline import run_pipeline
from tests.support import cli
from tests.support.layout_tables import ANNUAL_SEGMENTS, write_table
from tests.support.state import CORE_TABLES, warehouse_state

REGIONS_TITLE = "Emplois stables dans le secteur de l'offshoring par région"
MONTHLY_TITLE = ("Recettes des services d'offshoring, cumul depuis janvier "
                 "(en millions de DH)")
# file name, lines, the one-line reason after "REJECTED <name>: format.layout (error): "
CASES = [
    ("emplois_regions.csv",
     [REGIONS_TITLE, "MTNRA, mise à jour du 30 avril 2025", "", "Région;2024",
      "Emplois stables", "Casablanca-Setat;78 800"],
     "layout mtnra_jobs_by_region: row 6 (cell A6): label 'Casablanca-Setat' maps to no "
     "region code; closest known label: 'Casablanca-Settat' (MA-06); add the spelling to "
     "the layout's labels or to the aliases in seeds/"),
    ("cumul_mensuel.csv",
     [MONTHLY_TITLE, "", "", "Libellé;janv. 2025;Total 2025",
      "Recettes d'exportation de services;2 180;2 180", "", "Date de publication : 31/07/2025"],
     "layout odc_exports_monthly_cumulated: column C (row 4): 'Total 2025' is not a period "
     "(expected one of: 2024, janv. 2024, T1 2024, 1er trimestre 2024, S1 2024, janv.-juin "
     "2025, à fin juin 2025); list it in the layout's ignore_columns if it holds no figures"),
    ("cumul_en_baisse.csv",
     [MONTHLY_TITLE, "", "", "Libellé;janv. 2025;janv.-févr. 2025;à fin mars 2025",
      "Recettes d'exportation de services;2 180;4 320;4 300", "",
      "Date de publication : 31/07/2025"],
     "layout odc_exports_monthly_cumulated: exports_mad ALL MA 2025: the cumulation since "
     "January decreases from 4320 ('janv.-févr. 2025', cell C5) to 4300 ('à fin mars "
     "2025', cell D5)"),
    ("tableau_inconnu.csv",
     ["Chiffres clés du secteur", "", "Segment;2024", "ITO;10 578"],
     "no layout matches this table (its first row names no release column either); "
     "layouts tried: mtnra_jobs_by_region (signature \"Emplois stables dans le secteur de "
     "l'offshoring par région\" not found); odc_exports_by_segment (file name not "
     "odc_recettes_offshoring_segments*.xlsx; signature \"Recettes d'exportation des "
     "services d'offshoring par segment\" not found); odc_exports_monthly_cumulated "
     "(signature \"Recettes des services d'offshoring, cumul depuis janvier\" not found)"),
]
BROKEN_LAYOUT = "description: broken\nsource: ODC\nmatch: {file_name: odc_*}\n"
BROKEN_LINE = ("layout broken.yaml does not validate: the document: 'header_rows' is a "
               "required property")


def _bad_layouts(folder, settings):
    """The project's layouts plus one that does not validate."""
    layouts = folder / "layouts"
    shutil.copytree(settings.layouts_dir, layouts)
    (layouts / "broken.yaml").write_text(BROKEN_LAYOUT, encoding="utf-8")
    return layouts


def _quarantined(settings, outcome, data: bytes) -> bool:
    kept = settings.warehouse_dir / outcome.stored_path
    return kept.parent == settings.quarantine_dir and kept.read_bytes() == data and \
        kept.name.startswith(hashlib.sha256(data).hexdigest())


@pytest.mark.parametrize(("name", "lines", "reason"), CASES, ids=[c[0] for c in CASES])
def test_mismatch_rejected_with_one_line(settings, tmp_path, name, lines, reason):
    path = write_table(tmp_path, name, lines)
    summary = run_pipeline(settings, [path], command="ingest")
    outcome, = summary.outcomes
    assert summary.exit_code == 3
    assert outcome.line == f"REJECTED {name}: format.layout (error): {reason}"
    assert _quarantined(settings, outcome, path.read_bytes())
    assert [rows for rows, _ in warehouse_state(settings, CORE_TABLES).values()] == [
        0] * len(CORE_TABLES)


def test_layout_file_that_does_not_validate(settings, tmp_path):
    settings = settings.with_overrides(layouts=_bad_layouts(tmp_path, settings))
    path = shutil.copy(ANNUAL_SEGMENTS, tmp_path / ANNUAL_SEGMENTS.name)
    summary = run_pipeline(settings, [path], command="ingest")
    outcome, = summary.outcomes
    assert summary.exit_code == 3
    assert outcome.line == f"REJECTED {path.name}: format.layout (error): {BROKEN_LINE}"
    assert _quarantined(settings, outcome, ANNUAL_SEGMENTS.read_bytes())


def test_cli_prints_one_line_per_rejected_table(settings, tmp_path):
    paths = [write_table(tmp_path, name, lines) for name, lines, _ in CASES]
    done = cli.run(settings, "ingest", *map(str, paths))
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    rejected = [line for line in done.stdout.splitlines() if line.startswith("REJECTED")]
    assert rejected == [f"REJECTED {name}: format.layout (error): {reason}"
                        for name, _, reason in CASES]
    assert "0 loaded, 4 rejected, 0 already loaded" in done.stdout


def test_cli_validate_names_the_layout_file_that_does_not_validate(settings, tmp_path):
    path = shutil.copy(ANNUAL_SEGMENTS, tmp_path / ANNUAL_SEGMENTS.name)
    layouts = _bad_layouts(tmp_path, settings)
    done = cli.run(settings, "validate", str(path), OFFSHORING_LAYOUTS=str(layouts))
    assert done.returncode == 3, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        f"REJECTED {ANNUAL_SEGMENTS.name}: format.layout (error): {BROKEN_LINE}"]
