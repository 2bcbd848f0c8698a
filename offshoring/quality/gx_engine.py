"""Great Expectations, lazily: one ephemeral context per process, one suite per rule.

A rule's suite is its ``<catalogue>/<rule_id>/expectation.json`` (GX 1.x suite JSON,
named after the rule), validated against the rule's frame (its ``check.sql``).
Tolerances are GX suite parameters (``{"$PARAMETER": "additivity_abs"}``) whose values
come from ``settings.tolerances`` at run time.
"""

from __future__ import annotations

import copy
import threading

from .catalogue import Rule
from .checks import KEY_COLUMNS, ROW_COLUMN

DATASOURCE = "offshoring_quality"
ASSET = "rule_frame"
BATCH = "whole_frame"

_LOCK = threading.Lock()
# One GX validation at a time per process: the context, its stores and the shared
# dataframe asset are not made for concurrent use (flows/parallel.py runs threads).
_RUN_LOCK = threading.Lock()
_STATE: dict = {}


def _new_context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from . import gx_expectations  # noqa: F401  (registers expect_actual_near_expected)

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas(DATASOURCE).add_dataframe_asset(ASSET)
    return {"context": context, "batch": asset.add_batch_definition_whole_dataframe(BATCH),
            "definitions": {}}


def get_state() -> dict:
    """The process-wide GX state (created on first use: importing GX takes ~3 s)."""
    with _LOCK:
        if not _STATE:
            _STATE.update(_new_context())
        return _STATE


def get_context():
    """The process-wide ephemeral GX context."""
    return get_state()["context"]


def validation_definition(rule: Rule):
    """The GX ValidationDefinition of one rule (created once per process and folder)."""
    state = get_state()
    key = str(rule.folder)
    with _LOCK:
        if key in state["definitions"]:
            return state["definitions"][key]
        import great_expectations as gx

        # The rule id names the suite; another catalogue in the same process (a copy, in
        # tests) gets its own name rather than replacing it.
        taken = {d.name for d in state["definitions"].values()
                 if d.name == rule.id or d.name.startswith(f"{rule.id} [")}
        name = rule.id if not taken else f"{rule.id} [{len(taken) + 1}]"
        context = state["context"]
        for existing in (context.suites, context.validation_definitions):
            try:
                existing.delete(name)
            except Exception:  # noqa: BLE001 - absent is fine
                pass
        suite = context.suites.add(gx.ExpectationSuite(
            name=name, expectations=copy.deepcopy(list(rule.expectations))))
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=state["batch"], suite=suite)
        )
        state["definitions"][key] = definition
        return definition


def run_rule(rule: Rule, frame, parameters: dict, run_name: str):
    """Validate one rule's frame; the result is kept in the context for Data Docs."""
    from great_expectations.core.run_identifier import RunIdentifier

    definition = validation_definition(rule)
    index = [c for c in (*KEY_COLUMNS, ROW_COLUMN) if c in frame.columns]
    with _RUN_LOCK:
        return definition.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index},
            run_id=RunIdentifier(run_name=run_name),
        )
