-- release.plausible_bounds: one row per typed value; the bounds per indicator are in the
-- suite (expectations/release_consistency.json, one expectation per indicator).
select
    indicator,
    period,
    segment,
    region,
    cast(null as double) as expected,
    value as actual,
    printf('row %d', row_number) as detail
from quality_release
where indicator is not null and value is not null
order by row_number
