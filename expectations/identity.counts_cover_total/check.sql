-- identity.counts_cover_total: counts of distinct firms (ref.indicators.additive =
-- false: companies) do not add up: a firm active in several segments or regions is
-- counted in each, so the parts may exceed the total and are never rejected for it.
-- Only parts below the total are suspect (a firm in no part): one row per total (ALL
-- for segments, MA for regions) whose parts of one dimension are all in the release.
-- expected = the total; actual = the sum of the parts; compared = the sum when it is
-- below the total, else the total (an excess passes).
with

release_values as (
    select * from quality_known where in_release
),

counts as (
    select code from ref.indicators
    where lower(cast(additive as varchar)) <> 'true'
),

members as (
    select
        'segment' as dimension,
        code
    from ref.segments
    where code <> 'ALL'
    union all
    select
        'region' as dimension,
        code
    from ref.regions
    where code <> 'MA'
),

sizes as (
    select
        dimension,
        count(*) as members
    from members
    group by dimension
),

parts as (
    select
        m.dimension,
        v.indicator,
        v.period,
        v.source,
        case when m.dimension = 'segment' then v.region else v.segment end as fixed,
        count(distinct m.code) as present,
        sum(v.value) as total
    from release_values as v
    inner join members as m
        on
            (m.dimension = 'segment' and v.segment = m.code)
            or (m.dimension = 'region' and v.region = m.code)
    where v.indicator in (select code from counts)
    group by all
)

select
    t.indicator,
    t.period,
    t.segment,
    t.region,
    t.value as expected,
    p.total as actual,
    p.total - t.value as residual,
    least(p.total, t.value) as compared,
    printf('sum of the %ss (a firm in several counts in each)', p.dimension) as detail
from release_values as t
inner join parts as p
    on
        t.indicator = p.indicator
        and t.period = p.period
        and t.source = p.source
        and (
            (p.dimension = 'segment' and t.segment = 'ALL' and t.region = p.fixed)
            or (p.dimension = 'region' and t.region = 'MA' and t.segment = p.fixed)
        )
inner join sizes as s on p.dimension = s.dimension and p.present = s.members
order by t.indicator, t.period, t.segment, t.region, p.dimension
