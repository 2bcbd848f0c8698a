"""Received text (file names, reasons, cell values) made inert for where it is shown.

One place for escaping: every line the CLI, the logs, the Prefect artifacts and the
notifications print goes through ``printable`` (and the Markdown or chat form of it), so
a control character in a file name cannot forge a log line, and a name that is not valid
UTF-8 is shown by its bytes (``\\xff``) instead of breaking the output.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()+!|~#]")
EXCERPT_CHARS = 60  # the most of a received value a reason echoes
LINE_BREAKS = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Every page the project writes (dashboard, Data Docs): no script, no network load; inline
# styles and images of the page's own folder only.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; base-uri 'none'; form-action 'none'")


def _escape_char(char: str) -> str:
    if char in LINE_BREAKS:
        return LINE_BREAKS[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _unsafe(char: str) -> bool:
    # Cc: control characters; Cs: lone surrogates (undecodable bytes); Zl/Zp: line and
    # paragraph separators; Cf: invisible format characters, bidirectional overrides
    # (which reorder what follows) and zero-width characters among them.
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp", "Cf")


def printable(text: object) -> str:
    """One line of plain text: control characters, line separators, invisible format
    characters (bidirectional controls) and undecodable bytes written as escapes
    (``\\n``, ``\\x1b``, ``\\u202e``, ``\\xff``)."""
    value = str(text)
    if value.isprintable() and value.isascii():
        return value
    return "".join(_escape_char(c) if _unsafe(c) else c for c in value)


def file_label(path: str | Path) -> str:
    """A file's name as shown and stored: ``printable`` (a name need not be UTF-8)."""
    return printable(Path(path).name)


def excerpt(text: object, limit: int = EXCERPT_CHARS) -> str:
    """A short, printable excerpt of a received value, for a reason line."""
    value = printable(text)
    return value if len(value) <= limit else value[:limit] + "…"


def one_line(text: object, limit: int | None = None) -> str:
    """A reason as one line: runs of whitespace collapsed, the rest ``printable``."""
    value = printable(" ".join(str(text).split()))
    return value if limit is None or len(value) <= limit else value[:limit] + "…"


def markdown_text(text: object) -> str:
    """Text as inert Markdown: no HTML, links or table cells; one line."""
    escaped = html.escape(one_line(text), quote=True)
    return MARKDOWN_SPECIAL.sub(r"\\\g<0>", escaped)


def chat_text(text: object) -> str:
    """Text for a chat message (Slack, Teams, Mattermost): one line, ``&<>`` escaped as
    Slack requires (no ``<!channel>`` mention, no ``<url|label>`` link) and the brackets
    and backticks of Markdown links and code escaped (Teams, Mattermost)."""
    value = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"[\\`\[\]]", r"\\\g<0>", value)


def csp_meta() -> str:
    """The ``<meta>`` element carrying ``CONTENT_SECURITY_POLICY``, for a page's head."""
    return f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


def html_escaped_values(value):
    """Every string inside a value (dicts, lists), HTML-escaped; keys and numbers unchanged
    (what GX's Data Docs write into a page as they are: validation result values)."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, dict):
        return {key: html_escaped_values(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [html_escaped_values(item) for item in value]
    return value
