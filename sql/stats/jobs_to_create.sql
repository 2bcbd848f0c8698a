-- View for statisticians (schema stats): a documented name over core and marts, in
-- plain words. Not published as Parquet (only schema marts is). docs/marts.md lists it.
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
