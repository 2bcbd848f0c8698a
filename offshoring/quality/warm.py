"""GX's results for the rules' empty frames, computed before the first file.

Most rules find no row in a small file (no earlier value to revise, no other source to
compare, no sub-period to add up). GX's result for an empty frame depends only on the
rule's suite, the frame's columns and types and the tolerances, so it is computed once per
process and reused (``gx_engine._judge_frame``). The first file of a process computed them
all: about 20 validations and every rule's suite, 0.3-0.6 s of GX that the file waited
for (bench/README.md).

``judge_empty_frames`` computes them ahead: each rule's check.sql on a load that does not
exist (every preparation table empty), its empty frame judged as the first file would
have judged it. A guarded rule's empty frame is kept too (``checks.known_empty``), so the
first file already skips the queries its guards rule out. The CLI does it while its
Prefect server starts, and stops as soon as the server answers. Nothing is written or
stored: the temp tables are dropped, and no validation result reaches GX's store. A rule
whose query fails is skipped, and the file's own run meets the same failure and records
it as it always has; the caller (``offshoring.service.runs``) ignores any other error of
the warm-up, for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import checks, gx_engine
from .catalogue import RELEASE, rules_for
from .runner import query_parameters, tolerance_parameters

NO_LOAD = -1  # load ids start at 1: every preparation table is empty for this one


def judge_empty_frames(con, settings, stop: Callable[[], bool] = lambda: False,
                       dataset: str = RELEASE) -> list[str]:
    """Judge each rule's empty frame of ``dataset`` once per process, until ``stop()`` is
    true (asked before each rule); the ids of the rules judged."""
    rules = [rule for rule in rules_for(Path(settings.expectations_dir), dataset)
             if not rule.checked_by_reader]
    tolerances = tolerance_parameters(settings)
    parameters = query_parameters(NO_LOAD, tolerances)
    judged: list[str] = []
    if not rules or stop():
        return judged
    with checks.prepared(con, settings.sql_dir, dataset, parameters):
        for rule in rules:
            if stop():
                break
            if _judged_empty(con, rule, parameters, tolerances):
                judged.append(rule.id)
    return judged


def _judged_empty(con, rule, parameters: dict, tolerances: dict) -> bool:
    """Whether the rule's frame for the missing load was empty and GX judged it. A rule
    whose query or judgement fails is left to the file's own run, which reports it; the
    other rules are judged all the same."""
    try:
        frame = checks.rule_frame(con, rule, parameters)
        if len(frame) == 0:
            gx_engine.judge_alone(rule, frame, tolerances)
            return True
    except Exception:  # noqa: BLE001 - see the docstring
        pass
    return False
