-- identity.subannual_stock_matches: for stock indicators (ref.indicators.kind = 'stock'),
-- one row per period (quarter, semester, year) and its last sub-period (month, quarter,
-- semester: same period end) when the release holds either.
-- expected = the period's stock; actual = the stock at the last sub-period.
with

stocks as (
    select k.*
    from quality_known as k
    inner join ref.indicators as i on k.indicator = i.code
    where i.kind = 'stock'
),

nesting (child, parent) as (
    values ('M', 'Q'), ('M', 'S'), ('M', 'A'), ('Q', 'S'), ('Q', 'A'), ('S', 'A')
)

select
    p.indicator,
    p.period,
    p.segment,
    p.region,
    p.value as expected,
    c.value as actual,
    c.value - p.value as residual,
    printf('stock at %s', c.period) as detail
from stocks as p
inner join nesting as n on p.frequency = n.parent
inner join stocks as c
    on
        n.child = c.frequency
        and p.indicator = c.indicator
        and p.segment = c.segment
        and p.region = c.region
        and p.source = c.source
        and p.period_end = c.period_end
where p.in_release or c.in_release
order by p.indicator, p.period, p.segment, p.region, c.period
