-- View for statisticians (schema stats): a documented name over core and marts, in
-- plain words. Not published as Parquet (only schema marts is). docs/marts.md lists it.
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
order by indicator, segment, region
