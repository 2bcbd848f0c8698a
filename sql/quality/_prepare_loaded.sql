-- Run by offshoring.quality.check_loaded_sources for a load whose values were computed
-- inside the pipeline's transaction (firm declarations aggregated into
-- core.release_values), after `set variable quality_load_id = <load_id>`.
-- quality_known: the load's values (in_release) plus core.current for the keys the load
-- does not restate, as in _prepare.sql, so that sources.agree.sql reads it unchanged.
-- Grain: one row per indicator, frequency, period, segment, region, source.
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
    from core.release_values
    where
        load_id = getvariable('quality_load_id')
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
