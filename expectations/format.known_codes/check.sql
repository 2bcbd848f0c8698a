-- format.known_codes: one row per non-empty indicator, segment and region cell.
-- code = the reference code found (NULL when unknown); GX expects it not null.
with

cells as (
    select
        row_number,
        indicator_raw,
        period_raw,
        segment_raw,
        region_raw,
        'indicator' as field,
        indicator_raw as raw,
        indicator as code
    from quality_release
    union all
    select
        row_number,
        indicator_raw,
        period_raw,
        segment_raw,
        region_raw,
        'segment' as field,
        segment_raw as raw,
        segment as code
    from quality_release
    union all
    select
        row_number,
        indicator_raw,
        period_raw,
        segment_raw,
        region_raw,
        'region' as field,
        region_raw as raw,
        region as code
    from quality_release
)

select
    indicator_raw as indicator,
    period_raw as period,
    segment_raw as segment,
    region_raw as region,
    cast(null as double) as expected,
    cast(null as double) as actual,
    code,
    printf('row %d: unknown %s ''%s''', row_number, field, raw) as detail
from cells
where nullif(trim(raw), '') is not null
order by row_number, field
