-- history.gap: for each series the release touches (indicator, frequency, segment, region,
-- source), one row per period between its first and last known period.
-- present = 1 when the period is known; GX expects it not null.
with

known as (
    select
        indicator,
        frequency,
        segment,
        region,
        source,
        period,
        period_start,
        value
    from quality_known
    union all
    select
        indicator,
        frequency,
        segment,
        region,
        coalesce(source, '') as source,
        period,
        period_start,
        value
    from quality_release
    where
        indicator is not null
        and period is not null
        and segment is not null
        and region is not null
),

series as (
    select
        indicator,
        frequency,
        segment,
        region,
        source,
        min(period_start) as first_start,
        max(period_start) as last_start,
        case frequency when 'A' then 12 when 'S' then 6 when 'Q' then 3 else 1 end as months
    from known
    where (indicator, frequency, segment, region, source) in (
        select (indicator, frequency, segment, region, source) from quality_known
        where in_release
    )
    group by indicator, frequency, segment, region, source
),

expected_periods as (
    select
        s.indicator,
        s.frequency,
        s.segment,
        s.region,
        s.source,
        cast(d.start_date as date) as period_start
    from series as s,
        generate_series(s.first_start, s.last_start, to_months(s.months)) as d (start_date)
),

present as (
    select distinct
        indicator,
        frequency,
        segment,
        region,
        source,
        period_start,
        period
    from known
)

select
    e.indicator,
    case e.frequency
        when 'A' then strftime(e.period_start, '%Y')
        when 'S' then printf('%d-S%d', year(e.period_start), (month(e.period_start) + 5) // 6)
        when 'Q' then printf('%d-Q%d', year(e.period_start), quarter(e.period_start))
        else strftime(e.period_start, '%Y-%m')
    end as period,
    e.segment,
    e.region,
    cast(null as double) as expected,
    cast(null as double) as actual,
    case when p.period is not null then 1 end as present,
    printf('missing period in series %s %s %s %s', e.indicator, e.segment, e.region, e.source)
        as detail
from expected_periods as e
left join present as p
    on
        e.indicator = p.indicator
        and e.frequency = p.frequency
        and e.segment = p.segment
        and e.region = p.region
        and e.source = p.source
        and e.period_start = p.period_start
order by e.indicator, e.segment, e.region, e.period_start, e.frequency, e.source
