-- Append an accepted release's typed values (quality_release: typed once per file by
-- the pipeline) to core.release_values; returns the count.
insert into core.release_values
select
    load_id,
    indicator,
    frequency,
    period,
    period_start,
    period_end,
    segment,
    region,
    source,
    value,
    unit,
    status,
    published_on,
    series_break
from quality_release
where load_id = $load_id
