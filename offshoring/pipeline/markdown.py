"""The run's Prefect artifacts as Markdown: its files, and the rules it checked."""

from __future__ import annotations

from offshoring.pipeline.outcome import RunSummary
from offshoring.text import markdown_text


def summary_markdown(summary: RunSummary) -> str:
    """A table of the run's files: status, rows and the first reason."""
    lines = ["| file | status | rows | reason |", "|---|---|---|---|"]
    for o in summary.outcomes:
        reason = o.reasons[0] if o.reasons else ""
        lines.append(f"| {markdown_text(o.file_name)} | {o.status} | {o.rows} | "
                     f"{markdown_text(reason)} |")
    return "\n".join(lines)


def checks_markdown(session) -> str:
    """The rules this run checked, failures first."""
    rows = session.sql("run_checks", {"run_id": session.run_id})
    lines = ["| file | rule | severity | status | failing rows |", "|---|---|---|---|---|"]
    failed = [r for r in rows if r[3] != "passed"]
    for name, rule, severity, status, count in failed:
        lines.append(f"| {markdown_text(name)} | {rule} | {severity} | {status} | {count} |")
    lines.append(f"\n{len(rows) - len(failed)} rule check(s) passed, {len(failed)} failed.")
    return "\n".join(lines)
