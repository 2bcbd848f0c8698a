-- The observations of the SDMX-CSV export (offshoring.sdmx): the figures of
-- marts.indicator_timeseries (core.current), one per SDMX key. The key has no source,
-- so where several publishers give the same figure the preferred one is written
-- (core.preferred: seeds/sources.csv priority); the SOURCE attribute says which.
-- Columns: the SDMX components, in lower case.
-- Grain: one row per indicator, frequency, period, segment, region.
with

preferred as (
    select * from core.preferred
)

select
    indicator,
    frequency as freq,
    period as time_period,
    segment,
    region as ref_area,
    unit as unit_measure,
    case status when 'provisional' then 'P' else 'A' end as obs_status,
    value as obs_value,
    source,
    strftime(published_on, '%Y-%m-%d') as publication_date
from preferred
order by indicator, frequency, period_start, segment, region
