-- Mart segment_mix: each segment's share of the national total, its growth and its
-- contribution to the growth of the total (core.breakdown computes it for segments and
-- regions alike). Indicators that can be negative (net_jobs: signed = true) keep their
-- value and total but get no share, growth or contribution (NULL).
-- Grain: one row per indicator, year, segment (national figures, segment <> 'ALL').
create or replace view marts.segment_mix as
with

breakdown as (
    select * from core.breakdown
    where dimension = 'segment'
),

names as (
    select
        code,
        name_fr,
        name_en
    from ref.segments
)

select
    b.indicator,
    b.year,
    b.member as segment,
    n.name_fr as segment_name_fr,
    n.name_en as segment_name_en,
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
