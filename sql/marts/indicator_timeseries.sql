-- Mart indicator_timeseries: every published figure, latest vintage, every source.
-- Grain: one row per indicator, frequency, period, segment, region, source.
-- Published as Parquet partitioned by indicator (hive: indicator=<code>/).
create or replace view marts.indicator_timeseries as
with

current_values as (
    select * from core.current
)

select
    indicator,
    frequency,
    period,
    period_start,
    period_end,
    segment,
    region,
    value,
    unit,
    source,
    status,
    published_on,
    series_break,
    vintage_no,
    load_id,
    file_name,
    file_sha256
from current_values
order by indicator, frequency, period_start, segment, region, source
