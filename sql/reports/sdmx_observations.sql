-- The observations of the SDMX-CSV export (offshoring.sdmx): marts.indicator_timeseries,
-- one figure per SDMX key. The key has no source, so where several publishers give the
-- same figure the preferred one is written (core.preferred: seeds/sources.csv priority);
-- the SOURCE attribute says which. Columns: the SDMX components, in lower case.
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
    t.indicator as indicator,
    t.frequency as freq,
    t.period as time_period,
    t.segment as segment,
    t.region as ref_area,
    t.unit as unit_measure,
    case t.status when 'provisional' then 'P' else 'A' end as obs_status,
    t.value as obs_value,
    t.source as source,
    strftime(t.published_on, '%Y-%m-%d') as publication_date
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
