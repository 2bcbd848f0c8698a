-- Each segment's part of the national total and each region's part of the whole sector:
-- share, growth and contribution to the growth of the total (the member's change divided
-- by the total of the previous year, so contributions add up to the total's growth).
-- The total is the published ALL / MA figure, else the sum of the members.
-- Grain: one row per dimension (segment | region), indicator, year, member.
create or replace view core.breakdown as
with

annual as (
    select * from core.annual
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
        lag(p.value) over w as previous_value,
        lag(t.total_value) over w as previous_total,
        lag(p.year) over w as previous_year
    from parts as p
    inner join totals as t
        on p.dimension = t.dimension and p.indicator = t.indicator and p.year = t.year
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
    value / nullif(total_value, 0) as share,
    case when previous_year = year - 1 then previous_value end as previous_value,
    case
        when previous_year = year - 1 then value / nullif(previous_value, 0) - 1
    end as growth,
    case
        when previous_year = year - 1
            then (value - previous_value) / nullif(previous_total, 0)
    end as contribution_to_growth,
    case
        when previous_year = year - 1
            then value / nullif(total_value, 0) - previous_value / nullif(previous_total, 0)
    end as share_change,
    source,
    published_on,
    file_sha256
from with_previous
