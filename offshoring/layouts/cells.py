"""The cell forms of publishers' tables, as polars expressions over a text column.

``148 500``, ``26,2``, ``1 200,5`` are numbers (spaces, no-break spaces, decimal comma);
``(1 200)`` is negative; ``-``, ``–``, ``—``, ``n.d.``, ``…`` are missing (never zero);
footnote marks (``148 500*``, ``13,4⁽¹⁾``, ``148 500 (1)``) are dropped; ``(p)`` and
``provisoire`` mark a provisional figure; ``12,5 %`` is a percentage, not a value.
The same expressions clean column headers (``2024 (p)``), so a mark means one thing.
"""

from __future__ import annotations

import polars as pl

# Missing-value marks, compared in lower case without spaces.
MISSING = ("", "-", "–", "—", "−", "n.d.", "n.d", "nd", "n.c.", "nc", "…", "...", "..",
           "s.o.", "x", "///")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
PROVISIONAL = r"(?i)\(\s*p\s*\)|\(\s*prov\.?\s*\)|\bprovisoires?\b"
FOOTNOTES = (
    rf"⁽[{SUPERSCRIPTS}]+⁾|[{SUPERSCRIPTS}]+$",  # 13,4⁽¹⁾, 13,4¹
    r"\*+$",  # 148 500*, 148 500**
)
TRAILING_NOTE = r"^(.+?)\s*\(\d{1,2}\)$"  # 148 500 (1): a note; (1 200) alone: a negative
SPACES = "[\\s\u00a0\u202f\u2009]"
NUMBER = r"^[+-]?[0-9]+([.,][0-9]+)?$"
# Spreadsheet floats (0.30000000000000004) are cut at the 12 decimals staging reads.
LONG_DECIMALS = r"^([+-]?[0-9]+[.,][0-9]{12})[0-9]+$"


def without_marks(text: pl.Expr) -> pl.Expr:
    """The text without provisional marks and footnote marks, trimmed."""
    clean = (text.str.replace_all("\u2212", "-")  # the minus sign of typeset tables
             .str.replace_all(PROVISIONAL, " "))
    for pattern in FOOTNOTES:
        clean = clean.str.strip_chars().str.replace_all(pattern, "")
    return clean.str.strip_chars().str.replace(TRAILING_NOTE, "${1}").str.strip_chars()


def is_provisional(text: pl.Expr) -> pl.Expr:
    """True when the text carries ``(p)``, ``(prov.)`` or ``provisoire``."""
    return text.str.contains(PROVISIONAL).fill_null(False)


def cell_columns(text: str = "text") -> list[pl.Expr]:
    """Columns derived from a cell's text: ``provisional``, ``missing``, ``percent``,
    ``number`` (the figure as plain text, '-1200' or '26,2'; NULL when not a number)."""
    clean = without_marks(pl.col(text).fill_null(""))
    compact = clean.str.replace_all(SPACES, "")
    negative = compact.str.contains(r"^\(.+\)$")
    digits = pl.when(negative).then(pl.lit("-") + compact.str.strip_chars("()")).otherwise(
        compact).str.replace(LONG_DECIMALS, "${1}")
    return [
        is_provisional(pl.col(text)).alias("provisional"),
        compact.str.to_lowercase().is_in(MISSING).alias("missing"),
        compact.str.contains("%").alias("percent"),
        pl.when(digits.str.contains(NUMBER)).then(digits).alias("number"),
    ]
