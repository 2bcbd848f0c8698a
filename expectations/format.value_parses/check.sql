-- format.value_parses: one row per release row with a non-empty value.
-- actual = the number read (NULL when it does not parse); GX expects it not null.
select
    coalesce(indicator, indicator_raw) as indicator,
    coalesce(period, period_raw) as period,
    coalesce(segment, segment_raw) as segment,
    coalesce(region, region_raw) as region,
    cast(null as double) as expected,
    cast(number_value as double) as actual,
    printf('row %d: value ''%s''', row_number, value_raw) as detail
from quality_release
where nullif(trim(value_raw), '') is not null
order by row_number
