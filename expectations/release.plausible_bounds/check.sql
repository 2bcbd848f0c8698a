-- release.plausible_bounds: one row per typed value, the value repeated in the column of
-- its indicator and frequency (NULL elsewhere): stocks (jobs, companies) are bounded
-- whatever the frequency, flows (net_jobs, exports_mad) per frequency, since a month
-- holds a twelfth of a year. National exports (ALL, MA) also get a column of their own
-- with LOWER bounds that catch unit slips ("26,2" labelled MDH for a year of exports is
-- 26.2 million MAD): a segment or region can be genuinely small (KPO 2024: 48 million
-- MAD), so its lower bound is release.non_negative's zero. Counts (jobs, companies) have
-- no unit to slip on: no lower bound. The bounds are in this
-- folder's expectation.json (one expectation per column).
with

typed as (
    select
        *,
        segment = 'ALL' and region = 'MA' as is_national
    from quality_release
    where indicator is not null and value is not null
)

select
    indicator,
    period,
    segment,
    region,
    cast(null as double) as expected,
    value as actual,
    case when indicator = 'jobs' then value end as jobs,
    case when indicator = 'companies' then value end as companies,
    case when indicator = 'net_jobs' and frequency = 'A' then value end as net_jobs_a,
    case when indicator = 'net_jobs' and frequency = 'S' then value end as net_jobs_s,
    case when indicator = 'net_jobs' and frequency = 'Q' then value end as net_jobs_q,
    case when indicator = 'net_jobs' and frequency = 'M' then value end as net_jobs_m,
    case when indicator = 'exports_mad' and frequency = 'A' then value end as exports_mad_a,
    case when indicator = 'exports_mad' and frequency = 'S' then value end as exports_mad_s,
    case when indicator = 'exports_mad' and frequency = 'Q' then value end as exports_mad_q,
    case when indicator = 'exports_mad' and frequency = 'M' then value end as exports_mad_m,
    case
        when indicator = 'exports_mad' and frequency = 'A' and is_national and value >= 0 then value
    end as exports_mad_a_national,
    case
        when indicator = 'exports_mad' and frequency = 'S' and is_national and value >= 0 then value
    end as exports_mad_s_national,
    case
        when indicator = 'exports_mad' and frequency = 'Q' and is_national and value >= 0 then value
    end as exports_mad_q_national,
    case
        when indicator = 'exports_mad' and frequency = 'M' and is_national and value >= 0 then value
    end as exports_mad_m_national,
    printf('row %d, frequency %s', row_number, coalesce(frequency, '?')) as detail
from typed
order by row_number
