"""Re-publish the marts, now or as they were known on an as-of date.

Without a date the marts are rebuilt and published in place (``<warehouse>/marts``).
With a date, ``core.current`` is read as of that day (``core.indicators_as_of``), every
mart is written to ``<warehouse>/as_of/<date>/marts``, and the warehouse is unchanged.
Both go through the pipeline's stages with no file to process.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from offshoring.settings import ConfigError, load_settings


def parse_as_of(as_of: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD) or None; anything else is a configuration error."""
    if as_of in (None, ""):
        return None
    try:
        return date.fromisoformat(str(as_of))
    except ValueError:
        raise ConfigError(f"as_of={as_of!r} is not a date (YYYY-MM-DD)") from None


def republish(as_of: str | None = None, warehouse: str | None = None,
              cluster_slot: bool = False) -> Path:
    """Publish the marts (as of a date when given); return the marts folder.

    cluster_slot: hold Prefect's global writer slot too (the deployment does).
    """
    from offshoring.pipeline import open_session, run

    day = parse_as_of(as_of)
    with open_session(load_settings(warehouse), "backfill", as_of=day,
                      cluster_slot=cluster_slot) as session:
        run(session, files=[])
    return session.marts
