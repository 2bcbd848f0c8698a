-- release.complete: one row per release row; each required cell as text, NULL when empty.
-- GX expects every *_text column not null.
select
    nullif(trim(indicator_raw), '') as indicator_text,
    nullif(trim(period_raw), '') as period_text,
    nullif(trim(segment_raw), '') as segment_text,
    nullif(trim(region_raw), '') as region_text,
    nullif(trim(value_raw), '') as value_text,
    nullif(trim(published_on_raw), '') as published_on_text,
    coalesce(indicator, indicator_raw) as indicator,
    coalesce(period, period_raw) as period,
    coalesce(segment, segment_raw) as segment,
    coalesce(region, region_raw) as region,
    cast(null as double) as expected,
    value as actual,
    printf('row %d', row_number) as detail
from quality_release
order by row_number
