-- Mart progress_2030: where each objective stands, by two methods.
-- 1. CAGR ratio (Eurostat SDG reports, open-sdg): the required rate is computed from the
--    LATEST value (the pace needed from now on); ratio = observed CAGR / required CAGR.
-- 2. Projection ratio (UN Statistics Division progress chart): (projected_2030 - baseline)
--    / (target - baseline); baseline = the objective's reference year (kind = reference in
--    seeds/objectives.csv; e.g. jobs 2024 = 148,500), thresholds 0.95 and 0.10.
-- Rows: every target, plus every segment or region covered by a target_share row (its
-- target = share x the national target; an empty share = the observed latest share).
-- Grain: one row per indicator, segment, region with a target or a target share.
create or replace view marts.progress_2030 as
with

objectives as (
    select * from ref.objectives
),

annual as (
    select * from core.annual
),

parameters as (
    select
        max(value) filter (where name = 'cagr_window_years') as window_years,
        max(value) filter (where name = 'status_on_track') as on_track,
        max(value) filter (where name = 'status_acceleration') as acceleration,
        max(value) filter (where name = 'projection_on_track') as projection_on_track,
        max(value) filter (where name = 'projection_acceleration') as projection_acceleration
    from ref.parameters
),

targets as (
    select
        indicator,
        segment,
        region,
        cast(period as integer) as target_year,
        cast(value as double) as target_value,
        source as target_source
    from objectives
    where kind = 'target'
),

references_ as (
    select
        indicator,
        segment,
        region,
        cast(period as integer) as reference_year,
        cast(value as double) as reference_value
    from objectives
    where kind = 'reference' and try_cast(period as integer) is not null
),

shares as (
    select
        indicator,
        segment,
        region,
        cast(value as double) as share
    from objectives
    where kind = 'target_share'
),

latest_years as (
    select
        indicator,
        segment,
        region,
        max(year) as latest_year
    from annual
    group by all
),

-- Segments and regions covered by a share row ('*' = every code but the total).
share_keys as (
    select
        k.indicator,
        k.segment,
        k.region,
        t.target_year,
        t.target_source,
        s.share as configured_share,
        t.target_value as national_target,
        coalesce(
            s.share,
            a.value / (
                select n.value from annual as n
                where
                    n.indicator = k.indicator and n.segment = 'ALL' and n.region = 'MA'
                    and n.year = k.latest_year
            )
        ) as share
    from latest_years as k
    inner join shares as s
        on
            k.indicator = s.indicator
            and (k.segment = s.segment or (s.segment = '*' and k.segment <> 'ALL'))
            and (k.region = s.region or (s.region = '*' and k.region <> 'MA'))
    inner join targets as t
        on k.indicator = t.indicator and t.segment = 'ALL' and t.region = 'MA'
    inner join annual as a
        on
            k.indicator = a.indicator and k.segment = a.segment and k.region = a.region
            and k.latest_year = a.year
    where not (k.segment = 'ALL' and k.region = 'MA')
),

all_targets as (
    select
        *,
        'objective' as target_basis,
        cast(null as double) as target_share
    from targets
    union all
    select
        indicator,
        segment,
        region,
        target_year,
        share * national_target,
        target_source,
        case when configured_share is null then 'observed_share' else 'configured_share' end,
        share
    from share_keys as s
    where not exists (
        select 1 from targets as t
        where t.indicator = s.indicator and t.segment = s.segment and t.region = s.region
    )
),

with_latest as (
    select
        o.*,
        l.latest_year,
        a.value as latest_value,
        a.source as latest_source,
        a.published_on as latest_published_on,
        a.file_name as latest_file_name,
        a.file_sha256 as latest_file_sha256,
        p.*
    from all_targets as o
    inner join latest_years as l
        on o.indicator = l.indicator and o.segment = l.segment and o.region = l.region
    inner join annual as a
        on
            o.indicator = a.indicator and o.segment = a.segment and o.region = a.region
            and l.latest_year = a.year
    cross join parameters as p
),

with_base as (
    select
        w.*,
        (
            select min(a.year) from annual as a
            where
                a.indicator = w.indicator and a.segment = w.segment
                and a.region = w.region and a.year >= w.latest_year - w.window_years
                and a.value > 0
        ) as base_year
    from with_latest as w
),

with_baseline as (
    select
        b.*,
        (
            select a.value from annual as a
            where
                a.indicator = b.indicator and a.segment = b.segment
                and a.region = b.region and a.year = b.base_year
        ) as base_value,
        coalesce(r_own.reference_year, r_nat.reference_year) as baseline_year,
        coalesce(
            r_own.reference_value,
            (
                select a.value from annual as a
                where
                    a.indicator = b.indicator and a.segment = b.segment
                    and a.region = b.region
                    and a.year = coalesce(r_own.reference_year, r_nat.reference_year)
            )
        ) as baseline_value,
        case when r_own.reference_value is null then 'observed' else 'objective' end
            as baseline_basis
    from with_base as b
    left join references_ as r_own
        on b.indicator = r_own.indicator and b.segment = r_own.segment and b.region = r_own.region
    left join references_ as r_nat
        on b.indicator = r_nat.indicator and r_nat.segment = 'ALL' and r_nat.region = 'MA'
),

rates as (
    select
        *,
        target_year - latest_year as years_left,
        pow(target_value / latest_value, 1.0 / (target_year - latest_year)) - 1
            as cagr_required,
        case
            when latest_year > base_year
                then pow(latest_value / base_value, 1.0 / (latest_year - base_year)) - 1
        end as cagr_observed
    from with_baseline
),

projected as (
    select
        *,
        cagr_observed / nullif(cagr_required, 0) as progress_ratio,
        latest_value * pow(1 + cagr_observed, target_year - latest_year) as projected_2030
    from rates
),

ratios as (
    select
        *,
        (projected_2030 - baseline_value) / nullif(target_value - baseline_value, 0)
            as projection_ratio
    from projected
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
    end as status,
    target_basis,
    target_share,
    target_source,
    cast(baseline_year as integer) as baseline_year,
    baseline_value,
    baseline_basis,
    projection_ratio,
    case
        when projection_ratio is null then null
        when projection_ratio >= projection_on_track then 'on_track'
        when projection_ratio >= projection_acceleration then 'acceleration_needed'
        else 'stagnation_or_regression'
    end as projection_status,
    cast(years_left as integer) as years_left,
    latest_value * (1 + cagr_required) as required_next_value,
    latest_value * cagr_required as required_increment_next_year,
    (target_value - latest_value) / years_left as required_increment_per_year_avg,
    latest_source,
    latest_published_on,
    latest_file_name,
    latest_file_sha256
from ratios
order by indicator, segment, region
