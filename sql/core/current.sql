-- The current vintage of every series: the latest one; or, while the DuckDB variable
-- as_of_date is set (`set variable as_of_date = date '2025-06-30'`, as
-- offshoring.backfill does), the vintage valid on that day (what was known then).
-- Grain: one row per indicator, frequency, period, segment, region, source.
create or replace view core.current as
select
    indicator,
    frequency,
    period,
    period_start,
    period_end,
    segment,
    region,
    source,
    value,
    unit,
    status,
    series_break,
    valid_from as published_on,
    valid_from,
    valid_to,
    vintage_no,
    load_id,
    file_name,
    file_sha256
from core.observations
where
    case
        when getvariable('as_of_date') is null then valid_to is null
        else
            valid_from <= cast(getvariable('as_of_date') as date)
            and (valid_to is null or cast(getvariable('as_of_date') as date) <= valid_to)
    end
