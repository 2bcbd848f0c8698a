-- The observations of the SDMX-CSV export (offshoring.sdmx): marts.indicator_timeseries,
-- one figure per SDMX key. The key has no source, so where several publishers give the
-- same figure the preferred one is written (core.preferred: seeds/sources.csv priority);
-- the SOURCE attribute says which.
-- Grain: one row per indicator, frequency, period, segment, region.
with

published as (
    select * from marts.indicator_timeseries
),

preferred as (
    select
        indicator,
        frequency,
        period,
        segment,
        region,
        source
    from core.preferred
)

select
    t.indicator as "INDICATOR",
    t.frequency as "FREQ",
    t.period as "TIME_PERIOD",
    t.segment as "SEGMENT",
    t.region as "REF_AREA",
    t.unit as "UNIT_MEASURE",
    case t.status when 'provisional' then 'P' else 'A' end as "OBS_STATUS",
    t.value as "OBS_VALUE",
    t.source as "SOURCE",
    strftime(t.published_on, '%Y-%m-%d') as "PUBLICATION_DATE"
from published as t
semi join preferred as p
    on
        t.indicator = p.indicator
        and t.frequency = p.frequency
        and t.period = p.period
        and t.segment = p.segment
        and t.region = p.region
        and t.source = p.source
order by t.indicator, t.frequency, t.period_start, t.segment, t.region
