"""One GX validation result per file, in the context's store: what Data Docs render.

``gx_engine.FileJudging`` hands in every rule's result of one file; they are stored as one
result of suite ``<dataset>`` (run ``load-<id>``), so Data Docs get one page per file, each
expectation's line naming its rule.
"""

from __future__ import annotations

import copy

from offshoring.text import html_escaped_values

from .catalogue import Rule

# Each expectation's line on a file's Data Docs page names its rule (GX renders a set
# description in place of its own sentence; the rule's suite page keeps that sentence).
RULE_LINE = "{rule_id} ({severity}): {description} [{type}]"
# In a stored result's meta: its received values are HTML-escaped (Data Docs write them
# into pages as they are); escaped once, as stored, not again at build time.
ESCAPED_MARK = "offshoring_values_escaped"


def store_file_result(state: dict, rules: list[Rule], results: dict, run_name: str,
                      dataset: str, first) -> None:
    """One validation result per file in the context's store (what Data Docs render);
    ``first``: the result whose batch markers (load time, fingerprint) the page shows."""
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
    )
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    merged = []
    for rule in rules:
        for result in results[rule.id].results:
            # Copies (the judge reads the originals): a description naming the rule, and
            # the received values HTML-escaped for the page.
            noted = copy.copy(result)
            config = noted.expectation_config = copy.copy(result.expectation_config)
            config.description = RULE_LINE.format(
                rule_id=rule.id, severity=rule.severity, type=config.type,
                description=rule.description_en).replace("$", "$$")
            if result.result:
                noted.result = html_escaped_values(result.result)
            merged.append(noted)
    run_id = RunIdentifier(run_name=run_name)
    passed = sum(1 for r in merged if r.success)
    meta = {**first.meta, "run_id": run_id, "validation_time": run_id.run_time,
            "rules": {rule.id: bool(results[rule.id].success) for rule in rules},
            ESCAPED_MARK: True}
    file_result = ExpectationSuiteValidationResult(
        success=all(r.success for r in results.values()), results=merged,
        suite_name=dataset, meta=meta, batch_id=first.batch_id,
        statistics={"evaluated_expectations": len(merged), "successful_expectations": passed,
                    "unsuccessful_expectations": len(merged) - passed,
                    "success_percent": 100.0 * passed / len(merged) if merged else None})
    identifier = ValidationResultIdentifier(
        expectation_suite_identifier=ExpectationSuiteIdentifier(name=dataset),
        run_id=run_id, batch_identifier=first.batch_id)
    state["context"].validation_results_store.set(identifier, file_result)
    state["pages"][page_href(identifier)] = meta["rules"]


def page_href(identifier) -> str:
    """A stored validation's Data Docs page, relative to the site."""
    return "/".join(("validations", *identifier.to_tuple())) + ".html"
