"""The firm benchmark's floor: the pipeline's work on a declarations file, written as a
plain DuckDB script (no framework, no records, no GX).

The same outputs as ``offshoring ingest`` of the file: the rule counts (stock-flow
identity, one declaration per firm and month, known codes, no negative value, gaps,
stable segment and region) and the sector statistics with their job dynamics (gaps
carried forward, entries and exits, every month, complete quarter and complete year,
every segment and ALL, every region and MA), written as Parquet.
``tests/unit/test_bench_firms_baseline.py`` checks that its figures are the pipeline's.

Written the way a DuckDB user would: one table of the file, one window over the firms'
months that serves every sequence rule and the gaps, entries and exits, then the
aggregation.
"""

from __future__ import annotations

from pathlib import Path

SEGMENTS = ("ITO", "CRM", "BPO", "KPO", "ESO")
REGIONS = tuple(f"MA-{i:02d}" for i in range(1, 13))
CSV_COLUMNS = (
    "{'firm_id': 'VARCHAR', 'period': 'VARCHAR', 'segment': 'VARCHAR', 'region': 'VARCHAR', "
    "'employees': 'BIGINT', 'hires': 'BIGINT', 'separations': 'BIGINT', "
    "'exports_mad': 'DOUBLE', 'published_on': 'DATE'}"
)

LOAD = f"""
create table decl as
select *, cast(period || '-01' as date) as month
from read_csv($path, header = true, auto_detect = false, columns = {CSV_COLUMNS})
"""

# Every row with its firm's month before and after: the sequence rules and the churn.
SEQUENCE = """
create temp table seq as
select
    month, segment, region, employees, hires - separations as declared_net,
    exports_mad, published_on,
    lag(month) over w as prev_month,
    lead(month) over w as next_month,
    lag(employees) over w as prev_employees,
    lag(segment) over w as prev_segment,
    lag(region) over w as prev_region
from decl
window w as (partition by firm_id order by month)
"""

RULE_COUNTS = """
select
    count(*) filter (where prev_month = month - interval 1 month
                     and employees <> prev_employees + declared_net) as stock_flow,
    count(*) filter (where prev_month = month) as duplicates,
    count(*) filter (where prev_month < month - interval 1 month) as gaps,
    count(*) filter (where prev_month < month
                     and (segment <> prev_segment or region <> prev_region)) as attribute_changes
from seq
"""

COLUMN_COUNTS = f"""
select
    count(*) filter (where segment not in {SEGMENTS} or region not in {REGIONS}
                     or month is null or firm_id is null or published_on is null),
    count(*) filter (where employees < 0 or hires < 0 or separations < 0 or exports_mad < 0
                     or employees is null or hires is null or separations is null
                     or exports_mad is null)
from decl
"""

