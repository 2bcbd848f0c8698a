"""Markdown summaries of validation outcomes (Prefect artifacts, CLI)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import ERROR, example

MAX_EXAMPLES = 3


def _escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _named(outcomes) -> list[tuple[str, object]]:
    if isinstance(outcomes, Mapping):
        return [(str(k), v) for k, v in outcomes.items()]
    named = []
    for i, item in enumerate(outcomes if isinstance(outcomes, Iterable) else [outcomes], 1):
        named.append(item if isinstance(item, tuple) else (f"release {i}", item))
    return named


def summary_markdown(outcomes) -> str:
    """A markdown summary: one line per release, then one line per failed rule.

    ``outcomes``: a mapping {file name: ValidationOutcome}, a list of (name, outcome)
    pairs, or a list of outcomes.
    """
    named = _named(outcomes)
    lines = ["| release | verdict | rules checked | errors | warnings |",
             "|---|---|---:|---:|---:|"]
    for name, outcome in named:
        failed = outcome.failed
        errors = sum(r.severity == ERROR for r in failed)
        verdict = "rejected" if outcome.rejected else ("flagged" if failed else "clean")
        lines.append(f"| {_escape(name)} | {verdict} | {len(outcome.results)} | {errors} "
                     f"| {len(failed) - errors} |")
    failures = [(name, r) for name, outcome in named for r in outcome.failed]
    if failures:
        lines += ["", "| release | rule | level | severity | failing rows | e.g. |",
                  "|---|---|---:|---|---:|---|"]
        for name, r in failures:
            examples = "; ".join(example(f) for f in r.failing[:MAX_EXAMPLES]) or (
                r.observed or "")
            lines.append(f"| {_escape(name)} | {r.rule_id} | {r.level} | {r.severity} "
                         f"| {r.failing_rows} | {_escape(examples)} |")
    return "\n".join(lines) + "\n"
