-- Mart regional_breakdown: each region's share of the whole sector, its growth and its
-- contribution to the growth of the total (core.breakdown computes it for segments and
-- regions alike). Indicators that can be negative (net_jobs: signed = true) keep their
-- value and total but get no share, growth or contribution (NULL).
-- Grain: one row per indicator, year, region (whole sector, region <> 'MA').
create or replace view marts.regional_breakdown as
with

breakdown as (
    select * from core.breakdown
    where dimension = 'region'
),

names as (
    select
        code,
        name_fr,
        name_en
    from ref.regions
)

select
    b.indicator,
    b.year,
    b.member as region,
    n.name_fr as region_name_fr,
    n.name_en as region_name_en,
    b.value,
    b.unit,
    b.total_value,
    b.signed,
    b.share,
    b.previous_value,
    b.growth,
    b.contribution_to_growth,
    b.share_change,
    b.source,
    b.published_on,
    b.file_sha256
from breakdown as b
left join names as n on b.member = n.code
order by b.indicator, b.year, b.member
