"""The rule catalogue: one folder per rule, discovered; the convention every folder keeps."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from offshoring.quality import rules
from offshoring.quality.catalogue import CatalogueError, load_rules
from offshoring.quality.checks import (
    CHECKS_SQL_DIR,
    DERIVED_PARAMETERS,
    PREPARATION,
    referenced,
)
from offshoring.quality.runner import tolerance_parameters
from offshoring.settings import load_settings

# Deliberate exceptions to the convention (levels 0-1 errors, 2-3 warnings).
CONVENTION_EXCEPTIONS = {
    "firm.stable_attributes": "warning",  # a change may be genuine
    "firm.gap": "warning",  # a firm missing a month is carried forward, not rejected
    "identity.counts_cover_total": "warning",  # distinct-firm counts are not additive
    "history.same_day_conflict": "error",  # two values on one day cannot be ordered
    "release.known_source": "warning",  # new publishers appear
}
TOLERANCES = set(tolerance_parameters(load_settings()))
# What runner.query_parameters gives every query; a preparation file may also read the
# values derived from the tables made before it (checks.DERIVED_PARAMETERS), a rule not.
QUERY_PARAMETERS = TOLERANCES | {"load_id", "cap", "skip_source"}
DERIVED_NAMES = {name for names in DERIVED_PARAMETERS.values() for name in names}


def test_catalogue_levels_and_severities(settings):
    catalogue = rules(settings)
    assert len({r.id for r in catalogue}) == len(catalogue) == 31
    assert len([r for r in catalogue if r.dataset == "firm_declarations"]) == 7
    for rule in catalogue:
        convention = "error" if rule.level <= 1 else "warning"
        assert rule.severity == CONVENTION_EXCEPTIONS.get(rule.id, convention), rule.id
        assert rule.description_en and rule.description_fr


def test_catalogue_order_is_level_then_order(settings):
    """Results (and the first reason of a rejected file) follow this order."""
    assert [r.id for r in rules(settings, "release")] == [
        "format.file_readable", "format.layout", "format.required_columns",
        "format.value_parses",
        "format.known_codes", "format.period_syntax", "format.unit_convertible",
        "format.published_on_valid", "release.complete", "release.non_negative",
        "release.unique_key", "release.plausible_bounds", "identity.stock_flow",
        "identity.segments_add_up", "identity.regions_add_up",
        "identity.subannual_flows_add_up", "identity.subannual_stock_matches",
        "identity.counts_cover_total", "release.known_source",
        "history.same_day_conflict", "history.growth",
        "history.revision", "history.gap", "sources.agree"]
    assert [r.id for r in rules(settings, "firm_declarations")] == [
        "firm.readable", "firm.unique_key", "firm.known_codes", "firm.non_negative",
        "firm.stock_flow", "firm.stable_attributes", "firm.gap"]


def test_decided_by_matches_the_folder(settings):
    for rule in rules(settings):
        has_check = rule.check_path.is_file()
        if rule.decided_by == "reader":
            assert not has_check and not rule.expectations, rule.id
            continue
        assert has_check and rule.expectations, rule.id
        sql = rule.check_path.read_text(encoding="utf-8")
        if rule.decided_by == "sql":  # the capped frame and SQL's count
            assert rule.dataset == "firm_declarations", rule.id
            assert "failing_total" in sql and "checked_total" in sql, rule.id


def test_suites_are_gx_suite_files_named_after_their_folder(settings):
    for folder in sorted(p for p in settings.expectations_dir.iterdir() if p.is_dir()):
        data = json.loads((folder / "expectation.json").read_text(encoding="utf-8"))
        assert data["name"] == folder.name
        assert all(e["type"].startswith("expect_") for e in data["expectations"])
        assert data["meta"]["dataset"] in ("release", "firm_declarations")


def test_tolerances_have_one_source(settings):
    """Suites, check queries and expected texts refer to tolerances by their name in
    offshoring.settings.Tolerances; no value is written twice."""
    for rule in rules(settings):
        text = json.dumps(list(rule.expectations))
        for name in re.findall(r'"\$PARAMETER": "([a-z_]+)"', text):
            assert name in TOLERANCES, (rule.id, name)
        for name in re.findall(r"\{([a-z_]+)\}", rule.expected_en):
            assert name in TOLERANCES, (rule.id, name)
        if rule.check_path.is_file():
            assert set(referenced(rule.check_path.read_text("utf-8"))) <= QUERY_PARAMETERS
    for path in (settings.sql_dir / CHECKS_SQL_DIR).glob("*.sql"):
        assert set(referenced(path.read_text("utf-8"))) <= (
            QUERY_PARAMETERS | DERIVED_NAMES), path.name
    assert DERIVED_NAMES == {"release_pairs"}
    stock_flow = next(r for r in rules(settings)
                      if r.id == "firm.stock_flow")
    assert "stock_flow_abs" in json.dumps(list(stock_flow.expectations))
    firm_flags = (settings.sql_dir / CHECKS_SQL_DIR / "firm_flags.sql").read_text("utf-8")
    assert "$stock_flow_abs" in firm_flags


def test_preparation_files_create_the_table_they_are_named_after(settings):
    folder = settings.sql_dir / CHECKS_SQL_DIR
    listed = {t for tables in PREPARATION.values() for t in tables}
    assert set(DERIVED_PARAMETERS) <= listed
    assert {p.stem for p in folder.glob("*.sql")} == listed | DERIVED_NAMES
    for table in listed:
        text = (folder / f"{table}.sql").read_text(encoding="utf-8")
        creates = re.findall(r"create or replace temp table (\w+)", text)
        assert creates == [table], table
    for name in DERIVED_NAMES:  # one value, named after its parameter, no table
        text = (folder / f"{name}.sql").read_text(encoding="utf-8")
        assert "create" not in text.lower() and f"as {name}\n" in text, name


def test_the_warehouse_builder_never_runs_sql_checks(settings):
    from offshoring import warehouse

    assert CHECKS_SQL_DIR not in warehouse.SCHEMAS
    assert not any(obj.path.parent.name == CHECKS_SQL_DIR for obj in warehouse.plan(settings)
                   if obj.path is not None)


def _copy(tmp_path, settings):
    copy = tmp_path / "catalogue"
    shutil.copytree(settings.expectations_dir, copy)
    return copy


def test_a_folder_breaking_the_convention_is_refused(tmp_path, settings):
    copy = _copy(tmp_path, settings)
    (copy / "release.unique_key" / "check.sql").unlink()
    with pytest.raises(CatalogueError, match="release.unique_key.*check.sql"):
        load_rules(copy)
    copy = _copy(tmp_path / "b", settings)
    suite = copy / "history.gap" / "expectation.json"
    suite.write_text(suite.read_text().replace('"warning"', '"fatal"'), encoding="utf-8")
    with pytest.raises(CatalogueError, match="history.gap.*severity 'fatal'"):
        load_rules(copy)


def test_importing_the_package_does_not_import_gx():
    code = ("import sys, offshoring.quality; "
            "print('great_expectations' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
