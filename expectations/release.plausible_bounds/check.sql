-- release.plausible_bounds: one row per typed value with the bounds of its indicator and
-- frequency (this file's `bounds`; NULL: no bound on that side). Stocks (jobs,
-- companies) are bounded whatever the frequency, flows (net_jobs, exports_mad) per
-- frequency, since a month holds a twelfth of a year. National exports (ALL, MA) also get
-- a LOWER bound (`national_floors`) that catches unit slips ("26,2" labelled MDH for a
-- year of exports is 26.2 million MAD): a segment or region can be genuinely small (KPO
-- 2024: 48 million MAD), so its lower bound is release.non_negative's zero, and a
-- negative national value is left to that rule too. Counts (jobs, companies) have no unit
-- to slip on: no lower bound. GX judges value against the row's bounds (one expectation,
-- expect_column_values_within_row_bounds); `problem` is the text of the side the value
-- is on, shown only for a failing row.
with

bounds (indicator, frequency, lowest, highest, too_low, too_high) as (
    -- too_low NULL: too_high's text names both sides (net_jobs) or there is no lower bound
    values
    ('jobs', null, null, 1000000, null, 'above 1,000,000 jobs'),
    ('companies', null, null, 20000, null, 'above 20,000 companies'),
    ('net_jobs', 'A', -200000, 200000, null, 'outside -200,000..200,000 net jobs in a year'),
    ('net_jobs', 'S', -100000, 100000, null, 'outside -100,000..100,000 net jobs in a half-year'),
    ('net_jobs', 'Q', -50000, 50000, null, 'outside -50,000..50,000 net jobs in a quarter'),
    ('net_jobs', 'M', -20000, 20000, null, 'outside -20,000..20,000 net jobs in a month'),
    ('exports_mad', 'A', null, 200000000000, null, 'above 200 bn MAD in a year'),
    ('exports_mad', 'S', null, 100000000000, null, 'above 100 bn MAD in a half-year'),
    ('exports_mad', 'Q', null, 50000000000, null, 'above 50 bn MAD in a quarter'),
    ('exports_mad', 'M', null, 20000000000, null, 'above 20 bn MAD in a month')
),

national_floors (frequency, lowest, too_low) as (
    values
    ('A', 1000000000, 'national exports below 1 bn MAD in a year (unit slip?)'),
    ('S', 500000000, 'national exports below 500 million MAD in a half-year (unit slip?)'),
    ('Q', 250000000, 'national exports below 250 million MAD in a quarter (unit slip?)'),
    ('M', 80000000, 'national exports below 80 million MAD in a month (unit slip?)')
),

typed as (
    select
        *,
        indicator = 'exports_mad' and segment = 'ALL' and region = 'MA' as is_national_exports
    from quality_release
    where indicator is not null and value is not null
),

bounded as (
    select
        typed.*,
        cast(coalesce(national_floors.lowest, bounds.lowest) as double) as lowest,
        cast(bounds.highest as double) as highest,
        coalesce(national_floors.too_low, bounds.too_low, bounds.too_high) as too_low,
        bounds.too_high
    from typed
    left join bounds
        on
            typed.indicator = bounds.indicator
            and (bounds.frequency is null or typed.frequency = bounds.frequency)
    left join national_floors
        on
            typed.is_national_exports
            and typed.value >= 0
            and typed.frequency = national_floors.frequency
)

select
    indicator,
    period,
    segment,
    region,
    cast(null as double) as expected,
    value as actual,
    lowest,
    highest,
    case when value < lowest then too_low else too_high end as problem,
    printf('row %d, frequency %s', row_number, coalesce(frequency, '?')) as detail
from bounded
order by row_number
