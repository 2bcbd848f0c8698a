"""Ready-made warehouses for tests: load once, copy per test."""

from __future__ import annotations

import shutil
from pathlib import Path

from offshoring.pipeline import run_pipeline
from offshoring.settings import load_settings
from tests.support import scenario


def build_scenario_warehouse(folder: Path, names: list[str] | None = None):
    """A warehouse holding the scenario releases (all by default); its settings."""
    settings = load_settings(folder / "warehouse")
    paths = scenario.write_releases(folder / "in", names)
    summary = run_pipeline(settings, paths, command="ingest")
    assert [o.status for o in summary.outcomes] == ["loaded"] * len(paths)
    return settings


def copy_warehouse(settings, target: Path):
    """A copy of a closed warehouse (symbolic links kept) and its settings."""
    shutil.copytree(settings.warehouse_dir, target / "warehouse", symlinks=True)
    return load_settings(target / "warehouse")


def build_sample_warehouse(folder: Path):
    """A warehouse loaded by the plain pipeline (no Prefect) from the sample releases:
    marts published, dashboard written; its settings."""
    from offshoring.sample import write_sample_releases

    settings = load_settings(folder / "warehouse")
    written = write_sample_releases(settings.landing_dir)
    summary = run_pipeline(settings)
    assert [o.status for o in summary.outcomes] == ["loaded"] * len(written)
    return settings
