"""Python's switch interval while GX judges on its own thread (gx_engine.FileJudging).

While GX judges, the thread that builds frames gets the GIL back within 0.3 ms of each
DuckDB call instead of Python's default 5 ms: it needs the GIL several times per query,
and GX (pure Python) would otherwise hold it (bench/README.md, per-file cost).
"""

from __future__ import annotations

import sys
import threading

JUDGING_SWITCH_INTERVAL_S = 0.0003
_LOCK = threading.Lock()
_SWITCHING = {"judgings": 0, "saved": None}


def fine_switching(on: bool) -> None:
    """The shorter switch interval while at least one judging runs (``on``: one more;
    else one fewer); the process's own interval back after the last one."""
    with _LOCK:
        if on:
            if _SWITCHING["judgings"] == 0:
                _SWITCHING["saved"] = sys.getswitchinterval()
                sys.setswitchinterval(min(JUDGING_SWITCH_INTERVAL_S, _SWITCHING["saved"]))
            _SWITCHING["judgings"] += 1
        else:
            _SWITCHING["judgings"] -= 1
            if _SWITCHING["judgings"] == 0:
                sys.setswitchinterval(_SWITCHING["saved"])
