-- firm_periods: the sector statistics and job dynamics of the firm declarations load
-- $load_id, for every month, complete quarter and complete year, every segment and
-- ALL, every region and MA. Read by sql/firms/aggregate.sql (core.release_values) and
-- sql/firms/dynamics.sql (core.firm_dynamics), then dropped.
-- One pass over the load's rows joined with a per-firm summary (first and last month,
-- months declared: a hash aggregate, no sort); only firms with a gap are read again.
-- - A gap (months missing between two declarations of a firm) is not a closure: the
--   firm's last declaration is carried forward over it (imputed; no hires, no
--   separations) - firm.gap warns about it.
-- - An entry is a firm first seen after the load's first month; an exit is a firm last
--   seen before the load's last month (its last employees leave the next month).
-- - Month t after the load's first: net_jobs = jobs[t] - jobs[t-1] exactly, split into
--   entry_jobs - exit_jobs + continuing_net (the residual: changes of continuing firms,
--   moves between cells included). The load's first month has no month before it:
--   net_jobs is the declared hires - separations; entries and exits are unknown (NULL).
-- - Quarters and years: stocks (jobs, companies) of the last month, flows summed; only
--   when the load covers all their months.
-- Grain: one row per (frequency, period, segment, region).
create or replace temp table firm_periods as
with

-- Not materialized: each reader scans the load (a copy of its rows costs more).
declared as not materialized (
    select
        firm_id,
        period_start,
        segment,
        region,
        employees,
        hires - separations as declared_net,
        exports_mad,
        published_on
    from staging.stg_firm_declarations
    where load_id = $load_id
),

firms as (
    select
        firm_id,
        min(period_start) as first_month,
        max(period_start) as last_month,
        count(*) as months_declared
    from declared
    group by firm_id
),

span as (
    select
        min(first_month) as load_first,
        max(last_month) as load_last
    from firms
),

gap_firms as (
    select * from firms
    where months_declared < datediff('month', first_month, last_month) + 1
),

missing as (
    select
        g.firm_id,
        cast(m.month_start as date) as period_start
    from gap_firms as g,
        generate_series(g.first_month, g.last_month, interval 1 month) as m (month_start)
    anti join declared as d
        on g.firm_id = d.firm_id and cast(m.month_start as date) = d.period_start
),

-- The declaration each missing month carries forward: the firm's latest before it.
imputed as (
    select
        m.firm_id,
        m.period_start,
        d.segment,
        d.region,
        d.employees,
        0 as declared_net,
        d.exports_mad,
        d.published_on,
        true as is_imputed
    from missing as m
    asof join (
        select d.* from declared as d
        semi join gap_firms as g on d.firm_id = g.firm_id
    ) as d
        on m.firm_id = d.firm_id and m.period_start >= d.period_start
),

firm_months as (
    select
        *,
        false as is_imputed
    from declared
    union all
    select * from imputed
),

cells as (
    select
        r.period_start,
        r.segment,
        r.region,
        sum(r.employees) as jobs,
        sum(r.declared_net) as declared_net,
        sum(r.exports_mad) as exports_mad,
        count(*) as companies,
        count(*) filter (where r.is_imputed) as imputed_firm_months,
        coalesce(sum(r.employees) filter (where is_entry), 0) as entry_jobs,
        count(*) filter (where is_entry) as entries,
        coalesce(sum(r.employees) filter (where is_last), 0) as leaving_jobs,
        count(*) filter (where is_last) as leaving,
        max(r.published_on) as published_on
    from (
        select
            m.*,
            m.period_start = f.first_month and f.first_month > s.load_first as is_entry,
            m.period_start = f.last_month and f.last_month < s.load_last as is_last
        from firm_months as m
        inner join firms as f on m.firm_id = f.firm_id
        cross join span as s
    ) as r
    group by r.period_start, r.segment, r.region
),

-- Every month of the load for every cell, so that a month a cell empties is published.
grid as (
    select
        cast(m.month_start as date) as period_start,
        k.segment,
        k.region
    from span as s,
        generate_series(s.load_first, s.load_last, interval 1 month) as m (month_start)
    cross join (
        select distinct
            segment,
            region
        from cells
    ) as k
),

monthly_cells as (
    select
        g.period_start,
        g.segment,
        g.region,
        c.period_start is not null as declared_here,
        coalesce(c.jobs, 0) as jobs,
        lag(coalesce(c.jobs, 0)) over w as previous_jobs,
        coalesce(c.declared_net, 0) as declared_net,
        coalesce(c.exports_mad, 0) as exports_mad,
        coalesce(c.companies, 0) as companies,
        coalesce(c.imputed_firm_months, 0) as imputed_firm_months,
        coalesce(c.entry_jobs, 0) as entry_jobs,
        coalesce(c.entries, 0) as entries,
        coalesce(lag(c.leaving_jobs) over w, 0) as exit_jobs,
        coalesce(lag(c.leaving) over w, 0) as exits,
        lag(c.period_start is not null) over w as declared_before
    from grid as g
    left join cells as c
        on g.period_start = c.period_start and g.segment = c.segment and g.region = c.region
    window w as (partition by g.segment, g.region order by g.period_start)
),

