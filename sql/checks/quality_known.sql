-- Run after quality_release.sql, quality_new_values.sql (the values the load would add or
-- added) and quality_current.sql (core.current, computed once per load).
-- quality_known: those values (in_release), then core.current for the keys they do not
-- restate. Grain: one row per indicator, frequency, period, segment, region, source (and
-- duplicates when a release itself repeats a key).
create or replace temp table quality_known as
with

release_values as (
    select * from quality_new_values
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
    from quality_current as c
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
