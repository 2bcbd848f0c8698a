"""Row labels -> indicator, segment and region codes.

A label is looked up by its whole text, then by its parts around ``/`` and parentheses
("Centres d'appels / CRM", "Ingénierie (ESO)"), with the same lookup key as staging
(``lookup_key``: accents, case and punctuation ignored) against the codes, names and
aliases of ``seeds/`` and the layout's own ``labels``. A label naming no code is refused
with the closest known spelling.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from offshoring import warehouse
from offshoring.layouts.schema import LayoutError

PARTS = re.compile(r"[/()\[\]]| [-–] ")


@dataclass
class Vocabulary:
    """The accepted spellings of each dimension's codes, by lookup key."""

    codes: dict[str, dict[str, str]]  # dimension -> key -> code
    spellings: dict[str, dict[str, str]]  # dimension -> key -> a spelling, for messages
    keys: dict[str, str]  # text -> its lookup key (texts of this table and layout)

    @classmethod
    def from_warehouse(cls, con, settings, texts: set[str]) -> Vocabulary:
        """The seeds' spellings (sql/pipeline/layout_spellings.sql) and the keys of
        ``texts`` (every label and its parts), computed by DuckDB's ``lookup_key``."""
        codes: dict[str, dict[str, str]] = {}
        spellings: dict[str, dict[str, str]] = {}
        for dimension, code, spelling, key in pipeline_rows(con, settings, "layout_spellings"):
            codes.setdefault(dimension, {})[key] = code
            spellings.setdefault(dimension, {}).setdefault(key, spelling)
        candidates = sorted({part for text in texts for part in candidates_of(text)})
        keys = dict(pipeline_rows(con, settings, "lookup_keys", {"texts": candidates})) \
            if candidates else {}
        return cls(codes, spellings, keys)


def pipeline_rows(con, settings, name: str, params: dict | None = None) -> list[tuple]:
    """Every row of ``sql/pipeline/<name>.sql``."""
    return con.execute(warehouse.sql_text(settings, f"pipeline/{name}.sql"),
                       params or {}).fetchall()


def candidates_of(label: str) -> list[str]:
    """The label, then its parts: "Ingénierie (ESO)" -> ["Ingénierie (ESO)", "Ingénierie",
    "ESO"]."""
    parts = [p.strip() for p in PARTS.split(label) if p and p.strip()]
    return [label.strip(), *(p for p in parts if p != label.strip())]


def resolve(vocabulary: Vocabulary, dimension: str, label: str, extra: dict[str, str],
            where: str) -> str:
    """The code ``label`` names in ``dimension``; LayoutError (naming ``where`` and the
    closest known label) when it names none or several."""
    known = vocabulary.codes.get(dimension, {})
    extra_keys = {vocabulary.keys.get(k): v for k, v in extra.items()}
    whole = vocabulary.keys.get(label.strip(), "")
    if whole in extra_keys:
        return resolve(vocabulary, dimension, extra_keys[whole], {}, where)
    found = []
    for candidate in candidates_of(label):
        code = known.get(vocabulary.keys.get(candidate, ""))
        if code and code not in found:
            found.append(code)
        if candidate == label.strip() and code:
            return code
    if len(found) == 1:
        return found[0]
    if found:
        raise LayoutError(f"{where}: label {label!r} names several {dimension}s "
                          f"({', '.join(found)}); say which in the layout's labels")
    raise LayoutError(f"{where}: label {label!r} maps to no {dimension} code; closest known "
                      f"label: {_closest(vocabulary, dimension, whole)}; add the spelling to "
                      f"the layout's labels or to the aliases in seeds/")


def _closest(vocabulary: Vocabulary, dimension: str, key: str) -> str:
    spellings = vocabulary.spellings.get(dimension, {})
    best = difflib.get_close_matches(key, list(spellings), n=1, cutoff=0.0)
    if not best:
        return "none"
    code = vocabulary.codes[dimension][best[0]]
    return f"{spellings[best[0]]!r} ({code})"
