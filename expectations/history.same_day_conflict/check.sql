-- history.same_day_conflict: one row per release value whose figure (indicator,
-- frequency, period, segment, region, source) an earlier load already published with
-- the same publication date. Vintages are ordered by publication date: two different
-- values on one day cannot be ordered, and the result would depend on the order of the
-- loads. expected = the value already loaded; actual = this release's value; the
-- detail names the other file.
select
    r.indicator,
    r.period,
    r.segment,
    r.region,
    v.value as expected,
    r.value as actual,
    r.value - v.value as residual,
    format(
        'published the same day ({}) by {} (load {})', r.published_on, l.file_name, l.load_id
    ) as detail
from quality_release as r
inner join core.release_values as v
    on
        r.indicator = v.indicator
        and r.frequency = v.frequency
        and r.period = v.period
        and r.segment = v.segment
        and r.region = v.region
        and coalesce(r.source, '') = v.source
        and r.published_on = v.published_on
inner join meta.loads as l on v.load_id = l.load_id
where r.value is not null and v.load_id <> $load_id
order by r.row_number, v.load_id
