-- Run first by offshoring.quality for each release, inside the pipeline's transaction,
-- after `set variable quality_load_id = <load_id>`.
-- quality_release: the typed rows of the release being validated (all of them, even
-- those that do not parse). Grain: one row per received row (row_number).
-- quality_new_values: the release's usable values. _known.sql then adds core.current
-- for the keys the release does not restate (quality_known).
create or replace temp table quality_release as
select *
from staging.stg_release_rows
where load_id = getvariable('quality_load_id');

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
    and value is not null;
