-- Series breaks: the vintages a release opened by declaring a definition change.
-- Grain: one row per indicator, frequency, period, segment, region, source and break.
-- A flag repeated on an unchanged value is not a break (core.observations): it counts once.
-- previous_value is the value under the old definition (NULL when the series starts
-- with a break). Quality rules comparing vintages or periods (history.revision,
-- history.growth) exempt these rows: a level shift across a break is not a revision.
create or replace view core.series_breaks as
with

observations as (
    select * from core.observations
),

-- Only the series holding a break are windowed: most hold none (at 2 M firm-months,
-- 53,000 series and no break).
broken as (
    select distinct
        indicator,
        frequency,
        period,
        segment,
        region,
        source
    from observations
    where series_break
),

vintages as (
    select
        o.*,
        lag(o.value) over series as previous_value,
        lag(o.valid_from) over series as previous_valid_from
    from observations as o
    semi join broken as b
        on
            o.indicator = b.indicator
            and o.frequency = b.frequency
            and o.period = b.period
            and o.segment = b.segment
            and o.region = b.region
            and o.source = b.source
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
