-- Series breaks: the vintages a release opened by declaring a definition change.
-- Grain: one row per indicator, frequency, period, segment, region, source and break.
-- A flag repeated on an unchanged value is not a break (core.observations): it counts once.
-- previous_value is the value under the old definition (NULL when the series starts
-- with a break). Quality rules comparing vintages or periods (history.revision,
-- history.growth) exempt these rows: a level shift across a break is not a revision.
create or replace view core.series_breaks as
with

vintages as (
    select
        *,
        lag(value) over series as previous_value,
        lag(valid_from) over series as previous_valid_from
    from core.observations
    window series as (
        partition by indicator, frequency, period, segment, region, source
        order by valid_from
    )
)

select
    indicator,
    frequency,
    period,
    period_start,
    segment,
    region,
    source,
    valid_from as published_on,
    vintage_no,
    previous_value,
    value,
    previous_valid_from,
    load_id,
    file_name
from vintages
where series_break
