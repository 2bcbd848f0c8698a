-- Each segment's part of the national total and each region's part of the whole sector:
-- share, growth and contribution to the growth of the total (the member's change divided
-- by the total of the previous year, so contributions add up to the total's growth).
-- The total is the published ALL / MA figure, else the sum of the members.
-- Signed flows (ref.indicators.non_negative = false: net_jobs) cross zero: a share, a
-- growth rate or a contribution of a value that can be negative means nothing, so they
-- are NULL (signed = true); the value, the total and the previous value stay.
-- Grain: one row per dimension (segment | region), indicator, year, member.
create or replace view core.breakdown as
with

annual as (
    select * from core.annual
),

signed as (
    select
        code as indicator,
        lower(cast(non_negative as varchar)) <> 'true' as signed
    from ref.indicators
),

parts as (
    select
        'segment' as dimension,
        segment as member,
        *
    from annual
    where region = 'MA' and segment <> 'ALL'
    union all
    select
        'region' as dimension,
        region as member,
        *
    from annual
    where segment = 'ALL' and region <> 'MA'
),

totals as (
    select
        p.dimension,
        p.indicator,
        p.year,
        coalesce(any_value(t.value), sum(p.value)) as total_value
    from parts as p
    left join annual as t
        on
            p.indicator = t.indicator and p.year = t.year
            and t.segment = 'ALL' and t.region = 'MA'
    group by p.dimension, p.indicator, p.year
),

with_previous as (
    select
        p.dimension,
        p.indicator,
        p.year,
        p.member,
        p.value,
        p.unit,
        p.source,
        p.published_on,
        p.file_sha256,
        t.total_value,
        coalesce(s.signed, false) as signed,
        lag(p.value) over w as previous_value,
        lag(t.total_value) over w as previous_total,
        lag(p.year) over w as previous_year
    from parts as p
    inner join totals as t
        on p.dimension = t.dimension and p.indicator = t.indicator and p.year = t.year
    left join signed as s on p.indicator = s.indicator
    window w as (partition by p.dimension, p.indicator, p.member order by p.year)
)

select
    dimension,
    indicator,
    year,
    member,
    value,
    unit,
    total_value,
    signed,
    case when not signed then value / nullif(total_value, 0) end as share,
    case when previous_year = year - 1 then previous_value end as previous_value,
    case
        when previous_year = year - 1 and not signed
            then value / nullif(previous_value, 0) - 1
    end as growth,
    case
        when previous_year = year - 1 and not signed
            then (value - previous_value) / nullif(previous_total, 0)
    end as contribution_to_growth,
    case
        when previous_year = year - 1 and not signed
            then value / nullif(total_value, 0) - previous_value / nullif(previous_total, 0)
    end as share_change,
    source,
    published_on,
    file_sha256
from with_previous
