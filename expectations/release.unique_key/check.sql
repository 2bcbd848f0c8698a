-- release.unique_key: one row per release row whose key is fully coded.
-- GX expects (indicator, period, segment, region, source_key) unique.
select
    indicator,
    period,
    segment,
    region,
    coalesce(source, '') as source_key,
    cast(null as double) as expected,
    value as actual,
    printf('row %d, source ''%s''', row_number, coalesce(source, '')) as detail
from quality_release
where
    indicator is not null
    and period is not null
    and segment is not null
    and region is not null
order by row_number
