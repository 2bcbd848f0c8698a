"""The build order: every object after the objects it reads (a topological order).

Dependencies are the ``schema.name`` references of each file to other known objects
(SQL files and seeds), never the file names. Among objects whose dependencies are all
built, the schema order (``SCHEMAS``) then the name decides, so the order is stable.
"""

from __future__ import annotations

import heapq

from offshoring.warehouse.layout import SCHEMAS, SqlLayoutError, SqlObject, shown_path


def build_order(objects: list[SqlObject], sql_dir=None) -> list[SqlObject]:
    """The objects in an order where each comes after everything it reads."""
    by_name: dict[str, SqlObject] = {}
    for obj in objects:
        if obj.qualified in by_name:
            other = by_name[obj.qualified]
            raise SqlLayoutError(f"{obj.qualified} is made twice: by {_where(other, sql_dir)} "
                                 f"and by {_where(obj, sql_dir)}")
        by_name[obj.qualified] = obj
    for obj in objects:
        unknown = sorted(r for r in obj.reads if r not in by_name)
        if unknown:
            raise SqlLayoutError(f"{_where(obj, sql_dir)}: reads {', '.join(unknown)}, which no "
                                 "file of sql/ creates and no seed provides")

    waiting = {name: set(obj.reads) for name, obj in by_name.items()}
    readers: dict[str, list[str]] = {name: [] for name in by_name}
    for name, reads in waiting.items():
        for read in reads:
            readers[read].append(name)
    ready = [_key(obj) for name, obj in by_name.items() if not waiting[name]]
    heapq.heapify(ready)
    ordered: list[SqlObject] = []
    while ready:
        obj = by_name[heapq.heappop(ready)[2]]
        ordered.append(obj)
        for reader in readers[obj.qualified]:
            waiting[reader].discard(obj.qualified)
            if not waiting[reader]:
                heapq.heappush(ready, _key(by_name[reader]))
    if len(ordered) < len(by_name):
        cycle = _a_cycle({n: w for n, w in waiting.items() if w})
        files = ", ".join(_where(by_name[n], sql_dir) for n in cycle[:-1])
        raise SqlLayoutError(f"SQL objects read each other in a cycle: {' -> '.join(cycle)} "
                             f"({files})")
    return ordered


def _key(obj: SqlObject) -> tuple[int, str, str]:
    rank = SCHEMAS.index(obj.schema) if obj.schema in SCHEMAS else len(SCHEMAS)
    return rank, obj.name, obj.qualified


def _a_cycle(waiting: dict[str, set[str]]) -> list[str]:
    """One cycle among the objects left waiting, as a path back to its start."""
    path: list[str] = []
    node = min(waiting)
    while node not in path:
        path.append(node)
        node = min(n for n in waiting[node] if n in waiting)
    return [*path[path.index(node):], node]


def _where(obj: SqlObject, sql_dir) -> str:
    if obj.path is None:
        return "the settings"
    return shown_path(obj.path, sql_dir) if sql_dir is not None else str(obj.path)