rolled as (
    select
        m.period_start,
        case when grouping(m.segment) = 1 then 'ALL' else m.segment end as segment,
        case when grouping(m.region) = 1 then 'MA' else m.region end as region,
        sum(m.jobs) as jobs,
        sum(m.previous_jobs) as previous_jobs,
        sum(m.declared_net) as declared_net,
        sum(m.exports_mad) as exports_mad,
        sum(m.companies) as companies,
        sum(m.imputed_firm_months) as imputed_firm_months,
        sum(m.entry_jobs) as entry_jobs,
        sum(m.entries) as entries,
        sum(m.exit_jobs) as exit_jobs,
        sum(m.exits) as exits,
        any_value(s.load_first) = m.period_start as is_first_month
    from monthly_cells as m
    cross join span as s
    where m.declared_here or coalesce(m.declared_before, false)
    group by grouping sets (
        (m.period_start, m.segment, m.region),
        (m.period_start, m.segment),
        (m.period_start, m.region),
        (m.period_start)
    )
),

months as (
    select
        'M' as frequency,
        strftime(period_start, '%Y-%m') as period,
        period_start,
        period_start as month_start,
        segment,
        region,
        jobs,
        case when not is_first_month then previous_jobs end as previous_jobs,
        case when is_first_month then declared_net else jobs - previous_jobs end as net_jobs,
        case
            when is_first_month then declared_net
            else jobs - previous_jobs - entry_jobs + exit_jobs
        end as continuing_net,
        case when not is_first_month then entry_jobs end as entry_jobs,
        case when not is_first_month then exit_jobs end as exit_jobs,
        case when not is_first_month then entries end as entries,
        case when not is_first_month then exits end as exits,
        exports_mad,
        companies,
        imputed_firm_months,
        is_first_month
    from rolled
),

longer as (
    select
        p.frequency,
        case p.frequency
            when 'Q' then printf('%d-Q%d', year(m.period_start), quarter(m.period_start))
            else cast(year(m.period_start) as varchar)
        end as period,
        case p.frequency
            when 'Q' then make_date(year(m.period_start), 3 * quarter(m.period_start) - 2, 1)
            else make_date(year(m.period_start), 1, 1)
        end as period_start,
        m.month_start,
        m.segment,
        m.region,
        m.jobs,
        m.previous_jobs,
        m.net_jobs,
        m.continuing_net,
        m.entry_jobs,
        m.exit_jobs,
        m.entries,
        m.exits,
        m.exports_mad,
        m.companies,
        m.imputed_firm_months,
        m.is_first_month,
        p.months
    from months as m
    cross join (values ('Q', 3), ('A', 12)) as p (frequency, months)
),

complete as (
    select
        frequency,
        period_start
    from longer
    group by frequency, period_start, months
    having count(distinct month_start) = months
),

aggregated as (
    select
        l.frequency,
        any_value(l.period) as period,
        l.period_start,
        l.segment,
        l.region,
        coalesce(arg_max(l.jobs, l.month_start), 0) as jobs,
        first(l.previous_jobs order by l.month_start) as previous_jobs,
        sum(l.net_jobs) as net_jobs,
        sum(l.continuing_net) as continuing_net,
        sum(l.entry_jobs) as entry_jobs,
        sum(l.exit_jobs) as exit_jobs,
        sum(l.entries) as entries,
        sum(l.exits) as exits,
        sum(l.exports_mad) as exports_mad,
        coalesce(arg_max(l.companies, l.month_start), 0) as companies,
        sum(l.imputed_firm_months) as imputed_firm_months,
        bool_or(l.is_first_month) as is_first_month
    from longer as l
    semi join complete as c on l.frequency = c.frequency and l.period_start = c.period_start
    group by l.frequency, l.period_start, l.segment, l.region
),

periods as (
    select * exclude (month_start) from months
    union all by name
    select * from aggregated
)

select
    frequency,
    period,
    period_start,
    cast(
        period_start
        + case frequency
            when 'A' then interval 12 month
            when 'Q' then interval 3 month
            else interval 1 month
        end
        - interval 1 day as date
    ) as period_end,
    segment,
    region,
    cast(jobs as double) as jobs,
    cast(previous_jobs as double) as previous_jobs,
    cast(net_jobs as double) as net_jobs,
    cast(continuing_net as double) as continuing_net,
    cast(entry_jobs as double) as entry_jobs,
    cast(exit_jobs as double) as exit_jobs,
    cast(entries as bigint) as entries,
    cast(exits as bigint) as exits,
    cast(exports_mad as double) as exports_mad,
    cast(companies as bigint) as companies,
    cast(imputed_firm_months as bigint) as imputed_firm_months,
    case when is_first_month then 'first_month_declared' else 'stock_change' end as net_basis,
    (select max(published_on) from declared) as published_on
from periods
