"""What the dashboard shows, read from the marts (and the quality log when present)."""

from __future__ import annotations

NATIONAL = "segment = 'ALL' and region = 'MA'"


def rows(con, sql: str, params: list | None = None) -> list[dict]:
    """A query's rows as dicts."""
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def objectives(con) -> list[dict]:
    """National progress_2030 rows with the objective's source file."""
    return rows(con, """
        select p.*, o.source_file as target_file
        from marts.progress_2030 as p
        left join ref.objectives as o
            on p.indicator = o.indicator and o.segment = 'ALL' and o.region = 'MA'
            and o.kind = 'target'
        where p.segment = 'ALL' and p.region = 'MA'
        order by p.indicator = 'jobs' desc, p.indicator""")


def trajectory(con, indicator: str) -> list[dict]:
    """National trajectory of one indicator, by year."""
    return rows(con, f"select * from marts.trajectory where indicator = ? and {NATIONAL} "
                     "order by year", [indicator])


def breakdown(con, indicator: str, mart: str, key: str) -> list[dict]:
    """Latest year of segment_mix or regional_breakdown, with each row's progress status."""
    other = "region = 'MA'" if key == "segment" else "segment = 'ALL'"
    return rows(con, f"""
        select b.*, p.target_value, p.projection_status, p.status as cagr_status
        from marts.{mart} as b
        left join marts.progress_2030 as p
            on b.indicator = p.indicator and b.{key} = p.{key} and p.{other}
        where b.indicator = ? and b.year = (
            select max(year) from marts.{mart} where indicator = ?)
        order by b.value desc""", [indicator, indicator])


def quality_summary(con) -> list[dict] | None:
    """Per release: the latest check's passed and failed rules; None without a quality log."""
    present = con.execute("select count(*) from duckdb_tables() where schema_name = 'quality' "
                          "and table_name = 'check_results'").fetchall()[0][0]
    if not present:
        return None
    return rows(con, """
        with latest as (
            select * from quality.check_results
            qualify run_id = first_value(run_id) over (
                partition by load_id order by checked_at desc)
        )
        select load_id, file_name, file_sha256, max(checked_at) as checked_at,
               count(*) filter (where status = 'passed') as passed,
               count(*) filter (where status = 'failed') as failed,
               string_agg(rule_id, ', ' order by rule_id)
                   filter (where status = 'failed') as failed_rules
        from latest group by load_id, file_name, file_sha256 order by load_id""")
