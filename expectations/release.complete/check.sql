-- release.complete: one row per release row; missing = the empty required cells, comma
-- separated, NULL when none is missing. GX expects missing to be null.
with

cells as (
    select
        *,
        concat_ws(
            ', ',
            case when nullif(trim(indicator_raw), '') is null then 'indicator' end,
            case when nullif(trim(period_raw), '') is null then 'period' end,
            case when nullif(trim(segment_raw), '') is null then 'segment' end,
            case when nullif(trim(region_raw), '') is null then 'region' end,
            case when nullif(trim(value_raw), '') is null then 'value' end,
            case when nullif(trim(published_on_raw), '') is null then 'published_on' end
        ) as missing_cells
    from quality_release
)

select
    coalesce(indicator, indicator_raw) as indicator,
    coalesce(period, period_raw) as period,
    coalesce(segment, segment_raw) as segment,
    coalesce(region, region_raw) as region,
    cast(null as double) as expected,
    value as actual,
    nullif(missing_cells, '') as missing,
    printf('row %d: %s missing', row_number, missing_cells) as detail
from cells
order by row_number
