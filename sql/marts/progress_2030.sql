-- Mart progress_2030: where each objective stands (CAGR-ratio method, as in Eurostat's
-- SDG reports and open-sdg; the required rate is computed from the LATEST value: the pace
-- needed from now on). Annual values of the preferred source.
-- Grain: one row per indicator, segment, region with a target in ref.objectives.
create or replace view marts.progress_2030 as
with

objectives as (
    select
        indicator,
        segment,
        region,
        cast(period as integer) as target_year,
        cast(value as double) as target_value,
        source as target_source
    from ref.objectives
    where kind = 'target'
),

parameters as (
    select
        max(value) filter (where name = 'cagr_window_years') as window_years,
        max(value) filter (where name = 'status_on_track') as on_track,
        max(value) filter (where name = 'status_acceleration') as acceleration
    from ref.parameters
),

annual as (
    select
        indicator,
        segment,
        region,
        cast(period as integer) as yr,
        value
    from core.preferred
    where frequency = 'A'
),

latest as (
    select
        o.*,
        max(a.yr) as latest_year
    from objectives as o
    inner join annual as a
        on o.indicator = a.indicator and o.segment = a.segment and o.region = a.region
    group by all
),

with_values as (
    select
        l.*,
        p.window_years,
        p.on_track,
        p.acceleration,
        (
            select a.value from annual as a
            where
                a.indicator = l.indicator and a.segment = l.segment
                and a.region = l.region and a.yr = l.latest_year
        ) as latest_value,
        (
            select min(a.yr) from annual as a
            where
                a.indicator = l.indicator and a.segment = l.segment
                and a.region = l.region and a.yr >= l.latest_year - p.window_years
                and a.value > 0
        ) as base_year
    from latest as l
    cross join parameters as p
),

with_base as (
    select
        w.*,
        (
            select a.value from annual as a
            where
                a.indicator = w.indicator and a.segment = w.segment
                and a.region = w.region and a.yr = w.base_year
        ) as base_value
    from with_values as w
),

rates as (
    select
        *,
        pow(target_value / latest_value, 1.0 / (target_year - latest_year)) - 1
            as cagr_required,
        case
            when latest_year > base_year
                then pow(latest_value / base_value, 1.0 / (latest_year - base_year)) - 1
        end as cagr_observed
    from with_base
),

projected as (
    select
        *,
        cagr_observed / cagr_required as progress_ratio,
        latest_value * pow(1 + cagr_observed, target_year - latest_year) as projected_2030
    from rates
)

select
    indicator,
    segment,
    region,
    cast(latest_year as varchar) as latest_period,
    latest_value,
    target_year,
    target_value,
    latest_value / target_value as share_of_target,
    cast(base_year as varchar) as observed_from,
    base_value as observed_from_value,
    cagr_required,
    cagr_observed,
    progress_ratio,
    projected_2030,
    target_value - projected_2030 as projected_gap,
    case
        when progress_ratio is null then null
        when progress_ratio >= on_track then 'on_track'
        when progress_ratio >= acceleration then 'acceleration_needed'
        when progress_ratio >= 0 then 'limited_progress'
        else 'deterioration'
    end as status
from projected
order by indicator, segment, region
