-- release.non_negative: one row per typed value of an indicator that cannot be negative
-- (ref.indicators.non_negative: stocks and exports; net_jobs may be negative).
-- GX expects actual >= 0.
select
    r.indicator,
    r.period,
    r.segment,
    r.region,
    cast(null as double) as expected,
    r.value as actual,
    printf('row %d', r.row_number) as detail
from quality_release as r
inner join ref.indicators as i on r.indicator = i.code
where
    r.value is not null
    and lower(cast(i.non_negative as varchar)) = 'true'
order by r.row_number
