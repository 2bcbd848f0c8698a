-- View for statisticians (schema stats): a documented name over core and marts, in
-- plain words. Not published as Parquet (only schema marts is). docs/marts.md lists it.
-- Grain: one row per indicator, year, segment, region.
create or replace view stats.annual_series as
with

annual as (
    select * from core.annual
),

indicators as (
    select * from ref.indicators
)

select
    a.indicator,
    i.label_fr as indicator_fr,
    i.label_en as indicator_en,
    a.year,
    a.segment,
    a.region,
    a.value,
    a.unit,
    a.derived_from,
    a.source,
    a.published_on,
    a.file_name,
    a.file_sha256
from annual as a
left join indicators as i on a.indicator = i.code
order by a.indicator, a.segment, a.region, a.year
