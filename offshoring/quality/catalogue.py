"""The rule catalogue: one folder per rule, ``<catalogue>/<rule_id>/``, discovered.

A rule's folder holds ``expectation.json`` (its GX 1.x suite, named after the rule, whose
``meta`` carries level, severity, dataset, decided_by, descriptions and the expected value
in words), ``check.sql`` (the query building the frame GX judges; none for rules raised by
the file readers) and its defect fixture (tests). No list of rules is kept anywhere else:
adding a folder adds a rule. Documentation: docs/quality.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SUITE_FILE = "expectation.json"
CHECK_FILE = "check.sql"
SEVERITIES = ("error", "warning")
RELEASE = "release"
FIRM_DECLARATIONS = "firm_declarations"
DATASETS = (RELEASE, FIRM_DECLARATIONS)
GX, SQL, READER = "gx", "sql", "reader"
DECIDERS = (GX, SQL, READER)
LEVELS = range(0, 6)  # ESS validation levels 0-5
DEFAULT_ORDER = 100  # rules without meta.order come after the numbered ones of their level
REQUIRED_META = ("level", "severity", "dataset", "description_en", "description_fr",
                 "expected_en")


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue, read from its folder."""

    id: str
    level: int
    severity: str  # error | warning
    dataset: str  # release | firm_declarations
    decided_by: str  # gx | sql | reader
    description_en: str
    description_fr: str
    expected_en: str  # in words, with {tolerance} placeholders
    order: int  # position among the rules of its level (ties: rule id)
    folder: Path
    expectations: tuple = field(default=(), compare=False, repr=False)  # GX configs (dicts)
    # meta.runs_when: a condition on one value of the release that holds for some value
    # whenever check.sql can return a row (docs/quality.md, "Guards"); None: always runs.
    runs_when: str | None = None

    @property
    def checked_by_reader(self) -> bool:
        """Rules raised by the file readers: no query, no expectations."""
        return self.decided_by == READER

    @property
    def check_path(self) -> Path:
        return self.folder / CHECK_FILE

    @property
    def sort_key(self) -> tuple:
        return (self.level, self.order, self.id)


class CatalogueError(ValueError):
    """A rule folder that does not follow the convention."""


def read_rule(folder: Path) -> Rule:
    """The rule of one folder, checked against the convention (docs/quality.md)."""
    folder = Path(folder)
    where = f"{folder.name}/{SUITE_FILE}"
    try:
        suite = json.loads((folder / SUITE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise CatalogueError(f"{where}: {err}") from None
    meta = suite.get("meta") or {}
    missing = [k for k in REQUIRED_META if k not in meta]
    if missing:
        raise CatalogueError(f"{where}: meta lacks {', '.join(missing)}")
    if suite.get("name") != folder.name:
        raise CatalogueError(f"{where}: name {suite.get('name')!r} is not the folder name")
    rule = Rule(
        id=folder.name,
        level=int(meta["level"]),
        severity=meta["severity"],
        dataset=meta["dataset"],
        decided_by=meta.get("decided_by", GX),
        description_en=meta["description_en"],
        description_fr=meta["description_fr"],
        expected_en=meta["expected_en"],
        order=int(meta.get("order", DEFAULT_ORDER)),
        folder=folder,
        expectations=tuple(suite.get("expectations") or ()),
        runs_when=meta.get("runs_when"),
    )
    _check(rule, where)
    return rule


def _check(rule: Rule, where: str) -> None:
    problems = []
    if rule.severity not in SEVERITIES:
        problems.append(f"severity {rule.severity!r} not in {SEVERITIES}")
    if rule.dataset not in DATASETS:
        problems.append(f"dataset {rule.dataset!r} not in {DATASETS}")
    if rule.decided_by not in DECIDERS:
        problems.append(f"decided_by {rule.decided_by!r} not in {DECIDERS}")
    if rule.level not in LEVELS:
        problems.append(f"level {rule.level} not in 0-5")
    has_check = rule.check_path.is_file()
    if rule.checked_by_reader and (rule.expectations or has_check):
        problems.append("a reader rule has no expectations and no check.sql")
    if not rule.checked_by_reader and not (rule.expectations and has_check):
        problems.append("needs expectations and a check.sql")
    if rule.runs_when is not None and (rule.dataset != RELEASE or rule.decided_by != GX
                                       or not str(rule.runs_when).strip()):
        problems.append("runs_when is a condition of a gx rule of the release dataset")
    if problems:
        raise CatalogueError(f"{where}: " + "; ".join(problems))


@lru_cache(maxsize=8)
def load_rules(catalogue_dir: Path) -> tuple[Rule, ...]:
    """Every rule of the catalogue folder (each sub-folder with an expectation.json), in
    catalogue order: level, then meta.order, then rule id."""
    root = Path(catalogue_dir)
    if not root.is_dir():
        raise CatalogueError(f"no rule catalogue at {root}")
    rules = [read_rule(d) for d in root.iterdir() if (d / SUITE_FILE).is_file()]
    return tuple(sorted(rules, key=lambda r: r.sort_key))


def rules_for(catalogue_dir: Path, dataset: str) -> tuple[Rule, ...]:
    """The rules of one dataset (release or firm_declarations), in catalogue order."""
    if dataset not in DATASETS:
        raise ValueError(f"dataset {dataset!r} not in {DATASETS}")
    return tuple(r for r in load_rules(Path(catalogue_dir)) if r.dataset == dataset)


def rule_by_id(catalogue_dir: Path, rule_id: str) -> Rule:
    """The rule of one id (KeyError when the catalogue has no such folder)."""
    for rule in load_rules(Path(catalogue_dir)):
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def expected_text(rule: Rule, tolerances: dict[str, float]) -> str:
    """The rule's expectation in words, tolerances filled in."""
    try:
        return rule.expected_en.format(**tolerances)
    except (KeyError, IndexError, ValueError):
        return rule.expected_en
