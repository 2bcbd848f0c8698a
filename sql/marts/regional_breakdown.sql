-- Mart regional_breakdown: each region's share of the national total, its growth and its
-- contribution to the growth of the total (the region's change divided by the national
-- total of the previous year; contributions add up to national growth).
-- The total is the published national (MA) figure, else the sum of the regions.
-- Grain: one row per indicator, year, region (whole sector, region <> 'MA').
create or replace view marts.regional_breakdown as
with

annual as (
    select * from core.annual
    where segment = 'ALL'
),

regions as (
    select
        code as region,
        name_fr,
        name_en
    from ref.regions
),

parts as (
    select * from annual
    where region <> 'MA'
),

totals as (
    select
        p.indicator,
        p.year,
        coalesce(any_value(t.value), sum(p.value)) as total_value
    from parts as p
    left join annual as t
        on p.indicator = t.indicator and p.year = t.year and t.region = 'MA'
    group by p.indicator, p.year
),

with_previous as (
    select
        p.indicator,
        p.year,
        p.region,
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
    inner join totals as t on p.indicator = t.indicator and p.year = t.year
    window w as (partition by p.indicator, p.region order by p.year)
)

select
    w.indicator,
    w.year,
    w.region,
    r.name_fr as region_name_fr,
    r.name_en as region_name_en,
    w.value,
    w.unit,
    w.total_value,
    w.value / nullif(w.total_value, 0) as share,
    case when w.previous_year = w.year - 1 then w.previous_value end as previous_value,
    case
        when w.previous_year = w.year - 1 then w.value / nullif(w.previous_value, 0) - 1
    end as growth,
    case
        when w.previous_year = w.year - 1
            then (w.value - w.previous_value) / nullif(w.previous_total, 0)
    end as contribution_to_growth,
    case
        when w.previous_year = w.year - 1
            then w.value / nullif(w.total_value, 0) - w.previous_value / nullif(w.previous_total, 0)
    end as share_change,
    w.source,
    w.published_on,
    w.file_sha256
from with_previous as w
left join regions as r on w.region = r.region
order by w.indicator, w.year, w.region
