"""The rule catalogue, the suite files and the check queries agree with each other."""

from __future__ import annotations

import json
import subprocess
import sys

from offshoring.quality.catalogue import load_rules, rules_for
from offshoring.quality.gx_engine import load_suite_files

# Deliberate exceptions to the convention (levels 0-1 errors, 2-3 warnings).
CONVENTION_EXCEPTIONS = {"firm.stable_attributes": "warning"}  # a change may be genuine


def test_catalogue_levels_and_severities(settings):
    rules = load_rules(settings.expectations_dir)
    assert len({r.id for r in rules}) == len(rules) == 26
    assert len([r for r in rules if r.dataset == "firm_declarations"]) == 6
    for rule in rules:
        convention = "error" if rule.level <= 1 else "warning"
        assert rule.severity == CONVENTION_EXCEPTIONS.get(rule.id, convention), rule.id
        assert rule.description_en and rule.description_fr


def test_every_suite_rule_has_a_query_and_expectations(settings):
    by_rule = load_suite_files(settings.expectations_dir)
    for rule in rules_for(settings.expectations_dir, "release"):
        query = settings.sql_dir / "quality" / f"{rule.id}.sql"
        if rule.suite is None:
            assert rule.id not in by_rule and not query.exists()
            continue
        assert query.is_file(), rule.id
        assert by_rule.get(rule.id), rule.id


def test_firm_rules_have_expectations_and_the_check_query(settings):
    from offshoring.firms.constants import RULE_IDS

    by_rule = load_suite_files(settings.expectations_dir)
    firm = rules_for(settings.expectations_dir, "firm_declarations")
    assert [r.id for r in firm if r.suite] == list(RULE_IDS)
    checks = (settings.sql_dir / "firms" / "checks.sql").read_text(encoding="utf-8")
    for rule in firm:
        if rule.suite is None:
            assert rule.id not in by_rule
            continue
        assert rule.suite == "firm_declarations"
        assert by_rule.get(rule.id), rule.id
        assert f"'{rule.id}' as rule_id" in checks, rule.id


def test_suites_are_gx_suite_files(settings):
    for path in [*settings.expectations_dir.glob("release_*.json"),
                 settings.expectations_dir / "firm_declarations.json"]:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["name"] == path.stem
        assert all(e["type"].startswith("expect_") for e in data["expectations"])


def test_importing_the_package_does_not_import_gx():
    code = ("import sys, offshoring.quality; "
            "print('great_expectations' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
