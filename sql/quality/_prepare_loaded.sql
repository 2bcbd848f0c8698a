-- Run by offshoring.quality.check_loaded_sources for a load whose values were computed
-- inside the pipeline's transaction (firm declarations aggregated into
-- core.release_values), after `set variable quality_load_id = <load_id>`.
-- quality_new_values: the load's values. _known.sql then adds core.current for the keys
-- the load does not restate, as for a release, so that sources.agree.sql reads it
-- unchanged. Grain: one row per indicator, frequency, period, segment, region, source.
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
from core.release_values
where
    load_id = getvariable('quality_load_id')
    and value is not null;
