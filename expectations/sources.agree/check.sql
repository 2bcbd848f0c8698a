-- sources.agree: one row per release value and each other source's value for the same
-- indicator, frequency, period, segment and region (in the release or already loaded).
-- Series breaks are skipped. expected = the other source; actual = the release's value.
select
    r.indicator,
    r.period,
    r.segment,
    r.region,
    o.value as expected,
    r.value as actual,
    r.value - o.value as residual,
    printf('source %s vs %s', r.source, o.source) as detail
from quality_known as r
inner join quality_known as o
    on
        r.indicator = o.indicator
        and r.frequency = o.frequency
        and r.period = o.period
        and r.segment = o.segment
        and r.region = o.region
        and r.source <> o.source
where
    r.in_release
    and not r.series_break
    and not o.series_break
    and (not o.in_release or r.source < o.source)
order by r.indicator, r.period, r.segment, r.region, o.source
