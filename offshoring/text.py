"""Received text (file names, reasons, cell values) made inert for where it is shown."""

from __future__ import annotations

import html
import re

MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()+!|~]")


def markdown_text(text: str) -> str:
    """Text as inert Markdown: no HTML, links or table cells; one line."""
    escaped = html.escape(" ".join(str(text).split()), quote=True)
    return MARKDOWN_SPECIAL.sub(r"\\\g<0>", escaped)
