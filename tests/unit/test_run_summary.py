"""The run summary artifact (Markdown) keeps received text inert (from
tests/e2e/test_bad_input.py)."""

from __future__ import annotations


def test_run_summary_markdown_is_escaped():
    from offshoring.pipeline import FileOutcome, RunSummary
    from offshoring.pipeline.markdown import summary_markdown

    outcome = FileOutcome('<img src=x onerror=alert(1)> [a](http://x) | =HYPERLINK("h").csv',
                          "0" * 64, "rejected", load_id=1, note="a | b <b>bold</b>")
    text = summary_markdown(RunSummary("r", "w", None, [outcome]))
    row = text.splitlines()[2]
    assert "<img" not in row and "<b>" not in row and "](http" not in row
    assert row.count(" | ") == 3  # the cells' own pipes are escaped
