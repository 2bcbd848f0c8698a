-- history.revision: one row per release value restating a value already in core.current
-- (same indicator, frequency, period, segment, region and source). A row flagged
-- series_break is a new definition, not a revision: skipped.
-- expected = the published value; actual = the new value.
select
    r.indicator,
    r.period,
    r.segment,
    r.region,
    c.value as expected,
    r.value as actual,
    r.value - c.value as residual,
    format('revision of the value published on {} (load {})', c.published_on, c.load_id)
        as detail
from quality_known as r
inner join core.current as c
    on
        r.indicator = c.indicator
        and r.frequency = c.frequency
        and r.period = c.period
        and r.segment = c.segment
        and r.region = c.region
        and r.source = coalesce(c.source, '')
where r.in_release and not r.series_break
order by r.indicator, r.period, r.segment, r.region
