"""``offshoring serve``: the deployments of prefect.yaml served by one long-running process.

The simplest scheduler for one machine: no work pool, no worker. Schedules, parameters
and descriptions are read from ``prefect.yaml`` so both ways of running share one
definition. Runs execute one at a time (``limit=1``): one writer on the warehouse.
"""

from __future__ import annotations

from pathlib import Path

SERVE_RUN_LIMIT = 1


def read_deployments(path: Path, names: list[str] | None = None) -> list[dict]:
    """The deployment entries of prefect.yaml (all, or those named)."""
    import yaml

    spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    found = [d for d in spec.get("deployments") or [] if not names or d["name"] in names]
    missing = set(names or []) - {d["name"] for d in found}
    if missing:
        raise ValueError(f"no deployment named {', '.join(sorted(missing))} in {path}")
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


def serve(settings, names: list[str] | None = None) -> None:
    """Serve the deployments until interrupted (Ctrl-C pauses their schedules)."""
    import os

    os.environ["OFFSHORING_WAREHOUSE"] = str(settings.warehouse_dir)
    os.environ["OFFSHORING_LANDING"] = str(settings.landing_dir)
    os.environ.setdefault("OFFSHORING_PROJECT_ROOT", str(settings.project_root))
    os.chdir(settings.project_root)  # entrypoints and pull steps are relative to the project

    from prefect import serve as prefect_serve

    from offshoring.concurrency import ensure_writer_limit

    deployments = [to_runner_deployment(e, settings.project_root)
                   for e in read_deployments(settings.prefect_file, names)]
    ensure_writer_limit()
    prefect_serve(*deployments, limit=SERVE_RUN_LIMIT)


def cmd_serve(args, settings) -> int:
    """``offshoring serve``: needs PREFECT_API_URL (a running server) to be useful."""
    import sys

    from offshoring.secrets import prefect_api_configured

    if not prefect_api_configured(settings):
        print("offshoring serve: set PREFECT_API_URL to a running Prefect server "
              "(see docs/operations.md)", file=sys.stderr)
        return 2
    serve(settings, getattr(args, "deployment", None))
    return 0
