-- format.published_on_valid: one row per release row with a non-empty publication date.
-- published_on = the date read (NULL when it does not parse); days_ahead = days after today.
-- GX expects published_on not null and days_ahead <= 0.
select
    coalesce(indicator, indicator_raw) as indicator,
    coalesce(period, period_raw) as period,
    coalesce(segment, segment_raw) as segment,
    coalesce(region, region_raw) as region,
    cast(null as double) as expected,
    cast(null as double) as actual,
    published_on,
    date_diff('day', current_date, published_on) as days_ahead,
    printf('row %d: published on ''%s''', row_number, published_on_raw) as detail
from quality_release
where nullif(trim(published_on_raw), '') is not null
order by row_number
