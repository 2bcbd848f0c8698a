"""``offshoring serve``: one long-running process for one machine.

It serves the deployments of prefect.yaml (schedules, parameters and descriptions read
from the file, so both ways of running share one definition; no work pool, no worker),
watches the landing folder and runs the pipeline for new settled files, and takes the
files of ``offshoring ingest`` / ``run`` (``offshoring.service``). Without
``PREFECT_API_URL`` it starts a Prefect server (API and UI) for its own lifetime.
Runs execute one at a time: one writer on the warehouse.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
from contextlib import ExitStack
from pathlib import Path

from offshoring.settings import ConfigError

SERVE_RUN_LIMIT = 1
UI_PORT = 4200  # Prefect's usual port; any free one when it is taken
RUNNER_STOP_S = 15.0


class ServiceRunning(RuntimeError):
    """Another ``offshoring serve`` holds this warehouse (exit code 4)."""


def read_deployments(path: Path, names: list[str] | None = None) -> list[dict]:
    """The deployment entries of prefect.yaml (all, or those named)."""
    import yaml

    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    found = [d for d in spec.get("deployments") or [] if not names or d["name"] in names]
    missing = set(names or []) - {d["name"] for d in found}
    if missing:
        raise ConfigError(f"no deployment named {', '.join(sorted(missing))} in {path}")
    return found


def schedules_of(entry: dict) -> list:
    """Prefect schedules of a prefect.yaml entry (cron + timezone)."""
    from prefect.schedules import Cron

    return [Cron(s["cron"], timezone=s.get("timezone"), active=s.get("active", True))
            for s in entry.get("schedules") or [] if s.get("cron")]


def to_runner_deployment(entry: dict, root: Path):
    """A served deployment from a prefect.yaml entry (entrypoint relative to ``root``)."""
    from prefect.flows import load_flow_from_entrypoint

    file_part, func = entry["entrypoint"].split(":")
    flow = load_flow_from_entrypoint(f"{root / file_part}:{func}")
    return flow.to_deployment(
        name=entry["name"],
        schedules=schedules_of(entry),
        parameters={k: v for k, v in (entry.get("parameters") or {}).items() if v is not None},
        description=entry.get("description"),
        tags=entry.get("tags"),
    )


def start_deployments(settings, entries: list[dict]):
    """Prefect's runner for these prefect.yaml entries, in a thread; (runner, thread)."""
    import asyncio

    from prefect.runner import Runner

    from offshoring.concurrency import ensure_writer_limit

    runner = Runner(limit=SERVE_RUN_LIMIT, pause_on_shutdown=True)
    for entry in entries:
        runner.add_deployment(to_runner_deployment(entry, settings.project_root))
    ensure_writer_limit()
    thread = threading.Thread(target=lambda: asyncio.run(runner.start()), daemon=True,
                              name="deployments")
    thread.start()
    return runner, thread


def stop_deployments(runner, thread: threading.Thread) -> None:
    """Stop polling for scheduled runs (pausing the schedules) and wait a little."""
    if getattr(runner, "_loop", None) is not None and runner.started:
        runner.execute_in_background(runner.astop)
    thread.join(RUNNER_STOP_S)


def serve(settings, names: list[str] | None = None, say=print) -> int:
    """Run the service until SIGINT or SIGTERM (the current run finishes first)."""
    from offshoring.prefect_env import apply_prefect_env
    from offshoring.service.runs import PrefectApi
    from offshoring.service.service import Service

    entries = read_deployments(settings.prefect_file, names)  # a wrong name: before anything
    with ExitStack() as stack:
        stack.enter_context(ServiceLock(settings))
        apply_prefect_env(settings)
        api_url = settings.prefect_api_url or _own_server(settings, stack, say)
        apply_prefect_env(settings, api_url)  # the runner's flow-run processes inherit it
        # The deployments' runs read these from the environment they inherit.
        os.environ["OFFSHORING_WAREHOUSE"] = str(settings.warehouse_dir)
        os.environ["OFFSHORING_LANDING"] = str(settings.landing_dir)
        os.environ.setdefault("OFFSHORING_PROJECT_ROOT", str(settings.project_root))
        os.chdir(settings.project_root)  # entrypoints and pull steps are relative to it
        _warm_up()
        service = Service(settings.with_overrides(prefect_api_url=api_url),
                          PrefectApi(api_url), say=say)
        runner, runner_thread = start_deployments(settings, entries)
        stack.callback(stop_deployments, runner, runner_thread)
        listener = stack.enter_context(HandoffSocket(settings))
        settings.landing_dir.mkdir(parents=True, exist_ok=True)  # there when we say so
        for target, args in ((service.watch_landing, ()), (service.listen, (listener,))):
            threading.Thread(target=target, args=args, daemon=True).start()
        say(f"watching {settings.landing_dir} (files taken {settings.landing_settle_s:g} s "
            "after their last change); `offshoring ingest` and `run` hand their files here")
        say(f"serving deployments {', '.join(e['name'] for e in entries)} "
            "(Ctrl-C stops after the current run)")
        _stop_on_signals(service.stop)
        service.serve_forever()
    return 0


def _own_server(settings, stack: ExitStack, say) -> str:
    from offshoring.service.local_server import LocalServer

    server = stack.enter_context(LocalServer(settings.prefect_home, ui=True, port=UI_PORT))
    api_url = server.wait_ready()
    say(f"Prefect UI: {server.url} (a Prefect server for this service's lifetime, "
        f"state in {settings.prefect_home})")
    return api_url


def _warm_up() -> None:
    """Import the flow and Great Expectations now, not at the first file."""
    import flows.pipeline  # noqa: F401
    from offshoring.quality import gx_engine

    gx_engine.get_state()


class ServiceLock:
    """The warehouse's service lock: one ``offshoring serve`` per warehouse."""

    def __init__(self, settings):
        self.path = settings.service_lock_path
        self.fd: int | None = None

    def __enter__(self):
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(self.fd, 32).decode(errors="replace").strip() or "?"
            os.close(self.fd)
            raise ServiceRunning(f"the warehouse {self.path.parent} is already served by "
                                 f"`offshoring serve` (pid {holder})") from None
        os.ftruncate(self.fd, 0)
        os.write(self.fd, f"{os.getpid()}\n".encode())
        return self

    def __exit__(self, *exc) -> None:
        os.close(self.fd)


class HandoffSocket:
    """The hand-off socket (mode 0600), removed when the service stops."""

    def __init__(self, settings):
        self.path = settings.service_socket

    def __enter__(self) -> socket.socket:
        from offshoring.service.handoff import socket_address

        self.path.unlink(missing_ok=True)  # left by a service killed with kill -9
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        with socket_address(self.path) as address:
            self.listener.bind(address)
        os.chmod(self.path, 0o600)
        self.listener.listen(16)
        return self.listener

    def __exit__(self, *exc) -> None:
        self.path.unlink(missing_ok=True)
        self.listener.close()


def _stop_on_signals(stop: threading.Event) -> None:
    """SIGINT / SIGTERM: stop after the current run; a second one interrupts it."""
    def handle(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handle)


def cmd_serve(args, settings) -> int:
    """``offshoring serve``: deployments, landing watcher and hand-off, until stopped."""
    try:
        return serve(settings, getattr(args, "deployment", None),
                     say=lambda line: print(f"offshoring serve: {line}", flush=True))
    except ServiceRunning as err:
        print(f"offshoring serve: {err}", file=sys.stderr)
        return 4
