-- identity.stock_flow: one row per jobs stock with its net creations and the stock of the
-- previous period of the same frequency (A, S, Q, M), per series (segment, region, source),
-- when at least one of the three values is in the release (the others may be loaded).
-- expected = jobs[t-1] + net_jobs[t]; actual = jobs[t].
with

stock as (
    select * from quality_known where indicator = 'jobs'
),

flow as (
    select * from quality_known where indicator = 'net_jobs'
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
            s.frequency = p.frequency
            and p.period_end = s.period_start - interval 1 day
            and s.segment = p.segment
            and s.region = p.region
            and s.source = p.source
    where s.in_release or f.in_release or p.in_release
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
