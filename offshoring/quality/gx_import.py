"""Great Expectations' import without the dependencies this project never calls.

GX imports SciPy's statistics when it loads (``from scipy import stats``), for one
expectation the rules never use (``expect_column_kl_divergence_to_be_less_than``): about
0.5 s of every ``ingest`` and ``validate`` (bench/README.md). ``scipy.stats`` is
registered as a lazy module (``importlib.util.LazyLoader``, the standard library's): the
module object exists, its code runs on first attribute access. GX, and anyone else, gets
the whole module the moment it is used; nothing changes but when the cost is paid.

It is also set on its parent package: on Python 3.11 an ``import`` statement that finds
a lazy module in ``sys.modules`` reads its ``__spec__``, which loads it; ``from scipy
import stats`` finds the attribute and reads nothing of it.
"""

from __future__ import annotations

import importlib.util
import sys

UNUSED_AT_IMPORT = ("scipy.stats",)


def import_gx():
    """``great_expectations``, with ``UNUSED_AT_IMPORT`` loaded on first use only."""
    if "great_expectations" not in sys.modules:
        for name in UNUSED_AT_IMPORT:
            defer(name)
    import great_expectations

    return great_expectations


def defer(name: str) -> None:
    """Register ``name`` as a lazy module, unless it is loaded or not installed."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
