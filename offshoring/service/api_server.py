"""The child process of ``LocalServer``: Prefect's API (and UI) served by uvicorn.

``python -m offshoring.service.api_server --fd N --lifeline M [--ui]``: serves on the
listening socket N opened by the parent, and exits the moment the pipe M reaches its end
of file, which happens when the parent exits for any reason (``kill -9`` included): the
kernel closes the parent's end. The SQLite database is migrated once per Prefect version
and database file (a stamp beside it), not at every start.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import socket
import threading
from pathlib import Path

STAMP_SUFFIX = ".offshoring-migrated"


def _exit_with_parent(lifeline: int) -> None:
    def watch() -> None:
        while os.read(lifeline, 1):  # nothing is ever written: returns b"" at EOF
            pass
        os._exit(0)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def _sqlite_file(url: str | None) -> Path | None:
    if url and url.startswith("sqlite") and ":///" in url:
        name = url.split(":///", 1)[1].split("?", 1)[0]
        return Path(name) if name and name != ":memory:" else None
    return None


def _migrate_once() -> bool:
    """Bring a SQLite database to Prefect's schema unless its stamp says it is there;
    True when the start-up migration can be skipped."""
    import asyncio

    import prefect
    from prefect.server.database import provide_database_interface
    from prefect.settings import get_current_settings

    secret = get_current_settings().server.database.connection_url
    db = _sqlite_file(secret.get_secret_value() if secret else None)
    if db is None:
        return False  # another database: Prefect's own start-up migration decides
    db.parent.mkdir(parents=True, exist_ok=True)
    stamp = db.with_name(db.name + STAMP_SUFFIX)
    with open(db.with_name(db.name + ".offshoring-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one first migration when runs start together
        expected = prefect.__version__ + (f" {db.stat().st_ino}" if db.exists() else "")
        if db.exists() and stamp.is_file() and stamp.read_text() == expected:
            return True
        asyncio.run(provide_database_interface().create_db())
        stamp.write_text(f"{prefect.__version__} {db.stat().st_ino}")
    return True


def _build_routes(app) -> None:
    """One request to the app in this process before the socket is served.

    FastAPI builds the state of its ~190 routes on the first request that matches one:
    0.25-0.4 s, which the run's first request (Prefect's version check) would wait for
    after the server said it was ready. Built here, it is paid while the run's process is
    still importing on the other core. A failure only leaves the cost where it was."""
    import asyncio

    import httpx

    async def ask() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://server") as client:
            await client.get("/api/admin/version")

    try:
        asyncio.run(ask())
    except Exception:  # noqa: BLE001 - a warm-up: the server starts all the same
        pass


def serve(fd: int, ui: bool) -> None:
    """Serve Prefect's API (and the UI when asked) on the inherited socket."""
    from offshoring.collector import paused

    with paused():  # the server loads with the collector held (0.4 s of its start)
        import uvicorn
        from prefect.server.api.server import create_app
        from prefect.settings import (
            PREFECT_API_DATABASE_MIGRATE_ON_START,
            temporary_settings,
        )

        migrated = _migrate_once()
    updates = {PREFECT_API_DATABASE_MIGRATE_ON_START: False} if migrated else {}
    with temporary_settings(updates=updates):
        with paused():
            app = create_app(ephemeral=not ui, final=True)
        _build_routes(app)
        config = uvicorn.Config(app, log_level="error", lifespan="on")
        uvicorn.Server(config).run(sockets=[socket.socket(fileno=fd)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m offshoring.service.api_server")
    parser.add_argument("--fd", type=int, required=True, help="listening socket")
    parser.add_argument("--lifeline", type=int, required=True, help="pipe from the parent")
    parser.add_argument("--ui", action="store_true", help="serve the UI and every service")
    args = parser.parse_args(argv)
    _exit_with_parent(args.lifeline)
    serve(args.fd, args.ui)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
