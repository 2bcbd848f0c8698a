-- Sector statistics from one load of firm declarations, shaped like core.release_values.
-- Parameters: $load_id, $source. One scan of the load; the rest works on month cells.
-- Grain: one row per (indicator, frequency, period, segment, region); segment ALL and
-- region MA are the totals. Stocks (jobs, companies) of a quarter or a year are those of
-- its last month, flows (net_jobs, exports_mad) are sums; quarters and years are only
-- produced when the load declares all their months.
with

declared as (
    select * from staging.stg_firm_declarations
    where load_id = $load_id
),

cells as (
    select
        period_start,
        segment,
        region,
        sum(employees) as jobs,
        sum(hires - separations) as net_jobs,
        sum(exports_mad) as exports_mad,
        count(distinct firm_id) as companies,
        max(published_on) as published_on
    from declared
    group by period_start, segment, region
),

rolled as (
    select
        period_start,
        case when grouping(segment) = 1 then 'ALL' else segment end as segment,
        case when grouping(region) = 1 then 'MA' else region end as region,
        sum(jobs) as jobs,
        sum(net_jobs) as net_jobs,
        sum(exports_mad) as exports_mad,
        sum(companies) as companies,
        year(period_start) as period_year,
        quarter(period_start) as period_quarter,
        month(period_start) as period_month
    from cells
    group by grouping sets (
        (period_start, segment, region),
        (period_start, segment),
        (period_start, region),
        (period_start)
    )
),

months as (
    select distinct period_start from cells
),

complete_quarters as (
    select
        year(period_start) as period_year,
        quarter(period_start) as period_quarter
    from months
    group by year(period_start), quarter(period_start)
    having count(*) = 3
),

complete_years as (
    select year(period_start) as period_year
    from months
    group by year(period_start)
    having count(*) = 12
),

monthly as (
    select
        'M' as frequency,
        strftime(period_start, '%Y-%m') as period,
        period_start,
        segment,
        region,
        jobs,
        net_jobs,
        exports_mad,
        companies
    from rolled
),

quarterly as (
    select
        'Q' as frequency,
        printf('%d-Q%d', r.period_year, r.period_quarter) as period,
        make_date(r.period_year, 3 * r.period_quarter - 2, 1) as period_start,
        r.segment,
        r.region,
        coalesce(sum(r.jobs) filter (where r.period_month % 3 = 0), 0) as jobs,
        sum(r.net_jobs) as net_jobs,
        sum(r.exports_mad) as exports_mad,
        coalesce(sum(r.companies) filter (where r.period_month % 3 = 0), 0) as companies
    from rolled as r
    inner join complete_quarters as q
        on r.period_year = q.period_year and r.period_quarter = q.period_quarter
    group by r.period_year, r.period_quarter, r.segment, r.region
),

annual as (
    select
        'A' as frequency,
        cast(r.period_year as varchar) as period,
        make_date(r.period_year, 1, 1) as period_start,
        r.segment,
        r.region,
        coalesce(sum(r.jobs) filter (where r.period_month = 12), 0) as jobs,
        sum(r.net_jobs) as net_jobs,
        sum(r.exports_mad) as exports_mad,
        coalesce(sum(r.companies) filter (where r.period_month = 12), 0) as companies
    from rolled as r
    inner join complete_years as y on r.period_year = y.period_year
    group by r.period_year, r.segment, r.region
),

periods as (
    select * from monthly
    union all
    select * from quarterly
    union all
    select * from annual
),

indicators as (
    select
        frequency,
        period,
        period_start,
        segment,
        region,
        'jobs' as indicator,
        'jobs' as unit,
        jobs as value
    from periods
    union all
    select
        frequency,
        period,
        period_start,
        segment,
        region,
        'net_jobs' as indicator,
        'jobs' as unit,
        net_jobs as value
    from periods
    union all
    select
        frequency,
        period,
        period_start,
        segment,
        region,
        'exports_mad' as indicator,
        'MAD' as unit,
        exports_mad as value
    from periods
    union all
    select
        frequency,
        period,
        period_start,
        segment,
        region,
        'companies' as indicator,
        'companies' as unit,
        companies as value
    from periods
),

publication as (
    select max(published_on) as published_on from cells
)

select
    $load_id as load_id,
    i.indicator,
    i.frequency,
    i.period,
    i.period_start,
    cast(
        i.period_start
        + case i.frequency
            when 'A' then interval 12 month
            when 'Q' then interval 3 month
            else interval 1 month
        end
        - interval 1 day as date
    ) as period_end,
    i.segment,
    i.region,
    $source as source,
    cast(i.value as double) as value,
    i.unit,
    'final' as status,
    publication.published_on,
    false as series_break
from indicators as i
cross join publication
order by i.indicator, i.frequency, i.period, i.segment, i.region
