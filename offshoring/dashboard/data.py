"""What the dashboard shows, read from the marts as published (``published.<mart>``:
``offshoring.publish.reading_published``) and the quality log (queries:
``sql/reports/dashboard_*.sql``)."""

from __future__ import annotations

from offshoring.warehouse import query

MARTS = ("progress_2030", "trajectory", "segment_mix", "regional_breakdown")  # what it reads
BREAKDOWN_QUERIES = {"segment": "reports/dashboard_segments.sql",
                     "region": "reports/dashboard_regions.sql"}


def objectives(con, settings) -> list[dict]:
    """National progress_2030 rows with the objective's source file."""
    return query(con, settings, "reports/dashboard_objectives.sql")


def trajectory(con, settings, indicators: list[str]) -> dict[str, list[dict]]:
    """National trajectory of each indicator, by year (one query for every indicator)."""
    return _by_indicator(query(con, settings, "reports/dashboard_trajectory.sql"), indicators)


def breakdown(con, settings, indicators: list[str], key: str) -> dict[str, list[dict]]:
    """Per indicator, the latest year of segment_mix (key segment) or regional_breakdown
    (key region), with each row's progress status."""
    return _by_indicator(query(con, settings, BREAKDOWN_QUERIES[key]), indicators)


def quality_summary(con, settings) -> list[dict]:
    """Per file: the latest check's passed and failed rules."""
    return query(con, settings, "reports/dashboard_quality.sql")


def _by_indicator(rows: list[dict], indicators: list[str]) -> dict[str, list[dict]]:
    """The rows of each indicator, in the query's order (an indicator without rows: [])."""
    grouped: dict[str, list[dict]] = {i: [] for i in indicators}
    for row in rows:
        if row["indicator"] in grouped:
            grouped[row["indicator"]].append(row)
    return grouped
