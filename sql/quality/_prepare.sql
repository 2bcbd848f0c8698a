-- Run first by offshoring.quality for each release, inside the pipeline's transaction,
-- after `set variable quality_load_id = <load_id>`.
-- quality_release: the typed rows of the release being validated (all of them, even
-- those that do not parse). Grain: one row per received row (row_number).
-- quality_known: the usable values known if the release were loaded: the release's
-- values, then core.current for keys the release does not restate.
-- Grain: one row per indicator, frequency, period, segment, region, source (and
-- duplicates when the release itself repeats a key).
create or replace temp table quality_release as
select *
from staging.stg_release_rows
where load_id = getvariable('quality_load_id');

create or replace temp table quality_known as
with

release_values as (
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
),

loaded as (
    select
        c.indicator,
        c.frequency,
        c.period,
        c.period_start,
        c.period_end,
        c.segment,
        c.region,
        coalesce(c.source, '') as source,
        c.value,
        coalesce(c.series_break, false) as series_break,
        false as in_release
    from core.current as c
    where not exists (
        select 1
        from release_values as r
        where
            r.indicator = c.indicator
            and r.frequency = c.frequency
            and r.period = c.period
            and r.segment = c.segment
            and r.region = c.region
            and r.source = coalesce(c.source, '')
    )
)

select * from release_values
union all
select * from loaded;
