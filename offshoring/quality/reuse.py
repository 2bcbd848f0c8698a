"""Which GX results a process may reuse, and the bounded store that keeps them.

GX's result for a frame depends only on the rule's suite, the tolerances, the frame's
length and the values and types of the columns its expectations name (``column``,
``column_list``, ``column_A``...: every release and firm expectation names what it reads).
The other columns (the keys, the row number, the detail text) reach a result only as the
failing rows of a complete result. So:

- an empty frame's result is the same for every file (key: the columns and their types);
- a frame that passed, judged for its verdict and counts only, gives the same result for
  any later frame of the same rule whose named columns hold the same values (most small
  files repeat the codes, units and sources of the file before: about half of a monthly
  release's frames). Only frames of at most ``PASSING_MAX_ROWS`` rows are keyed; a frame
  that fails is always judged again, in full;
- for a rule whose expectations only ask whether cells are null or rows repeat
  (``null_pattern``: format.period_syntax, release.unique_key, ...), the values are not
  needed: a frame with the same null and repeated flags gets the same passing result
  (each monthly file names another period: its values differ, its flags do not).

``offshoring.quality.gx_engine`` judges a frame once per key and process. Values that do
not compare equal to themselves (NaN) or cannot be hashed give no key: judged again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .catalogue import Rule

PASSING_MAX_ROWS = 100
# Expectations whose result on a frame depends only on which cells of their column are
# null: a row's value reaches a result only as an unexpected value, and a passing result
# (the only kind kept) lists none. The same holds for rows that repeat or not.
NULL_PATTERN = frozenset({"expect_column_values_to_not_be_null",
                          "expect_column_values_to_be_null"})
UNIQUE_ROWS = "expect_compound_columns_to_be_unique"
PASSING_KEPT = 1024  # results kept for passing frames, the least recently used dropped


def named_columns(rule: Rule) -> frozenset[str]:
    """Every string in the arguments of the rule's expectations: the columns they read
    are among them (a value such as a code in ``value_set`` only widens the key)."""
    return frozenset(_strings([e.get("kwargs", {}) for e in rule.expectations]))


def empty_key(rule: Rule, frame, parameters: dict) -> tuple:
    """The key of an empty frame's result."""
    return (str(rule.folder), tuple(frame.columns), tuple(map(str, frame.dtypes)),
            tuple(sorted(parameters.items())))


def passing_key(rule: Rule, frame, parameters: dict) -> tuple | None:
    """The key of a frame's passing result; None when the frame is not keyed."""
    if not 0 < len(frame) <= PASSING_MAX_ROWS:
        return None
    read = named_columns(rule)
    columns = [column for column in frame.columns if column in read]
    values = frame[columns]
    pattern = null_pattern(rule, frame)
    cells = (("null pattern", pattern) if pattern is not None
             else tuple(values.astype(object).itertuples(index=False, name=None)))
    key = (str(rule.folder), len(frame), tuple(columns), tuple(map(str, values.dtypes)),
           cells, tuple(sorted(parameters.items())))
    try:
        hash(key)
    except TypeError:  # a list or a dict in a cell
        return None
    return key


def null_pattern(rule: Rule, frame) -> tuple | None:
    """What decides the result of a rule whose every expectation only asks which cells are
    null (``NULL_PATTERN``) or, for ``UNIQUE_ROWS`` over fully filled columns, whether the
    rows repeat: those cells' null flags and each row's repeated flag. None for a rule
    with any other expectation or argument (its values are the key)."""
    parts = []
    for expectation in rule.expectations:
        kind, kwargs = expectation.get("type"), expectation.get("kwargs", {})
        if kind in NULL_PATTERN and set(kwargs) <= {"column", "mostly"}:
            columns = [kwargs.get("column")]
        elif kind == UNIQUE_ROWS and set(kwargs) <= {"column_list", "mostly"}:
            columns = list(kwargs.get("column_list", []))
        else:
            return None
        if not columns or any(column not in frame.columns for column in columns):
            return None  # GX reports a column the frame lacks; the values key it as before
        cells = frame[columns]
        if kind in NULL_PATTERN:
            parts.append(tuple(cells.iloc[:, 0].isna()))
        elif cells.isna().to_numpy().any():
            return None  # how GX pairs rows with missing cells: not ours to mirror
        else:
            parts.append(tuple(cells.duplicated(keep=False)))
    return tuple(parts)


class Kept:
    """Results by key, at most ``limit``, the least recently used dropped first. Safe to
    share between threads (parallel prechecks judge several files at once)."""

    def __init__(self, limit: int = PASSING_KEPT):
        self._limit, self._items = limit, OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key, result) -> None:
        with self._lock:
            self._items[key] = result
            self._items.move_to_end(key)
            while len(self._items) > self._limit:
                self._items.popitem(last=False)

    def snapshot(self) -> frozenset[int]:
        """The identities of the results kept now: a result among them that a later file
        gets was reused, not judged for it."""
        with self._lock:
            return frozenset(map(id, self._items.values()))

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
