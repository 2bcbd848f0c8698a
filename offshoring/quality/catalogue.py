"""The rule catalogue (expectations/rules.json): ids, levels, severities, descriptions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOGUE_FILE = "rules.json"
SEVERITIES = ("error", "warning")
READER_RULES = ("format.file_readable", "format.required_columns")
RELEASE = "release"
FIRM_DECLARATIONS = "firm_declarations"
DATASETS = (RELEASE, FIRM_DECLARATIONS)


@dataclass(frozen=True)
class Rule:
    """One entry of the catalogue."""

    id: str
    level: int
    severity: str
    suite: str | None
    description_en: str
    description_fr: str
    expected_en: str
    dataset: str = RELEASE  # what the rule checks: release | firm_declarations

    @property
    def checked_by_reader(self) -> bool:
        """Rules raised by the file reader, not by a GX suite."""
        return self.suite is None


@lru_cache(maxsize=4)
def load_rules(expectations_dir: Path) -> tuple[Rule, ...]:
    """Rules in catalogue order, validated (known severity, unique ids)."""
    data = json.loads((Path(expectations_dir) / CATALOGUE_FILE).read_text(encoding="utf-8"))
    rules = tuple(Rule(**entry) for entry in data["rules"])
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate rule ids in {CATALOGUE_FILE}")
    for rule in rules:
        if rule.severity not in SEVERITIES:
            raise ValueError(f"{rule.id}: severity {rule.severity!r} not in {SEVERITIES}")
        if rule.dataset not in DATASETS:
            raise ValueError(f"{rule.id}: dataset {rule.dataset!r} not in {DATASETS}")
    return rules


def rules_for(expectations_dir: Path, dataset: str) -> tuple[Rule, ...]:
    """The catalogue's rules of one dataset (release or firm_declarations), in order."""
    return tuple(r for r in load_rules(Path(expectations_dir)) if r.dataset == dataset)


def rule_by_id(expectations_dir: Path, rule_id: str) -> Rule:
    """The catalogue entry of one rule (KeyError when unknown)."""
    for rule in load_rules(Path(expectations_dir)):
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def expected_text(rule: Rule, tolerances: dict[str, float]) -> str:
    """The rule's expectation in words, tolerances filled in."""
    try:
        return rule.expected_en.format(**tolerances)
    except (KeyError, IndexError, ValueError):
        return rule.expected_en
