"""docs/layouts.md shows the project's layouts as they are, and they all validate."""

from __future__ import annotations

import re

from offshoring.layouts import load_layouts
from offshoring.settings import PROJECT_ROOT, load_settings
from tests.support.layout_tables import reshaped

DOC = PROJECT_ROOT / "docs" / "layouts.md"
BLOCK = re.compile(r"```yaml\n# (layouts/[\w.]+\.yaml)\n(.*?)```", re.S)


def test_every_project_layout_validates_and_is_documented():
    settings = load_settings()
    found = load_layouts(settings.layouts_dir, settings.layout_schema_path)
    shown = dict(BLOCK.findall(DOC.read_text(encoding="utf-8")))
    assert sorted(shown) == [f"layouts/{layout.path.name}" for layout in found] == [
        "layouts/mtnra_jobs_by_region.yaml", "layouts/odc_exports_by_segment.yaml",
        "layouts/odc_exports_monthly_cumulated.yaml"]
    for relative, text in shown.items():
        assert (PROJECT_ROOT / relative).read_text(encoding="utf-8") == text, relative


def test_readme_example_layout_reads_the_table_it_shows(con, settings, tmp_path):
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publishers' tables as they are (layouts)")[1]
    table, layout = re.findall(r"```(?:yaml)?\n(.*?)```", section, re.S)[:2]
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "mtnra_jobs_by_region.yaml").write_text(layout, encoding="utf-8")
    lines = [";".join(cell.strip() for cell in line.split("|")) for line in
             table.splitlines()]
    path = tmp_path / "emplois.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = reshaped(con, settings.with_overrides(layouts=folder), path)
    assert [(r["region"], r["period"], r["value"], r["status"]) for r in rows
            if r["period"] == "2024"] == [("MA-06", "2024", "78800", "provisoire"),
                                          ("MA-03", "2024", "11900", "provisoire"),
                                          ("MA", "2024", "148500", "provisoire")]
    assert {r["published_on"] for r in rows} == {"2025-04-30"}
