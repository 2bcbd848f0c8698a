-- Mart trajectory: the path of every objective of progress_2030, year by year to its
-- target year: the actual annual value, the same on the current definition (linked
-- across series breaks, flagged is_linked), the required path (constant growth from the
-- latest actual to the target), the projection at the observed rate, and a linear trend
-- (least squares over the observation window on the linked values, fitted from its
-- first year and projected on). Paths are NULL where progress_2030 has no rate
-- (target year reached, insufficient data).
-- Published as Parquet partitioned by indicator (hive: indicator=<code>/).
-- Grain: one row per indicator, year (2015 to the target year, or the latest year when
-- later), segment, region.
create or replace view marts.trajectory as
with

progress as (
    select
        indicator,
        segment,
        region,
        unit,
        cast(latest_period as integer) as latest_year,
        latest_value,
        cast(observed_from as integer) as base_year,
        target_year,
        target_value,
        cagr_required,
        cagr_observed
    from marts.progress_2030
),

annual as (
    select * from core.annual_linked
),

first_year as (
    select 2015 as first_year
),

-- The regression reads the years in order: its last bits then depend on the data only,
-- not on the order a join happens to produce.
trend as (
    select
        p.indicator,
        p.segment,
        p.region,
        regr_slope(a.linked_value, a.year order by a.year) as slope,
        regr_intercept(a.linked_value, a.year order by a.year) as intercept
    from progress as p
    inner join annual as a
        on
            p.indicator = a.indicator and p.segment = a.segment and p.region = a.region
            and a.year between p.base_year and p.latest_year
    where p.cagr_observed is not null
    group by all
),

years as (
    select
        p.*,
        t.slope,
        t.intercept,
        cast(y.generate_series as integer) as year
    from progress as p
    cross join first_year as f
    cross join generate_series(f.first_year, greatest(p.target_year, p.latest_year)) as y
    left join trend as t
        on p.indicator = t.indicator and p.segment = t.segment and p.region = t.region
)

select
    y.indicator,
    y.year,
    y.segment,
    y.region,
    y.unit,
    a.value as actual_value,
    a.linked_value,
    coalesce(a.is_linked, false) as is_linked,
    case
        when y.year >= y.latest_year
            then y.latest_value * pow(1 + y.cagr_required, y.year - y.latest_year)
    end as required_path,
    case
        when y.year >= y.latest_year
            then y.latest_value * pow(1 + y.cagr_observed, y.year - y.latest_year)
    end as projected_observed_rate,
    case
        when y.year >= y.base_year then y.intercept + y.slope * y.year
    end as projected_linear_trend,
    case when y.year = y.target_year then y.target_value end as target_value,
    y.year > y.latest_year as is_projection,
    a.source,
    a.published_on,
    a.file_sha256
from years as y
left join annual as a
    on
        y.indicator = a.indicator and y.segment = a.segment and y.region = a.region
        and y.year = a.year
order by y.indicator, y.segment, y.region, y.year
