"""Python's garbage collector held while a process loads its large libraries.

Loading Prefect, Great Expectations and pandas creates about half a million objects, and
the collector walks them again and again while they load: about a fifth of the imports'
time (0.5 s of GX's 2.2 s, bench/README.md). ``paused()`` holds the collector for the
block, then freezes what is alive at its end (``gc.freeze``: a permanent generation that
later passes skip; modules and classes live as long as the process anyway) and starts it
again. The run's own garbage is collected as usual, with less to walk at each full pass.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, then what the block loaded frozen.

    For a process's first load of a library only: everything alive at the end of the
    block is frozen, so a block in the middle of a long process (the service) would keep
    the garbage of its earlier runs for good. Inside a block already paused (or with the
    collector turned off by the caller), it changes nothing: whoever turned it off turns
    it on.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
