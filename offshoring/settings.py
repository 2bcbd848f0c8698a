"""One settings object for the whole project.

Every path is built from the project root or the configured warehouse, never from the
current directory. Environment variables share one prefix: ``OFFSHORING_``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

ENV_PREFIX = "OFFSHORING_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A setting has a value we cannot use (exit code 2)."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(ENV_PREFIX + name)
    return value if value not in (None, "") else default


def _float(name: str, default: float) -> float:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{ENV_PREFIX}{name}={raw!r} is not a number") from None


def _int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{ENV_PREFIX}{name}={raw!r} is not a whole number") from None


@dataclass(frozen=True)
class Tolerances:
    """Tolerances of the quality rules; each is documented in docs/quality.md."""

    additivity_abs: float = 1.0  # base units: 1 job, 1 MAD
    additivity_rel: float = 0.002  # 0.2 %: published segment figures are rounded
    stock_flow_abs: float = 0.5
    growth_max_rel: float = 0.5  # |y_t / y_{t-1} - 1| above this is implausible
    revision_max_rel: float = 0.05
    cross_source_rel: float = 0.02


@dataclass(frozen=True)
class Settings:
    """Resolved configuration of one process."""

    warehouse_dir: Path
    landing_dir: Path
    project_root: Path = PROJECT_ROOT
    lock_timeout_s: float = 30.0
    # DuckDB's memory cap for the writer: it spills to disk beyond it (firm files at 10 M rows).
    memory_limit: str = "1280MB"
    # Firm-level rows stay in the archived file (archive/<sha256>.csv); keeping them in
    # raw.firm_declarations too costs a full write of every row (OFFSHORING_KEEP_FIRM_ROWS=1).
    keep_firm_rows: bool = False
    cagr_window_years: int = 5
    status_on_track: float = 0.95
    status_acceleration: float = 0.60
    # Projection ratio (UN Statistics Division progress chart): on track / acceleration.
    projection_on_track: float = 0.95
    projection_acceleration: float = 0.10
    tolerances: Tolerances = field(default_factory=Tolerances)
    # Rule catalogue and suites (rules.json, *.json); None: <project>/expectations.
    # OFFSHORING_EXPECTATIONS, e.g. a copy with other severities.
    expectations: Path | None = None

    # --- project files -----------------------------------------------------------
    @property
    def seeds_dir(self) -> Path:
        return self.project_root / "seeds"

    @property
    def sql_dir(self) -> Path:
        return self.project_root / "sql"

    @property
    def expectations_dir(self) -> Path:
        return Path(self.expectations) if self.expectations else self.project_root / "expectations"

    # --- warehouse files ---------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.warehouse_dir / "offshoring.duckdb"

    @property
    def lock_path(self) -> Path:
        return self.warehouse_dir / ".writer.lock"

    @property
    def archive_dir(self) -> Path:
        return self.warehouse_dir / "archive"

    @property
    def quarantine_dir(self) -> Path:
        return self.warehouse_dir / "quarantine"

    @property
    def marts_dir(self) -> Path:
        return self.warehouse_dir / "marts"

    @property
    def publish_dir(self) -> Path:
        return self.warehouse_dir / ".publish"

    @property
    def data_docs_dir(self) -> Path:
        return self.warehouse_dir / "data_docs"

    @property
    def report_dir(self) -> Path:
        return self.warehouse_dir / "report"

    @property
    def report_index(self) -> Path:
        return self.report_dir / "index.html"

    @property
    def contract_path(self) -> Path:
        return self.project_root / "docs" / "contract" / "marts.yaml"

    @property
    def prefect_home(self) -> Path:
        return self.warehouse_dir / ".prefect"

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **changes)


def load_settings(warehouse: str | os.PathLike | None = None,
                  landing: str | os.PathLike | None = None) -> Settings:
    """Settings from arguments, then ``OFFSHORING_*`` variables, then defaults."""
    wh = Path(warehouse or _env("WAREHOUSE") or PROJECT_ROOT / "warehouse")
    wh = wh.expanduser().resolve()
    land = Path(landing or _env("LANDING") or wh / "landing").expanduser().resolve()
    if wh.exists() and not wh.is_dir():
        raise ConfigError(f"warehouse {wh} exists and is not a folder")
    return Settings(
        warehouse_dir=wh,
        landing_dir=land,
        lock_timeout_s=_float("LOCK_TIMEOUT", 30.0),
        memory_limit=_env("MEMORY_LIMIT", "1280MB"),
        keep_firm_rows=_env("KEEP_FIRM_ROWS", "0").lower() in ("1", "true", "yes"),
        cagr_window_years=_int("CAGR_WINDOW", 5),
        expectations=Path(_env("EXPECTATIONS")).expanduser().resolve()
        if _env("EXPECTATIONS") else None,
    )
