"""Re-publish the marts, now or as they were known on an as-of date.

Without a date the marts are rebuilt and published in place (``<warehouse>/marts``).
With a date, the connection's variable ``as_of_date`` is set, so ``core.current`` (and
every mart built on it) shows the vintages valid on that day; every mart is written to
``<warehouse>/as_of/<date>/marts``, the variable is reset, and the warehouse is left
unchanged.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from offshoring.settings import ConfigError, Settings, load_settings

AS_OF_DIR = "as_of"
AS_OF_VARIABLE = "as_of_date"  # read by sql/core/current.sql with getvariable()


def parse_as_of(as_of: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD) or None; anything else is a configuration error."""
    if as_of in (None, ""):
        return None
    try:
        return date.fromisoformat(str(as_of))
    except ValueError:
        raise ConfigError(f"as_of={as_of!r} is not a date (YYYY-MM-DD)") from None


def as_of_settings(settings: Settings, day: date) -> Settings:
    """Settings whose marts and publish folders live under ``as_of/<day>/``."""
    return settings.with_overrides(warehouse_dir=settings.warehouse_dir / AS_OF_DIR /
                                   day.isoformat())


def republish(as_of: str | None = None, warehouse: str | None = None) -> Path:
    """Rebuild and publish the marts (as of a date when given); return the marts folder."""
    from offshoring import pipeline
    from offshoring import warehouse as wh
    from offshoring.publish import publish_marts

    day = parse_as_of(as_of)
    settings = load_settings(warehouse)
    with wh.writer_lock(settings):
        ctx = pipeline.open_run(settings, "backfill")
        status = "failed"
        try:
            pipeline.transform(ctx)
            if day is None:
                marts = publish_marts(ctx.con, settings)
            else:
                marts = _publish_as_of(ctx.con, settings, day)
            status = "completed"
        finally:
            pipeline.close_run(ctx, status)
    return marts


def _publish_as_of(con, settings: Settings, day: date) -> Path:
    from offshoring.publish import publish_marts

    target = as_of_settings(settings, day)
    target.warehouse_dir.mkdir(parents=True, exist_ok=True)
    con.execute(f"set variable {AS_OF_VARIABLE} = ?", [day])
    try:
        return publish_marts(con, target)
    finally:
        con.execute(f"reset variable {AS_OF_VARIABLE}")  # core.current: the latest again
