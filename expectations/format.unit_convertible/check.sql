-- format.unit_convertible: one row per release row of a known indicator.
-- convertible = the unit converts to the indicator's base unit; GX expects true.
select
    indicator,
    coalesce(period, period_raw) as period,
    coalesce(segment, segment_raw) as segment,
    coalesce(region, region_raw) as region,
    cast(null as double) as expected,
    cast(null as double) as actual,
    coalesce(unit_convertible, false) as convertible,
    printf('row %d: unit ''%s'' for %s (%s)', row_number, coalesce(unit_raw, ''), indicator, unit)
        as detail
from quality_release
where indicator is not null
order by row_number
