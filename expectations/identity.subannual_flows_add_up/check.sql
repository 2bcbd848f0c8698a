-- identity.subannual_flows_add_up: for flow indicators (ref.indicators.kind = 'flow'), one
-- row per period (quarter, semester, year) and kind of sub-period (month, quarter,
-- semester) when every sub-period is known and the release holds the period or one of
-- its sub-periods. expected = the period's flow; actual = sum of the sub-periods.
with

flows as (
    select k.*
    from quality_known as k
    inner join ref.indicators as i on k.indicator = i.code
    where i.kind = 'flow'
),

nesting (child, parent, parts) as (
    values
    ('M', 'Q', 3), ('M', 'S', 6), ('M', 'A', 12),
    ('Q', 'S', 2), ('Q', 'A', 4), ('S', 'A', 2)
),

sums as (
    select
        p.indicator,
        p.period,
        p.segment,
        p.region,
        p.value,
        n.child,
        n.parts,
        count(distinct c.period) as found,
        sum(c.value) as total,
        bool_or(p.in_release or c.in_release) as touches_release
    from flows as p
    inner join nesting as n on p.frequency = n.parent
    inner join flows as c
        on
            n.child = c.frequency
            and p.indicator = c.indicator
            and p.segment = c.segment
            and p.region = c.region
            and p.source = c.source
            and p.period_start <= c.period_start
            and p.period_end >= c.period_end
    group by all
)

select
    indicator,
    period,
    segment,
    region,
    value as expected,
    total as actual,
    total - value as residual,
    printf('sum of %d sub-periods of frequency %s', parts, child) as detail
from sums
where found = parts and touches_release
order by indicator, period, segment, region, child
