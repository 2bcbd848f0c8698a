-- quality_new_values: the usable values the load $load_id adds. Grain: one row per
-- indicator, frequency, period, segment, region, source (and duplicates when a release
-- repeats a key).
-- A release is checked before it is loaded: its values are its typed rows
-- (quality_release). Firm declarations are checked against other sources after their
-- aggregates were appended inside the same transaction: their values are in
-- core.release_values. A load has rows in only one of the two.
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
from core.release_values
where
    load_id = $load_id
    and value is not null
