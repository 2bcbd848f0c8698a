"""One settings object for the whole project, and the only reader of the environment.

Every path is built from the project root or the configured warehouse, never from the
current directory. Environment variables share one prefix, ``OFFSHORING_`` (Prefect's
own ``PREFECT_API_URL`` is read here too, so no other module looks at the environment).
Settings are passed explicitly to whatever needs them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from offshoring.limits import Limits
from offshoring.secrets import mask_url, url_problem

ENV_PREFIX = "OFFSHORING_"
SOURCE_SECRET_PREFIX = f"{ENV_PREFIX}SOURCE_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# pydantic error type -> what the one-line message says about the value
_PROBLEMS = {"float_parsing": "is not a number", "int_parsing": "is not a whole number",
             "int_from_float": "is not a whole number", "bool_parsing": "is not true or false"}


class ConfigError(ValueError):
    """A setting has a value we cannot use (exit code 2)."""


def _env(name: str, *aliases: str):
    """Field option: read from OFFSHORING_<NAME> (and the field's own name in code)."""
    return AliasChoices(*aliases, ENV_PREFIX + name)


@dataclass(frozen=True)
class Tolerances:
    """Tolerances of the quality rules; each is documented in docs/quality.md.

    Set one with ``OFFSHORING_TOLERANCES__<NAME>`` (e.g. ``..._STOCK_FLOW_ABS=1``).
    """

    additivity_abs: float = 1.0  # base units: 1 job, 1 MAD
    additivity_rel: float = 0.002  # 0.2 %: published segment figures are rounded
    stock_flow_abs: float = 0.5
    # Published stocks are rounded (148 500): 0.02 % of the stock (29.7 jobs at 148,500)
    # absorbs a residual of 20 and still catches a break of 100 jobs.
    stock_flow_rel: float = 0.0002
    growth_max_rel: float = 0.5  # |y_t / y_{t-1} - 1| above this is implausible
    revision_max_rel: float = 0.05
    # Signed flows (net_jobs) cross zero: their revisions are bounded in base units.
    revision_max_abs: float = 1000.0
    cross_source_rel: float = 0.02


class Settings(BaseSettings):
    """Resolved configuration of one process (see the README's Configuration table)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_nested_delimiter="__",
                                      env_ignore_empty=True, frozen=True, extra="ignore",
                                      populate_by_name=True)

    project_root: Path = Field(PROJECT_ROOT, validation_alias=_env("PROJECT_ROOT",
                                                                   "project_root"))
    warehouse_dir: Path | None = Field(None, validation_alias=_env("WAREHOUSE", "warehouse_dir"))
    landing_dir: Path | None = Field(None, validation_alias=_env("LANDING", "landing_dir"))
    # A landing file is taken once unchanged (size, modification time) for this long.
    landing_settle_s: float = Field(10.0, ge=0, validation_alias=_env("LANDING_SETTLE",
                                                                      "landing_settle_s"))
    lock_timeout_s: float = Field(30.0, validation_alias=_env("LOCK_TIMEOUT", "lock_timeout_s"))
    # DuckDB's memory cap for the writer: it spills to disk beyond it (firm files at 10 M rows;
    # 1GB keeps the process under 1.5 GiB there, bench/README.md).
    memory_limit: str = Field("1GB", validation_alias=_env("MEMORY_LIMIT", "memory_limit"))
    # Firm-level rows stay in the archived file (archive/<sha256>.csv); keeping them in
    # raw.firm_declarations too costs a full write of every row.
    keep_firm_rows: bool = Field(False, validation_alias=_env("KEEP_FIRM_ROWS",
                                                              "keep_firm_rows"))
    cagr_window_years: int = Field(5, validation_alias=_env("CAGR_WINDOW", "cagr_window_years"))
    # Fewer years of growth than this in the window: progress status insufficient_data.
    min_years_observed: int = Field(2, ge=1, validation_alias=_env("MIN_YEARS_OBSERVED",
                                                                   "min_years_observed"))
    status_on_track: float = 0.95
    status_acceleration: float = 0.60
    # Projection ratio (UN Statistics Division progress chart): on track / acceleration.
    projection_on_track: float = 0.95
    projection_acceleration: float = 0.10
    tolerances: Tolerances = Field(default_factory=Tolerances)
    # Rule catalogue (one folder per rule); None: <project>/expectations.
    expectations: Path | None = Field(None, validation_alias=_env("EXPECTATIONS",
                                                                  "expectations"))
    # How long a landing file must stay unchanged before a run takes it (docs/security.md).
    landing_settle_s: float = Field(10.0, validation_alias=_env("LANDING_SETTLE",
                                                                "landing_settle_s"))
    max_file_mb: float = Field(Limits.max_file_mb, validation_alias=_env("MAX_FILE_MB",
                                                                         "max_file_mb"))
    max_rows: int = Field(Limits.max_rows, validation_alias=_env("MAX_ROWS", "max_rows"))
    max_json_depth: int = Field(Limits.max_json_depth,
                                validation_alias=_env("MAX_JSON_DEPTH", "max_json_depth"))
    max_xlsx_cells: int = Field(Limits.max_xlsx_cells,
                                validation_alias=_env("MAX_XLSX_CELLS", "max_xlsx_cells"))
    # The worksheet of an XLSX release, when several could hold it (also `--sheet NAME`).
    xlsx_sheet: str | None = Field(None, validation_alias=_env("XLSX_SHEET", "xlsx_sheet"))
    # Publishers' table layouts (one YAML file each); None: <project>/layouts.
    layouts: Path | None = Field(None, validation_alias=_env("LAYOUTS", "layouts"))
    debug: bool = Field(False, validation_alias=_env("DEBUG", "debug"))
    # Tests only: stop at a named point of the pipeline (offshoring/testhooks.py).
    test_pause_at: str | None = Field(None, validation_alias=_env("TEST_PAUSE_AT",
                                                                  "test_pause_at"))
    http_attempts: int = Field(4, validation_alias=_env("HTTP_ATTEMPTS", "http_attempts"))
    http_base_delay_s: float = Field(1.0, validation_alias=_env("HTTP_BASE_DELAY",
                                                                "http_base_delay_s"))
    http_timeout_s: float = Field(30.0, validation_alias=_env("HTTP_TIMEOUT", "http_timeout_s"))
    webhook_url: SecretStr | None = Field(None, validation_alias=_env("WEBHOOK_URL",
                                                                      "webhook_url"))
    # OFFSHORING_SOURCE_<NAME>_TOKEN / _USER / _PASSWORD, keyed by the variable's suffix.
    source_secrets: dict[str, SecretStr] = Field(default_factory=dict, exclude=True)
    prefect_api_url: str | None = Field(None, validation_alias=AliasChoices(
        "prefect_api_url", "PREFECT_API_URL"))
    prefect_home_dir: Path | None = Field(None, validation_alias=AliasChoices(
        "prefect_home_dir", "PREFECT_HOME"))

    @field_validator("webhook_url")
    @classmethod
    def _webhook_is_usable(cls, value: SecretStr | None) -> SecretStr | None:
        problem = url_problem(value.get_secret_value()) if value else None
        if problem:
            raise ValueError(problem)
        return value

    @property
    def limits(self) -> Limits:
        """The limits received files are read under (``offshoring.limits``)."""
        return Limits(self.max_file_mb, self.max_rows, self.max_json_depth,
                      self.max_xlsx_cells)

    def model_post_init(self, context: Any) -> None:
        root = self.project_root.expanduser().resolve()
        warehouse = Path(self.warehouse_dir or root / "warehouse").expanduser().resolve()
        landing = Path(self.landing_dir or warehouse / "landing").expanduser().resolve()
        for name, value in (("project_root", root), ("warehouse_dir", warehouse),
                            ("landing_dir", landing)):
            object.__setattr__(self, name, value)

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

    @property
    def layouts_dir(self) -> Path:
        return Path(self.layouts) if self.layouts else self.project_root / "layouts"

    @property
    def layout_schema_path(self) -> Path:
        return self.project_root / "layouts" / "layout.schema.json"

    @property
    def contract_path(self) -> Path:
        return self.project_root / "docs" / "contract" / "marts.yaml"

    @property
    def prefect_file(self) -> Path:
        return self.project_root / "prefect.yaml"

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
    def snapshot_path(self) -> Path:
        """Read-only copy of the whole warehouse, replaced atomically after each publish."""
        return self.warehouse_dir / "snapshot.duckdb"

    @property
    def service_socket(self) -> Path:
        """Where a running ``offshoring serve`` takes the files of ``ingest`` and ``run``."""
        return self.warehouse_dir / ".service.sock"

    @property
    def service_lock_path(self) -> Path:
        return self.warehouse_dir / ".service.lock"

    @property
    def prefect_home(self) -> Path:
        """One Prefect home for every warehouse of this project: its database is migrated
        once, not per warehouse (``PREFECT_HOME`` chooses another)."""
        return Path(self.prefect_home_dir or self.project_root / ".prefect").expanduser()

    @property
    def sources_state_path(self) -> Path:
        return self.warehouse_dir / "sources_state.json"

    # --- secrets -----------------------------------------------------------------
    def source_secret(self, source_key: str, kind: str) -> str | None:
        """``OFFSHORING_SOURCE_<SOURCE_KEY>_<KIND>`` (kind: TOKEN, USER, PASSWORD)."""
        secret = self.source_secrets.get(f"{source_key}_{kind}")
        return secret.get_secret_value() if secret else None

    def secret_values(self) -> list[str]:
        """Every configured secret, for redaction (webhook URL, source tokens and
        passwords; user names are not secret). ``offshoring.secrets.redact`` also masks a
        URL's path."""
        values = [s.get_secret_value() for key, s in self.source_secrets.items()
                  if not key.endswith("_USER")]
        if self.webhook_url:
            values.append(self.webhook_url.get_secret_value())
        return [v for v in values if v]

    def with_overrides(self, **changes) -> Settings:
        return self.model_copy(update=changes)


def _source_secrets(environ) -> dict[str, str]:
    return {key.removeprefix(SOURCE_SECRET_PREFIX): value for key, value in environ.items()
            if key.startswith(SOURCE_SECRET_PREFIX) and value}


def _one_line(err: ValidationError) -> str:
    first = err.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "?"
    info = Settings.model_fields.get(field)
    alias = info.validation_alias if info else None
    names = [c for c in getattr(alias, "choices", []) if str(c).startswith(ENV_PREFIX)]
    name = names[0] if names else ENV_PREFIX + field.upper()
    problem = _PROBLEMS.get(first["type"], first["msg"]).removeprefix("Value error, ")
    given = first.get("input")
    if field == "webhook_url":  # a secret: never printed whole
        given = mask_url(given)
    return f"{name}={given!r} {problem}"


def load_settings(warehouse: str | os.PathLike | None = None,
                  landing: str | os.PathLike | None = None, **overrides) -> Settings:
    """Settings from arguments, then ``OFFSHORING_*`` variables, then defaults."""
    given = {"warehouse_dir": warehouse, "landing_dir": landing, **overrides}
    try:
        settings = Settings(**{k: v for k, v in given.items() if v is not None},
                            source_secrets=_source_secrets(os.environ))
    except ValidationError as err:
        raise ConfigError(_one_line(err)) from None
    if settings.warehouse_dir.exists() and not settings.warehouse_dir.is_dir():
        raise ConfigError(f"warehouse {settings.warehouse_dir} exists and is not a folder")
    return settings
