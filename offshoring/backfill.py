"""Re-publish the marts, now or as they were known on an as-of date.

Without a date the marts are rebuilt and published in place (``<warehouse>/marts``).
With a date, inside one transaction that is rolled back, ``core.current`` is replaced by
the vintages valid on that day (``core.indicators_as_of``), every mart is written to
``<warehouse>/as_of/<date>/marts``, and the warehouse is left unchanged.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from offshoring.settings import ConfigError, Settings, load_settings

AS_OF_DIR = "as_of"

# Same columns as sql/core/20_current.sql, from the vintages valid on the day.
AS_OF_CURRENT_SQL = """
create or replace view core.current as
select
    indicator, frequency, period, period_start, period_end, segment, region, source,
    value, unit, status, series_break, valid_from as published_on, valid_from, valid_to,
    vintage_no, load_id, file_name, file_sha256
from core.indicators_as_of(date '{as_of}')
"""


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
    con.begin()
    try:
        con.execute(AS_OF_CURRENT_SQL.format(as_of=day.isoformat()))
        return publish_marts(con, target)
    finally:
        con.rollback()  # the warehouse keeps its real core.current
