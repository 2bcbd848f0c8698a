-- firm_flags: the rows of the firm declarations load $load_id that break a firm rule,
-- at most $cap per rule, with each rule's full count. One scan of the load serves every
-- firm rule; each rule's check.sql (expectations/firm.*/check.sql) selects its rows from
-- here and Great Expectations judges them (decided_by sql: the count is DuckDB's).
-- One pass over the load: each row's row rules (known codes and dates, counts present
-- and not negative) as one flag, then one window sort over a narrow projection for the
-- sequence rules (stock-flow, duplicates, attribute changes, gaps). Only the flagged rows
-- are read again, for their details: a load without any reads the staging view once.
-- Grain: one row per (rule_id, failing row) - for firm.unique_key one row per duplicated
-- (firm_id, period) - at most $cap per rule (rank_in_rule); failing_total is the rule's
-- full count, checked_total the rows of the load. detail starts with the firm id.
-- $stock_flow_abs is settings.tolerances.stock_flow_abs, the value GX receives as the suite
-- parameter of the same name.
create or replace temp table firm_flags as
with

-- Not materialized: a copy of every typed row costs more than typing the few rows read
-- again (DuckDB skips the look-ups' scans when nothing is flagged).
declared as not materialized (
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

-- Only what the window needs travels through the sort, with each row's row-rule verdict.
narrow as (
    select
        declared.firm_id,
        declared.period_start,
        declared.employees,
        declared.hires - declared.separations as net_flow,
        hash(declared.segment, declared.region) as attributes,
        segments.code is null
        or regions.code is null
        or declared.period_start is null
        or coalesce(declared.firm_id, '') = ''
        or declared.published_on is null
        or coalesce(
            declared.employees >= 0
            and declared.hires >= 0
            and declared.separations >= 0
            and declared.exports_mad >= 0,
            false
        ) = false as breaks_row_rule
    from declared
    left join segments on declared.segment = segments.code
    left join regions on declared.region = regions.code
),

sequenced as (
    select
        *,
        lag(period_start) over firm_months as prev_period_start,
        lag(employees) over firm_months as prev_employees,
        lag(attributes) over firm_months as prev_attributes
    from narrow
    window firm_months as (partition by firm_id order by period_start)
),

evaluated as (
    select
        firm_id,
        period_start,
        prev_period_start,
        employees,
        prev_employees + net_flow as flow_expected,
        breaks_row_rule,
        coalesce(
            prev_period_start = period_start - interval 1 month
            and abs(employees - (prev_employees + net_flow)) > $stock_flow_abs,
            false
        ) as breaks_stock_flow,
        coalesce(prev_period_start = period_start, false) as is_duplicate,
        -- a month missing between two declarations (carried forward by the aggregation)
        coalesce(prev_period_start < period_start - interval 1 month, false) as has_gap,
        coalesce(
            prev_period_start < period_start and attributes <> prev_attributes, false
        ) as changes_attributes
    from sequenced
),

flagged as materialized (
    select * from evaluated
    where breaks_row_rule or breaks_stock_flow or is_duplicate or changes_attributes or has_gap
),

-- Row rules: the details of the rows flagged (a firm's twin month is read too, and has
-- none: failures keeps the rows with a detail).
row_checked as (
    select
        declared.firm_id,
        declared.period,
        declared.segment,
        declared.region,
        least(
            declared.employees, declared.hires, declared.separations, declared.exports_mad
        ) as smallest_value,
        concat_ws(
            '; ',
            case when segments.code is null then 'segment ' || coalesce(declared.segment, '-') end,
            case when regions.code is null then 'region ' || coalesce(declared.region, '-') end,
            case
                when declared.period_start is null
                    then 'period ' || coalesce(declared.period, '-')
            end,
            case when coalesce(declared.firm_id, '') = '' then 'firm_id missing' end,
            case when declared.published_on is null then 'published_on missing' end
        ) as unknown_detail,
        concat_ws(
            '; ',
            case when coalesce(declared.employees >= 0, false) = false then 'employees' end,
            case when coalesce(declared.hires >= 0, false) = false then 'hires' end,
            case when coalesce(declared.separations >= 0, false) = false then 'separations' end,
            case when coalesce(declared.exports_mad >= 0, false) = false then 'exports_mad' end
        ) as negative_detail
    from declared
    semi join flagged
        on
            declared.firm_id is not distinct from flagged.firm_id
            and declared.period_start is not distinct from flagged.period_start
            and flagged.breaks_row_rule
    left join segments on declared.segment = segments.code
    left join regions on declared.region = regions.code
),

-- Details of the flagged rows and of the month before an attribute change.
wanted as (
    select
        firm_id,
        period_start
    from flagged
    union
    select
        firm_id,
        prev_period_start as period_start
    from flagged
    where changes_attributes
),

looked_up as materialized (
    select
        declared.firm_id,
        declared.period_start,
        any_value(declared.period) as period,
        any_value(declared.segment) as segment,
        any_value(declared.region) as region,
        count(*) as declarations
    from declared
    semi join wanted
        on declared.firm_id = wanted.firm_id and declared.period_start = wanted.period_start
    group by declared.firm_id, declared.period_start
),

detailed as (
    select
        flagged.*,
        cur.period,
        cur.segment,
        cur.region,
        cur.declarations,
        prev.segment as prev_segment,
        prev.region as prev_region
    from flagged
    inner join looked_up as cur
        on flagged.firm_id = cur.firm_id and flagged.period_start = cur.period_start
    left join looked_up as prev
        on flagged.firm_id = prev.firm_id and flagged.prev_period_start = prev.period_start
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
        'residual ' || cast(employees - flow_expected as varchar) as detail,
        null as unknown,
        null as negative_or_missing,
        null as prev_segment,
        null as prev_region
    from detailed
    where breaks_stock_flow

    union all

    select distinct
        'firm.unique_key' as rule_id,
        firm_id,
        period,
        segment,
        region,
        1.0 as expected,
        cast(declarations as double) as actual,
        cast(declarations as varchar) || ' rows for this firm and month' as detail,
        null as unknown,
        null as negative_or_missing,
        null as prev_segment,
        null as prev_region
    from detailed
    where is_duplicate

    union all

    select
        'firm.stable_attributes' as rule_id,
        firm_id,
        period,
        segment,
        region,
        null as expected,
        null as actual,
        prev_segment || '/' || prev_region || ' -> ' || segment || '/' || region as detail,
        null as unknown,
        null as negative_or_missing,
        prev_segment,
        prev_region
    from detailed
    where changes_attributes

    union all

    select
        'firm.gap' as rule_id,
        firm_id,
        strftime(prev_period_start + interval 1 month, '%Y-%m') as period,
        segment,
        region,
        0.0 as expected,
        cast(datediff('month', prev_period_start, period_start) - 1 as double) as actual,
        printf(
            '%d month(s) missing between %s and %s, carried forward',
            datediff('month', prev_period_start, period_start) - 1,
            strftime(prev_period_start, '%Y-%m'),
            period
        ) as detail,
        null as unknown,
        null as negative_or_missing,
        null as prev_segment,
        null as prev_region
    from detailed
    where has_gap

    union all

    select
        'firm.known_codes' as rule_id,
        firm_id,
        period,
        segment,
        region,
        null as expected,
        null as actual,
        unknown_detail as detail,
        unknown_detail as unknown,
        null as negative_or_missing,
        null as prev_segment,
        null as prev_region
    from row_checked
    where unknown_detail <> ''

    union all

    select
        'firm.non_negative' as rule_id,
        firm_id,
        period,
        segment,
        region,
        0.0 as expected,
        cast(smallest_value as double) as actual,
        'negative or missing: ' || negative_detail as detail,
        null as unknown,
        negative_detail as negative_or_missing,
        null as prev_segment,
        null as prev_region
    from row_checked
    where negative_detail <> ''
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
    rank_in_rule,
    failing_total,
    (select count(*) from raw.firm_declarations where load_id = $load_id) as checked_total,
    firm_id,
    period,
    segment,
    region,
    expected,
    actual,
    'firm ' || coalesce(firm_id, '-') || ': ' || detail as detail,
    unknown,
    negative_or_missing,
    prev_segment,
    prev_region
from ranked
where rank_in_rule <= $cap
