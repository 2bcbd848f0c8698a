-- Staging for firm declarations: trimmed codes, month as dates, the quarter and the year.
-- Grain: one row per raw declaration row (load_id, firm_id, period). NULL period_start =
-- the period is not YYYY-MM; staging never drops rows, the rules report them.
create or replace view staging.stg_firm_declarations as
with

declared as (
    select * from raw.firm_declarations
),

typed as (
    select
        load_id,
        trim(firm_id) as firm_id,
        trim(period) as period,
        upper(trim(segment)) as segment,
        upper(trim(region)) as region,
        employees,
        hires,
        separations,
        exports_mad,
        published_on,
        case
            when length(trim(period)) = 7
                then try_cast(trim(period) || '-01' as date)
        end as period_start
    from declared
)

select
    load_id,
    firm_id,
    period,
    segment,
    region,
    employees,
    hires,
    separations,
    exports_mad,
    published_on,
    period_start,
    cast(last_day(period_start) as date) as period_end,
    year(period_start) as period_year,
    quarter(period_start) as period_quarter,
    month(period_start) as period_month
from typed
