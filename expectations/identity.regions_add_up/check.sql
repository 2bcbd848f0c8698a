-- identity.regions_add_up: one row per MA value of the release whose twelve regions
-- (every region of ref.regions but MA) are all in the release, per indicator, period,
-- segment and source. expected = MA; actual = sum of the regions.
with

release_values as (
    select * from quality_known where in_release
),

parts as (
    select
        indicator,
        period,
        segment,
        source,
        count(distinct region) as regions,
        sum(value) as total
    from release_values
    where region in (select code from ref.regions where code <> 'MA')
    group by indicator, period, segment, source
)

select
    t.indicator,
    t.period,
    t.segment,
    t.region,
    t.value as expected,
    p.total as actual,
    p.total - t.value as residual,
    'sum of the regions' as detail
from release_values as t
inner join parts as p
    on
        t.indicator = p.indicator
        and t.period = p.period
        and t.segment = p.segment
        and t.source = p.source
where
    t.region = 'MA'
    and p.regions = (select count(*) from ref.regions where code <> 'MA')
order by t.indicator, t.period, t.segment
