-- Views for statisticians (schema stats): documented names over core and marts, in
-- plain words. Not published as Parquet (only schema marts is). docs/marts.md lists them.
create schema if not exists stats;

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
order by a.indicator, a.segment, a.region, a.year;

-- Grain: one row per indicator, segment, region with an objective.
create or replace view stats.objectives_status as
with

progress as (
    select * from marts.progress_2030
)

select
    indicator,
    segment,
    region,
    target_year,
    target_value,
    target_basis,
    latest_period,
    latest_value,
    round(100 * share_of_target, 1) as pct_of_target,
    round(100 * cagr_required, 2) as required_growth_pct,
    round(100 * cagr_observed, 2) as observed_growth_pct,
    status as cagr_status,
    round(projection_ratio, 3) as projection_ratio,
    projection_status,
    round(projected_2030) as projected_2030,
    round(required_increment_next_year) as to_add_next_year,
    round(required_increment_per_year_avg) as to_add_per_year_avg,
    latest_source,
    latest_published_on
from progress
order by indicator, segment, region;

-- Grain: one row per indicator, segment, region, year from the latest actual year on.
create or replace view stats.jobs_to_create as
with

trajectory as (
    select * from marts.trajectory
    where required_path is not null
)

select
    indicator,
    segment,
    region,
    year,
    round(required_path) as required_value,
    round(
        required_path - lag(required_path) over (
            partition by indicator, segment, region order by year
        )
    ) as to_add_this_year
from trajectory
order by indicator, segment, region, year
