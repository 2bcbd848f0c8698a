-- history.revision: one row per release value restating a value already in core.current
-- (read from quality_current, core.current computed once per load; same indicator,
-- frequency, period, segment, region and source). A row flagged series_break is a new
-- definition, not a revision: skipped.
-- expected = the published value; actual = the new value. Indicators that cannot be
-- negative are bounded relatively (published_rel, new_rel); signed flows (net_jobs)
-- cross zero, where a relative revision means nothing: absolutely (published_abs,
-- new_abs). Each pair is NULL for the other kind, and GX skips NULL pairs.
with

restated as (
    select
        r.indicator,
        r.period,
        r.segment,
        r.region,
        c.value as expected,
        r.value as actual,
        lower(cast(i.non_negative as varchar)) = 'true' as relative,
        format('revision of the value published on {} (load {})', c.published_on, c.load_id)
            as detail
    from quality_known as r
    inner join quality_current as c
        on
            r.indicator = c.indicator
            and r.frequency = c.frequency
            and r.period = c.period
            and r.segment = c.segment
            and r.region = c.region
            and r.source = coalesce(c.source, '')
    inner join ref.indicators as i on r.indicator = i.code
    where r.in_release and not r.series_break
)

select
    indicator,
    period,
    segment,
    region,
    expected,
    actual,
    actual - expected as residual,
    case when relative then expected end as published_rel,
    case when relative then actual end as new_rel,
    case when not relative then expected end as published_abs,
    case when not relative then actual end as new_abs,
    detail
from restated
order by indicator, period, segment, region
