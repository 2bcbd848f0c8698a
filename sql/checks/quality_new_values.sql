-- quality_new_values: the usable values the load $load_id adds. Grain: one row per
-- indicator, frequency, period, segment, region, source (and duplicates when a release
-- repeats a key).
-- A release is checked before it is loaded: its values are its typed rows
-- (quality_release). Firm declarations are checked against other sources after their
-- aggregates were appended inside the same transaction: their values are in
-- core.release_values. A load has rows in only one of the two.
-- Run after quality_current.sql. With $skip_source (a load of one source, checked only by
-- sources.agree: runner.check_loaded_sources), the load's values are kept only where
-- another source publishes the same key: the others cannot pair with anything.
create or replace temp table quality_new_values as
select
    indicator,
    frequency,
    period,
    period_start,
    period_end,
    segment,
    region,
    coalesce(source, '') as source,
    value,
    coalesce(series_break, false) as series_break,
    true as in_release
from quality_release
where
    indicator is not null
    and period is not null
    and segment is not null
    and region is not null
    and value is not null

union all

select
    indicator,
    frequency,
    period,
    period_start,
    period_end,
    segment,
    region,
    coalesce(source, '') as source,
    value,
    coalesce(series_break, false) as series_break,
    true as in_release
from core.release_values as v
where
    v.load_id = $load_id
    and v.value is not null
    and (
        $skip_source is null
        or (v.indicator, v.frequency, v.period, v.segment, v.region) in (
            select (indicator, frequency, period, segment, region) from quality_current
        )
    )
