"""Great Expectations' import without what its pandas path never uses.

GX's checks here run on pandas frames (``gx_engine``). Its import loads three libraries
that path never calls (bench/README.md has the figures):

- SciPy's statistics and Altair (``from scipy import stats``, ``import altair``), for one
  expectation the rules never use (``expect_column_kl_divergence_to_be_less_than``):
  about 0.5 s and 0.25 s. They are *deferred*: the module object is in ``sys.modules``
  and its code runs on the first read of any of its attributes, for GX and anyone else.
  Nothing changes but when the cost is paid.
- SQLAlchemy, for GX's SQL data sources: about 0.4 s. It is an optional dependency of GX
  (its SQL extras); it is installed here for Prefect's server. While GX is imported, an
  import of it from the importing thread fails as if it were not installed, so GX loads as
  its base install does, its SQL data sources unavailable. Other threads, and this one
  afterwards, import it as usual; where it is loaded already, GX uses it.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager

DEFERRED = ("scipy.stats", "altair")
NOT_FOR_GX = ("sqlalchemy",)


def import_gx():
    """``great_expectations``: ``DEFERRED`` loaded on first use, ``NOT_FOR_GX`` left out."""
    if "great_expectations" not in sys.modules:
        for name in DEFERRED:
            defer(name)
        with hidden([name for name in NOT_FOR_GX if name not in sys.modules]):
            import great_expectations  # noqa: F401
    import great_expectations

    return great_expectations


def defer(name: str) -> None:
    """Put ``name`` in ``sys.modules`` as a module whose code runs on first use, unless
    it is loaded already or is not a Python source module."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return
    if spec is None or spec.loader is None or not str(spec.origin).endswith(".py"):
        return
    module = importlib.util.module_from_spec(spec)
    module.__dict__[_LOAD_LOCK] = threading.RLock()
    module.__class__ = _Deferred
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


@contextmanager
def hidden(names: list[str]) -> Iterator[None]:
    """Imports of ``names`` (and their submodules) from this thread fail for the block."""
    finder = _Hide(names, threading.get_ident())
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


_LOAD_LOCK = "__offshoring_load_lock__"
_LOADING = "__offshoring_loading__"


class _Deferred(types.ModuleType):
    """A module not run yet. ``import`` finds it in ``sys.modules`` and reads only its
    ``__spec__``; any other read runs its code in this very object (as an eager import
    would have), then it is a plain module. A read by the thread running that code gets
    what is defined so far, as with any module being imported; other threads wait."""

    def __getattribute__(self, attr: str):
        if attr == "__spec__":
            return object.__getattribute__(self, attr)
        namespace = object.__getattribute__(self, "__dict__")
        with namespace[_LOAD_LOCK]:
            if type(self) is _Deferred and not namespace.get(_LOADING):
                namespace[_LOADING] = True
                try:
                    namespace["__spec__"].loader.exec_module(self)
                finally:
                    del namespace[_LOADING]
                self.__class__ = types.ModuleType
                del namespace[_LOAD_LOCK]
        return object.__getattribute__(self, attr)


class _Hide(importlib.abc.MetaPathFinder):
    """A finder that says "not installed" for some packages, to one thread."""

    def __init__(self, names: list[str], thread: int):
        self.names, self.thread = tuple(names), thread

    def find_spec(self, fullname, path=None, target=None):
        if threading.get_ident() == self.thread and fullname.split(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None
