-- history.growth: one row per release value of a non-negative indicator whose value one
-- year earlier (same frequency, series and source: the previous year, or the same
-- half-year, quarter or month of the previous year, so that seasonal flows compare year
-- on year) is known and positive; series breaks skipped.
-- expected = the value a year earlier; actual = value; GX bounds |actual / expected - 1|.
select
    r.indicator,
    r.period,
    r.segment,
    r.region,
    p.value as expected,
    r.value as actual,
    r.value / p.value - 1 as residual,
    printf('same period a year earlier: %s', p.period) as detail
from quality_known as r
inner join ref.indicators as i on r.indicator = i.code
inner join quality_known as p
    on
        r.indicator = p.indicator
        and r.frequency = p.frequency
        and p.period_start = r.period_start - interval 12 month
        and r.segment = p.segment
        and r.region = p.region
        and r.source = p.source
where
    r.in_release
    and not r.series_break
    and p.value > 0
    and lower(cast(i.non_negative as varchar)) = 'true'
order by r.indicator, r.period, r.segment, r.region
