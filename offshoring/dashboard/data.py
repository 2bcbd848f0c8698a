"""What the dashboard shows, read from the marts and the quality log
(queries: ``sql/reports/dashboard_*.sql``)."""

from __future__ import annotations

from offshoring.warehouse import query

BREAKDOWN_QUERIES = {"segment": "reports/dashboard_segments.sql",
                     "region": "reports/dashboard_regions.sql"}


def objectives(con, settings) -> list[dict]:
    """National progress_2030 rows with the objective's source file."""
    return query(con, settings, "reports/dashboard_objectives.sql")


def trajectory(con, settings, indicator: str) -> list[dict]:
    """National trajectory of one indicator, by year."""
    return query(con, settings, "reports/dashboard_trajectory.sql", {"indicator": indicator})


def breakdown(con, settings, indicator: str, key: str) -> list[dict]:
    """Latest year of segment_mix (key segment) or regional_breakdown (key region), with
    each row's progress status."""
    return query(con, settings, BREAKDOWN_QUERIES[key], {"indicator": indicator})


def quality_summary(con, settings) -> list[dict]:
    """Per file: the latest check's passed and failed rules."""
    return query(con, settings, "reports/dashboard_quality.sql")
