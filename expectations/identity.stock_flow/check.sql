-- identity.stock_flow: one row per jobs stock with its net creations over the same
-- period and the stock ending the day before the period starts, whatever its frequency
-- (Q1 2024 is checked against the end-2023 stock: the year, Q4, S2 or December), per
-- series (segment, region, source), when at least one of the three values is in the
-- release (the others may be loaded). Several stocks end that day: the one of the same
-- frequency, else the longest period (they agree: identity.subannual_stock_matches).
-- expected = jobs[t-1] + net_jobs[t]; actual = jobs[t]. Published stocks are rounded:
-- the tolerance is max(stock_flow_abs, stock_flow_rel x expected).
with

stock as (
    select * from quality_known where indicator = 'jobs'
),

flow as (
    select * from quality_known where indicator = 'net_jobs'
),

months as (
    select
        code as frequency,
        months
    from ref.frequencies
),

checked as (
    select
        s.period,
        s.segment,
        s.region,
        p.period as previous_period,
        p.value as previous_stock,
        f.value as net_flow,
        s.value as stock
    from stock as s
    inner join flow as f
        on
            s.frequency = f.frequency
            and s.period = f.period
            and s.segment = f.segment
            and s.region = f.region
            and s.source = f.source
    inner join stock as p
        on
            p.period_end = s.period_start - interval 1 day
            and s.segment = p.segment
            and s.region = p.region
            and s.source = p.source
    inner join months as m on p.frequency = m.frequency
    where s.in_release or f.in_release or p.in_release
    qualify row_number() over (
        partition by s.frequency, s.period, s.segment, s.region, s.source
        order by p.frequency = s.frequency desc, m.months desc
    ) = 1
)

select
    'jobs' as indicator,
    period,
    segment,
    region,
    previous_stock + net_flow as expected,
    stock as actual,
    stock - (previous_stock + net_flow) as residual,
    format('jobs {} + net_jobs {}', previous_period, period) as detail
from checked
order by period, segment, region
