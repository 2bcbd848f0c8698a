-- The current vintage of every series: the latest one; or, while the DuckDB variable
-- as_of_date is set (`set variable as_of_date = date '2025-06-30'`, as
-- offshoring.backfill does), the vintage valid on that day (what was known then).
-- Grain: one row per indicator, frequency, period, segment, region, source.
create or replace view core.current as
with

as_of as (
    select cast(getvariable('as_of_date') as date) as as_of_date
),

vintages as (
    select * from core.observations
)

select
    v.indicator,
    v.frequency,
    v.period,
    v.period_start,
    v.period_end,
    v.segment,
    v.region,
    v.source,
    v.value,
    v.unit,
    v.status,
    v.series_break,
    v.valid_from as published_on,
    v.valid_from,
    v.valid_to,
    v.vintage_no,
    v.load_id,
    v.file_name,
    v.file_sha256
from vintages as v
cross join as_of as a
where
    case
        when a.as_of_date is null then v.valid_to is null
        else
            v.valid_from <= a.as_of_date
            and (v.valid_to is null or a.as_of_date <= v.valid_to)
    end
