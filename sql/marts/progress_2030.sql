-- Mart progress_2030: where each objective stands, by two methods (docs/methodology.md).
-- 1. CAGR ratio (Eurostat SDG progress method, open-sdg): the required rate is computed
--    from the LATEST value (the pace needed from now on); ratio = observed CAGR /
--    required CAGR over the observation window (core.observation_window: exactly
--    OFFSHORING_CAGR_WINDOW years, linked across series breaks).
-- 2. Projection ratio (UN Statistics Division progress chart): (projected_2030 -
--    baseline) / (target - baseline); baseline = the observed value of the objective's
--    reference year (kind = reference in seeds/objectives.csv), else the seed's value.
-- Edge categories (open-sdg): a latest value at or beyond the target (direction-aware)
-- is target_achieved; with the target year reached, target_not_achieved; fewer than
-- min_years_observed years of growth or no usable base: insufficient_data, with the
-- reason in status_reason and the rates NULL.
-- Rows: every target, plus every segment or region covered by a target_share row (its
-- target = share x the national target; an empty share = the observed latest share).
-- Grain: one row per indicator, segment, region with a target or a target share.
create or replace view marts.progress_2030 as
with

objectives as (
    select * from ref.objectives
),

windows as (
    select * from core.observation_window
),

annual as (
    select * from core.annual_linked
),

parameters as (
    select
        max(value) filter (where name = 'min_years_observed') as min_years,
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
        coalesce(direction, 'increase') as direction,
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

-- Segments and regions covered by a share row ('*' = every code but the total).
share_keys as (
    select
        k.indicator,
        k.segment,
        k.region,
        t.direction,
        t.target_year,
        t.target_source,
        s.share as configured_share,
        t.target_value as national_target,
        coalesce(s.share, k.latest_value / n.value) as share
    from windows as k
    inner join shares as s
        on
            k.indicator = s.indicator
            and (k.segment = s.segment or (s.segment = '*' and k.segment <> 'ALL'))
            and (k.region = s.region or (s.region = '*' and k.region <> 'MA'))
    inner join targets as t
        on k.indicator = t.indicator and t.segment = 'ALL' and t.region = 'MA'
    left join annual as n
        on
            k.indicator = n.indicator and n.segment = 'ALL' and n.region = 'MA'
            and k.latest_year = n.year
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
        direction,
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

with_window as (
    select
        o.*,
        w.* exclude (indicator, segment, region),
        p.*,
        w.latest_year >= o.target_year as target_year_reached,
        case
            when o.direction = 'decrease' then w.latest_value <= o.target_value
            else w.latest_value >= o.target_value
        end as achieved,
        w.base_problem is null and w.latest_linked_value > 0
        and w.years_observed >= greatest(p.min_years, 1) as assessable
    from all_targets as o
    inner join windows as w
        on o.indicator = w.indicator and o.segment = w.segment and o.region = w.region
    cross join parameters as p
),

-- The projection baseline: the observed value of the reference year (on the current
-- definition), else the objective's reference value.
with_baseline as (
    select
        w.*,
        coalesce(r_own.reference_year, r_nat.reference_year) as baseline_year,
        coalesce(b.linked_value, r_own.reference_value) as baseline_value,
        case
            when b.linked_value is not null then 'observed'
            when r_own.reference_value is not null then 'objective'
        end as baseline_basis
    from with_window as w
    left join references_ as r_own
        on w.indicator = r_own.indicator and w.segment = r_own.segment and w.region = r_own.region
    left join references_ as r_nat
        on w.indicator = r_nat.indicator and r_nat.segment = 'ALL' and r_nat.region = 'MA'
    left join annual as b
        on
            w.indicator = b.indicator and w.segment = b.segment and w.region = b.region
            and b.year = coalesce(r_own.reference_year, r_nat.reference_year)
),

rates as (
    select
        *,
        target_year - latest_year as years_left,
        case
            when target_year > latest_year and latest_value > 0 and target_value > 0
                then pow(target_value / latest_value, 1.0 / (target_year - latest_year)) - 1
        end as cagr_required,
        case
            when assessable
                then pow(latest_linked_value / base_value, 1.0 / years_observed) - 1
        end as cagr_observed
    from with_baseline
),

projected as (
    select
        *,
        case
            when not achieved then cagr_observed / nullif(cagr_required, 0)
        end as progress_ratio,
        case
            when years_left > 0 then latest_value * pow(1 + cagr_observed, years_left)
        end as projected_2030
    from rates
),

ratios as (
    select
        *,
        (projected_2030 - baseline_value) / nullif(target_value - baseline_value, 0)
            as projection_ratio,
        case
            when achieved then 'target_achieved'
            when target_year_reached then 'target_not_achieved'
            when not assessable then 'insufficient_data'
        end as edge_status
    from projected
)

select
    indicator,
    segment,
    region,
    unit,
    direction,
    cast(latest_year as varchar) as latest_period,
    latest_value,
    target_year,
    target_value,
    latest_value / target_value as share_of_target,
    cast(base_year as varchar) as observed_from,
    base_value as observed_from_value,
    cast(years_observed as integer) as years_observed,
    observed_basis,
    cagr_required,
    cagr_observed,
    progress_ratio,
    projected_2030,
    target_value - projected_2030 as projected_gap,
    case
        when edge_status is not null then edge_status
        when progress_ratio is null then 'insufficient_data'
        when progress_ratio >= on_track then 'on_track'
        when progress_ratio >= acceleration then 'acceleration_needed'
        when progress_ratio >= 0 then 'limited_progress'
        else 'deterioration'
    end as status,
    case
        when achieved and direction = 'decrease' then 'latest value at or below the target'
        when achieved then 'latest value at or above the target'
        when target_year_reached
            then printf('target year %d reached without reaching the target', target_year)
        when base_problem = 'missing'
            then printf('no value in %d, the start of the observation window', base_year)
        when base_problem = 'not_positive'
            then printf('the value in %d is not positive', base_year)
        when not latest_linked_value > 0 then 'the latest value is not positive'
        when years_observed < min_years
            then printf(
                'only %d year(s) of growth observed (%d-%d); at least %d needed',
                years_observed, base_year, latest_year, cast(min_years as integer)
            )
        else printf('observed growth %d-%d (%s)', base_year, latest_year, observed_basis)
    end as status_reason,
    target_basis,
    target_share,
    target_source,
    cast(baseline_year as integer) as baseline_year,
    baseline_value,
    baseline_basis,
    projection_ratio,
    case
        when edge_status is not null then edge_status
        when projection_ratio is null then 'insufficient_data'
        when projection_ratio >= projection_on_track then 'on_track'
        when projection_ratio >= projection_acceleration then 'acceleration_needed'
        else 'stagnation_or_regression'
    end as projection_status,
    cast(years_left as integer) as years_left,
    latest_value * (1 + cagr_required) as required_next_value,
    latest_value * cagr_required as required_increment_next_year,
    case when years_left > 0 then (target_value - latest_value) / years_left end
        as required_increment_per_year_avg,
    latest_source,
    latest_published_on,
    latest_file_name,
    latest_file_sha256
from ratios
order by indicator, segment, region
