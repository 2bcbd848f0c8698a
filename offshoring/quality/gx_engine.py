"""Great Expectations, lazily: one ephemeral context per process, one suite per rule.

The suites are the files ``expectations/<suite>.json`` (GX 1.x suite JSON). Each
expectation names its rule in ``meta.rule_id``; a rule's expectations become a GX suite
named after the rule, validated against the rule's frame (``sql/quality/<rule>.sql``).
Tolerances are GX suite parameters (``{"$PARAMETER": "additivity_abs"}``) whose values
come from ``settings.tolerances`` at run time.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from .checks import KEY_COLUMNS

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


def load_suite_files(expectations_dir: Path) -> dict[str, list[dict]]:
    """Expectation configs by rule id, from every suite file named in the catalogue."""
    from .catalogue import load_rules

    by_rule: dict[str, list[dict]] = {}
    for suite in sorted({r.suite for r in load_rules(Path(expectations_dir)) if r.suite}):
        data = json.loads((Path(expectations_dir) / f"{suite}.json").read_text("utf-8"))
        for config in data["expectations"]:
            rule_id = config.get("meta", {}).get("rule_id")
            if not rule_id:
                raise ValueError(f"{suite}.json: an expectation without meta.rule_id")
            by_rule.setdefault(rule_id, []).append(config)
    return by_rule


def validation_definition(expectations_dir: Path, rule_id: str):
    """The GX ValidationDefinition of one rule (created once per process)."""
    state = get_state()
    key = (str(expectations_dir), rule_id)
    with _LOCK:
        if key in state["definitions"]:
            return state["definitions"][key]
        import great_expectations as gx

        configs = load_suite_files(expectations_dir).get(rule_id)
        if not configs:
            raise KeyError(f"no expectation for rule {rule_id} in {expectations_dir}")
        # The rule id names the suite; another expectations folder in the same process
        # (a copy of the catalogue, in tests) gets its own name rather than replacing it.
        taken = {d.name for k, d in state["definitions"].items() if k[1] == rule_id}
        name = rule_id if not taken else f"{rule_id} [{len(taken) + 1}]"
        context = state["context"]
        for existing in (context.suites, context.validation_definitions):
            try:
                existing.delete(name)
            except Exception:  # noqa: BLE001 - absent is fine
                pass
        suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=configs))
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=state["batch"], suite=suite)
        )
        state["definitions"][key] = definition
        return definition


def run_rule(expectations_dir: Path, rule_id: str, frame, parameters: dict, run_name: str):
    """Validate one rule's frame; the result is kept in the context for Data Docs."""
    from great_expectations.core.run_identifier import RunIdentifier

    definition = validation_definition(expectations_dir, rule_id)
    index = [c for c in KEY_COLUMNS if c in frame.columns]
    with _RUN_LOCK:
        return definition.run(
            batch_parameters={"dataframe": frame},
            expectation_parameters=parameters,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index},
            run_id=RunIdentifier(run_name=run_name),
        )
