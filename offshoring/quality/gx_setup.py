"""Process-wide adjustments of Great Expectations (pinned: 1.24.1), made once with the
context (``gx_engine.get_state``): each skips work whose result is already known or that
this project does not need; none changes what GX decides (tests/unit/quality).

Measured on a two-expectation suite over a one-row frame (bench/README.md, per-file
cost): 29 ms a validation; 23 ms with expectation type names cached; 17 ms with each
expectation's configuration built once per validation; less with plain metric ids.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCAL = threading.local()  # the configurations of the validation running on this thread
_BUILD: list = []  # GX's own Expectation.configuration getter, once replaced
_GX_TO_ID: list = []  # GX's own IDDict.to_id, once replaced
_PLAIN_SCALARS = (str, int, bool, type(None))


def adjust(context) -> None:
    """Every adjustment below, for the process and for ``context``'s results store."""
    without_frame_fingerprints()
    configurations_built_once()
    plain_metric_ids()
    keep_results_as_objects(context.validation_results_store)


def without_frame_fingerprints() -> None:
    """GX fingerprints every frame it is handed (pandas' hash of each column, kept as a
    batch marker of the result) when the frame holds under ``HASH_THRESHOLD`` bytes: a
    tenth of GX's time on a small file's frames (bench/README.md, per-file cost). A rule
    frame is derived from one load, and the load's file checksum is recorded with it
    (meta.loads, the run name ``load-<id>``): the threshold is set to 0, GX computes none."""
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0


def keep_results_as_objects(store) -> None:
    """The ephemeral context's results store keeps each result as the object stored,
    where GX would write it out as indented, sorted JSON text (about 11 ms a file) and
    parse it again for Data Docs. The store lives in memory for this process only, and
    nothing changes a stored result: the store's copies are made at store time
    (``gx_pages.store_file_result``)."""
    store.serialize = _as_is
    store.deserialize = _as_is


def _as_is(value):
    return value


def configurations_built_once() -> None:
    """GX rebuilds an expectation's ``configuration`` (a pydantic ``dict()`` of the whole
    expectation, and its class name turned into snake case by two regular expressions)
    each time it reads one of its keys: about 40 times per expectation and validation.

    The snake-case name of a class is cached (a pure function of the name), and while
    ``configurations_cached`` is in force on a thread, an expectation's configuration is
    built once. GX makes new expectation objects for each validation (from the suite's
    configurations), so a configuration is never reused across validations; outside that
    block (Data Docs, other threads) GX builds it as before."""
    from great_expectations.expectations import expectation

    if _BUILD:
        return
    expectation.camel_to_snake = functools.lru_cache(maxsize=None)(expectation.camel_to_snake)
    _BUILD.append(expectation.Expectation.configuration.fget)
    expectation.Expectation.configuration = property(_configuration,
                                                     doc=_BUILD[0].__doc__)


@contextmanager
def configurations_cached() -> Iterator[None]:
    """Within the block, on this thread, each expectation's configuration is built once."""
    if getattr(_LOCAL, "built", None) is not None:  # nested: the outer block keeps them
        yield
        return
    _LOCAL.built = {}
    try:
        yield
    finally:
        _LOCAL.built = None


def _configuration(expectation):
    built = getattr(_LOCAL, "built", None)
    if built is None:
        return _BUILD[0](expectation)
    # Keyed by id, the object kept beside: an id is not reused while its object lives.
    known = built.get(id(expectation))
    if known is None or known[0] is not expectation:
        known = built[id(expectation)] = (expectation, _BUILD[0](expectation))
    return known[1]


def plain_metric_ids() -> None:
    """GX names every metric it computes by ``IDDict.to_id``: the MD5 of the JSON of its
    keyword arguments, first passed through ``convert_to_json_serializable`` (a long chain
    of type tests, for numpy values, dates, pydantic models...), 50 times a validation.
    Where every value is already plain JSON (str, int, bool, None, a finite float, lists
    and str-keyed dicts of them) that conversion returns its input: the id is computed
    from the values directly, the same text hashed. Anything else goes to GX's own."""
    from great_expectations.core.id_dict import IDDict

    if _GX_TO_ID:
        return
    _GX_TO_ID.append(IDDict.to_id)
    IDDict.to_id = _to_id


def _to_id(self, id_keys=None, id_ignore_keys=None):
    if id_keys is not None or id_ignore_keys is not None:
        return _GX_TO_ID[0](self, id_keys, id_ignore_keys)
    keys = set(self) - set(self._id_ignore_keys)
    if len(keys) < 2 or not all(type(k) is str and _plain(self[k]) for k in keys):
        return _GX_TO_ID[0](self)
    text = json.dumps({k: self[k] for k in keys}, sort_keys=True)
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _plain(value) -> bool:
    """JSON as it is: what convert_to_json_serializable would return unchanged (exact
    types only: a str or int subclass, such as an enum, takes GX's way)."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind in (list, tuple):
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False
