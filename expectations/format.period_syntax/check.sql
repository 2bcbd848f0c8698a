-- format.period_syntax: one row per release row with a non-empty period.
-- code = the canonical period (NULL when the text is not a period); GX expects it not null.
select
    coalesce(indicator, indicator_raw) as indicator,
    period_raw as period,
    coalesce(segment, segment_raw) as segment,
    coalesce(region, region_raw) as region,
    cast(null as double) as expected,
    cast(null as double) as actual,
    period as code,
    printf('row %d: period ''%s''', row_number, period_raw) as detail
from quality_release
where nullif(trim(period_raw), '') is not null
order by row_number
