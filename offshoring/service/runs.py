"""One pipeline run as a Prefect flow run, started fast (the CLI) or warm (the service).

The CLI's critical path, in order: start the local Prefect server (a child process,
returns at once) -> take the writer lock, open DuckDB and build the layers (the session:
a busy warehouse answers before anything slow) -> import Prefect, the flow and Great
Expectations while the server starts on the other core, both with the garbage collector
held (``offshoring.collector``), then GX's results for the rules' empty frames until the
server answers (``offshoring.quality.warm``) -> wait for it -> run the flow -> send Prefect's queued
logs, kill the server (no graceful stop). A configured server
(``PREFECT_API_URL``, or the Prefect profile's) is used as is and nothing is started.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from offshoring.settings import Settings

# Modules a run imports when it first needs them, after the server answered: loaded
# while it starts instead. FastAPI's encoder of the flow's parameters (0.25 s), Prefect's
# flow and task engines and the event loop backend they run on, the SDMX writer of the
# publish (0.1 s together; both figures on a machine at half its idle speed).
FIRST_USE_MODULES = ("fastapi.encoders", "prefect.flow_engine", "prefect.task_engine",
                     "anyio._backends._asyncio", "pysdmx.io")


@contextmanager
def prefect_api(settings: Settings) -> Iterator[PrefectApi]:
    """The Prefect API of this run: the configured one, or a local server started now
    and killed when the block ends (and with this process, whatever ends it)."""
    from offshoring.prefect_env import apply_prefect_env

    apply_prefect_env(settings)
    api = PrefectApi(settings.prefect_api_url)
    if api.url is None:
        from offshoring.service.local_server import LocalServer

        api.server = LocalServer(settings.prefect_home).start()
    try:
        yield api
    finally:
        api.close()


class PrefectApi:
    """Where flow runs of this process report; ``url`` None until the server is known."""

    def __init__(self, url: str | None):
        self.url = url
        self.server = None

    def resolve(self) -> str:
        """The API's URL, once it answers (Prefect is imported by now)."""
        if self.url is None:
            from prefect.settings import get_current_settings

            profile_url = get_current_settings().api.url  # `prefect config set ...`
            if profile_url:
                self.server.stop()
                self.server, self.url = None, profile_url
            else:
                self.url = self.server.wait_ready()
        return self.url

    @contextmanager
    def active(self) -> Iterator[str]:
        """Prefect settings of a flow run in this process, pointed at this API."""
        from prefect.settings import temporary_settings

        from offshoring.prefect_env import run_settings

        url = self.resolve()
        with temporary_settings(updates=run_settings(url)):
            try:
                yield url
            finally:
                if self.server is not None:
                    _flush()

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


def _flush() -> None:
    from offshoring.prefect_env import flush_prefect

    flush_prefect()


def run_flow(settings: Settings, files: list[Path] | None, command: str,
             api: PrefectApi | None = None) -> tuple:
    """Run the pipeline flow on ``files`` (None: the landing folder) in one session;
    (RunSummary, national progress rows read before the lock is released)."""
    with _api_for(settings, api) as run_api:  # the server starts first: 2-3 s to be ready
        from offshoring.pipeline import open_session  # pyarrow, numpy: after the start
        from offshoring.report import progress_rows

        with open_session(settings, command) as session:
            offshoring_pipeline = _flow_function()
            if run_api.server is not None:  # GX's import (~2 s) while the server starts
                _load_while_server_starts(session, run_api.server.answered())

            with run_api.active():
                summary = offshoring_pipeline(
                    files=[str(f) for f in files] if files is not None else None,
                    session=session)
            # Read before the lock is released: the next writer may open the file at once.
            progress = progress_rows(session.con, settings)
    return summary, progress


def _flow_function():
    """The pipeline flow; its first import in this process with the collector held. Only
    the first: the service runs many flows in one process, and a later block would freeze
    whatever a run left alive, its garbage included, for good (offshoring.collector)."""
    if "flows.pipeline" not in sys.modules:
        from offshoring.collector import paused

        with paused():
            import flows.pipeline  # noqa: F401
    from flows.pipeline import offshoring_pipeline

    return offshoring_pipeline


def _load_while_server_starts(session, answered: threading.Event) -> None:
    """What the run would do at first use, done while the server starts on the other
    core: Great Expectations and its context, ``FIRST_USE_MODULES``, then GX's results
    for the rules' empty frames until the server answers (offshoring.quality.warm)."""
    from offshoring.quality import warm

    try:
        _load_first_use()
        warm.judge_empty_frames(session.con, session.settings, stop=answered.is_set)
    except Exception:  # noqa: BLE001 - a warm-up: the run meets the same error and says why
        pass


def _load_first_use() -> None:
    """Great Expectations and its context, then ``FIRST_USE_MODULES``."""
    from offshoring.quality import gx_engine

    gx_engine.get_state()
    for name in FIRST_USE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # a warm-up: the run imports what it needs all the same
            pass


@contextmanager
def _api_for(settings: Settings, api: PrefectApi | None) -> Iterator[PrefectApi]:
    if api is not None:
        yield api
        return
    with prefect_api(settings) as started:
        yield started
