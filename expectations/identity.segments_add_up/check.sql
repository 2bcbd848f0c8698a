-- identity.segments_add_up: one row per ALL value of the release whose five segments
-- (every segment of ref.segments but ALL) are all in the release, per indicator,
-- period, region and source. expected = ALL; actual = sum of the segments.
with

release_values as (
    select * from quality_known where in_release
),

parts as (
    select
        indicator,
        period,
        region,
        source,
        count(distinct segment) as segments,
        sum(value) as total
    from release_values
    where segment in (select code from ref.segments where code <> 'ALL')
    group by indicator, period, region, source
)

select
    t.indicator,
    t.period,
    t.segment,
    t.region,
    t.value as expected,
    p.total as actual,
    p.total - t.value as residual,
    'sum of the segments' as detail
from release_values as t
inner join parts as p
    on
        t.indicator = p.indicator
        and t.period = p.period
        and t.region = p.region
        and t.source = p.source
where
    t.segment = 'ALL'
    and p.segments = (select count(*) from ref.segments where code <> 'ALL')
order by t.indicator, t.period, t.region
