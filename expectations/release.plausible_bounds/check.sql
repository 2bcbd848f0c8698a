-- release.plausible_bounds: one row per typed value, the value repeated in the column of its
-- indicator (NULL elsewhere); the bounds are in this folder's expectation.json
-- (one expectation per indicator column).
select
    indicator,
    period,
    segment,
    region,
    cast(null as double) as expected,
    value as actual,
    case when indicator = 'jobs' then value end as jobs,
    case when indicator = 'net_jobs' then value end as net_jobs,
    case when indicator = 'exports_mad' then value end as exports_mad,
    case when indicator = 'companies' then value end as companies,
    printf('row %d', row_number) as detail
from quality_release
where indicator is not null and value is not null
order by row_number
