-- Sector statistics of one load of firm declarations, shaped like core.release_values:
-- the indicators jobs, net_jobs, exports_mad and companies of firm_periods (built by
-- sql/firms/firm_periods.sql from the load, gaps carried forward; net_jobs is the exact
-- change in jobs, entries and exits included). Parameters: $load_id, $source.
-- Grain: one row per (indicator, frequency, period, segment, region); segment ALL and
-- region MA are the totals.
with

periods as (
    select * from firm_periods
),

indicators as (
    unpivot (
        select
            frequency,
            period,
            period_start,
            period_end,
            segment,
            region,
            published_on,
            jobs,
            net_jobs,
            exports_mad,
            cast(companies as double) as companies
        from periods
    )
    on jobs, net_jobs, exports_mad, companies
    into name indicator value value
),

units as (
    select
        code as indicator,
        base_unit as unit
    from ref.indicators
)

select
    $load_id as load_id,
    i.indicator,
    i.frequency,
    i.period,
    i.period_start,
    i.period_end,
    i.segment,
    i.region,
    $source as source,
    i.value,
    u.unit,
    'final' as status,
    i.published_on,
    false as series_break
from indicators as i
inner join units as u on i.indicator = u.indicator
order by i.indicator, i.frequency, i.period, i.segment, i.region