AGGREGATE = """
create table agg as
with
span as (select min(month) as first_month, max(month) as last_month from seq),
firm_months as (
    select
        s.month, s.segment, s.region, s.employees, s.declared_net, s.exports_mad,
        s.published_on, 0 as imputed,
        (s.prev_month is null and s.month > p.first_month)::int as entry,
        (s.next_month is null and s.month < p.last_month)::int as leaving
    from seq as s, span as p
    union all
    -- a gap: the declaration before it carried forward, month by month
    select
        g.month::date, s.segment, s.region, s.employees, 0, s.exports_mad,
        s.published_on, 1, 0, 0
    from seq as s,
        generate_series(s.month + interval 1 month, s.next_month - interval 1 month,
                        interval 1 month) as g (month)
    where s.next_month > s.month + interval 1 month
),
cells as (
    select
        month, segment, region,
        sum(employees) as jobs, sum(declared_net) as declared_net,
        sum(exports_mad) as exports_mad, count(*) as companies,
        sum(imputed) as imputed, sum(employees * entry) as entry_jobs,
        sum(entry) as entries, sum(employees * leaving) as leaving_jobs,
        sum(leaving) as leaving, max(published_on) as published_on
    from firm_months
    group by all
),
grid as (
    select g.month::date as month, k.segment, k.region
    from span, generate_series(first_month, last_month, interval 1 month) as g (month),
        (select distinct segment, region from cells) as k
),
by_cell as (
    select
        g.month, g.segment, g.region,
        c.month is not null as here,
        lag(c.month is not null) over w as before,
        coalesce(c.jobs, 0) as jobs,
        lag(coalesce(c.jobs, 0)) over w as previous_jobs,
        coalesce(c.declared_net, 0) as declared_net,
        coalesce(c.exports_mad, 0) as exports_mad,
        coalesce(c.companies, 0) as companies,
        coalesce(c.imputed, 0) as imputed,
        coalesce(c.entry_jobs, 0) as entry_jobs,
        coalesce(c.entries, 0) as entries,
        coalesce(lag(c.leaving_jobs) over w, 0) as exit_jobs,
        coalesce(lag(c.leaving) over w, 0) as exits,
        c.published_on
    from grid as g
    left join cells as c using (month, segment, region)
    window w as (partition by g.segment, g.region order by g.month)
),
months as (
    select
        month, coalesce(segment, 'ALL') as segment, coalesce(region, 'MA') as region,
        sum(jobs) as jobs, sum(previous_jobs) as previous_jobs,
        sum(declared_net) as declared_net, sum(exports_mad) as exports_mad,
        sum(companies) as companies, sum(imputed) as imputed,
        sum(entry_jobs) as entry_jobs, sum(entries) as entries,
        sum(exit_jobs) as exit_jobs, sum(exits) as exits
    from by_cell
    where here or before
    group by grouping sets ((month, segment, region), (month, segment), (month, region), (month))
),
monthly as (
    select
        'M' as freq, strftime(month, '%Y-%m') as period, month as period_start, month,
        segment, region, jobs, companies, exports_mad, imputed,
        if(month = first_month, declared_net, jobs - previous_jobs) as net_jobs,
        if(month = first_month, null, previous_jobs) as previous_jobs,
        if(month = first_month, declared_net,
           jobs - previous_jobs - entry_jobs + exit_jobs) as continuing_net,
        if(month = first_month, null, entry_jobs) as entry_jobs,
        if(month = first_month, null, exit_jobs) as exit_jobs,
        if(month = first_month, null, entries) as entries,
        if(month = first_month, null, exits) as exits
    from months, span
),
longer as (
    select
        f.freq,
        if(f.freq = 'Q', printf('%d-Q%d', year(m.month), quarter(m.month)),
           cast(year(m.month) as varchar)) as period,
        date_trunc(if(f.freq = 'Q', 'quarter', 'year'), m.month) as period_start,
        f.months as months_in_period,
        m.* exclude (freq, period, period_start)
    from monthly as m, (values ('Q', 3), ('A', 12)) as f (freq, months)
),
longer_agg as (
    select
        freq, any_value(period) as period, period_start, segment, region,
        count(distinct month) as months_seen, any_value(months_in_period) as months_in_period,
        coalesce(arg_max(jobs, month), 0) as jobs,
        coalesce(arg_max(companies, month), 0) as companies,
        sum(exports_mad) as exports_mad, sum(imputed) as imputed, sum(net_jobs) as net_jobs,
        arg_min(previous_jobs, month) as previous_jobs,
        sum(continuing_net) as continuing_net, sum(entry_jobs) as entry_jobs,
        sum(exit_jobs) as exit_jobs, sum(entries) as entries, sum(exits) as exits
    from longer
    group by freq, period_start, segment, region
),
complete as (
    select freq, period_start from longer
    group by freq, period_start
    having count(distinct month) = any_value(months_in_period)
)
select * exclude (month) from monthly
union all by name
select l.* exclude (months_seen, months_in_period)
from longer_agg as l semi join complete using (freq, period_start)
"""


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def run(con, path: Path, out: Path) -> dict:
    """Load ``path``, count each rule's failures, aggregate, write ``out`` (Parquet)."""
    con.execute(LOAD, {"path": str(path)})
    con.execute(SEQUENCE)
    rules = con.execute(RULE_COUNTS).fetchone()
    columns = con.execute(COLUMN_COUNTS).fetchone()
    con.execute(AGGREGATE)
    con.execute(f"copy agg to '{_literal(out)}' (format parquet)")
    return {"rule_counts": {"stock_flow": rules[0], "unique_key": rules[1], "gap": rules[2],
                            "stable_attributes": rules[3], "known_codes": columns[0],
                            "non_negative": columns[1]},
            "aggregate_rows": con.execute("select count(*) from agg").fetchone()[0]}
