-- Quality rules on one load of firm declarations: one scan, one window sort by firm.
-- Parameters: $load_id, $tolerance (stock-flow residual, jobs), $cap (rows kept per rule).
-- Grain: one row per (rule_id, failing row) - for firm.unique_key one row per duplicated
-- (firm_id, period) - at most $cap per rule; failing_total is the rule's full count.
with

declared as (
    select * from staging.stg_firm_declarations
    where load_id = $load_id
),

segments as (
    select code from ref.segments
    where code <> 'ALL'
),

regions as (
    select code from ref.regions
    where code <> 'MA'
),

coded as (
    select
        declared.firm_id,
        declared.period,
        declared.period_start,
        declared.segment,
        declared.region,
        declared.employees,
        declared.hires,
        declared.separations,
        -- Row-level rules before the window sort: only the verdicts travel through it.
        case
            when
                segments.code is null
                or regions.code is null
                or declared.period_start is null
                or coalesce(declared.firm_id, '') = ''
                or declared.published_on is null
                then concat_ws(
                    '; ',
                    case
                        when segments.code is null
                            then
                                'segment ' || coalesce(declared.segment, 'missing')
                    end,
                    case
                        when regions.code is null
                            then
                                'region ' || coalesce(declared.region, 'missing')
                    end,
                    case
                        when declared.period_start is null
                            then
                                'period ' || coalesce(declared.period, 'missing')
                    end,
                    case when coalesce(declared.firm_id, '') = '' then 'firm_id missing' end,
                    case when declared.published_on is null then 'published_on missing' end
                )
        end as unknown_detail,
        case
            when
                coalesce(
                    declared.employees >= 0
                    and declared.hires >= 0
                    and declared.separations >= 0
                    and declared.exports_mad >= 0,
                    false
                ) = false
                then concat_ws(
                    '; ',
                    case
                        when coalesce(declared.employees >= 0, false) = false then 'employees'
                    end,
                    case when coalesce(declared.hires >= 0, false) = false then 'hires' end,
                    case
                        when coalesce(declared.separations >= 0, false) = false
                            then 'separations'
                    end,
                    case
                        when coalesce(declared.exports_mad >= 0, false) = false
                            then 'exports_mad'
                    end
                )
        end as negative_detail,
        least(
            declared.employees, declared.hires, declared.separations, declared.exports_mad
        ) as smallest_value
    from declared
    left join segments on declared.segment = segments.code
    left join regions on declared.region = regions.code
),

sequenced as (
    select
        *,
        lag(period) over firm_months as prev_period,
        lag(period_start) over firm_months as prev_period_start,
        lag(employees) over firm_months as prev_employees,
        lag(segment) over firm_months as prev_segment,
        lag(region) over firm_months as prev_region
    from coded
    window firm_months as (partition by firm_id order by period_start, period)
),

evaluated as (
    select
        firm_id,
        period,
        segment,
        region,
        employees,
        prev_segment,
        prev_region,
        unknown_detail,
        negative_detail,
        smallest_value,
        prev_employees + hires - separations as flow_expected,
        coalesce(period = prev_period, false) as is_duplicate,
        coalesce(
            prev_period_start = period_start - interval 1 month
            and abs(employees - (prev_employees + hires - separations)) > $tolerance,
            false
        ) as breaks_stock_flow,
        unknown_detail is not null as has_unknown_code,
        negative_detail is not null as is_negative_or_missing,
        coalesce(
            period <> prev_period
            and (segment <> prev_segment or region <> prev_region),
            false
        ) as changes_attributes
    from sequenced
),

flagged as materialized (
    select * from evaluated
    where
        breaks_stock_flow
        or is_duplicate
        or has_unknown_code
        or is_negative_or_missing
        or changes_attributes
),

failures as (
    select
        'firm.stock_flow' as rule_id,
        firm_id,
        period,
        segment,
        region,
        cast(flow_expected as double) as expected,
        cast(employees as double) as actual,
        'residual ' || cast(employees - flow_expected as varchar) as detail
    from flagged
    where breaks_stock_flow

    union all

    select
        'firm.unique_key' as rule_id,
        firm_id,
        period,
        any_value(segment) as segment,
        any_value(region) as region,
        1.0 as expected,
        cast(count(*) + 1 as double) as actual,
        cast(count(*) + 1 as varchar) || ' rows for this firm and month' as detail
    from flagged
    where is_duplicate
    group by firm_id, period

    union all

    select
        'firm.known_codes' as rule_id,
        firm_id,
        period,
        segment,
        region,
        null as expected,
        null as actual,
        unknown_detail as detail
    from flagged
    where has_unknown_code

    union all

    select
        'firm.non_negative' as rule_id,
        firm_id,
        period,
        segment,
        region,
        0.0 as expected,
        cast(smallest_value as double) as actual,
        'negative or missing: ' || negative_detail as detail
    from flagged
    where is_negative_or_missing

    union all

    select
        'firm.stable_attributes' as rule_id,
        firm_id,
        period,
        segment,
        region,
        null as expected,
        null as actual,
        prev_segment || '/' || prev_region || ' -> ' || segment || '/' || region as detail
    from flagged
    where changes_attributes
),

ranked as (
    select
        *,
        count(*) over (partition by rule_id) as failing_total,
        row_number() over (partition by rule_id order by firm_id, period) as rank_in_rule
    from failures
)

select
    rule_id,
    failing_total,
    firm_id,
    period,
    segment,
    region,
    expected,
    actual,
    detail
from ranked
where rank_in_rule <= $cap
order by rule_id, rank_in_rule
