-- The latest vintage of every series.
-- Grain: one row per indicator, frequency, period, segment, region, source.
create or replace view core.current as
select
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
    series_break,
    valid_from as published_on,
    valid_from,
    valid_to,
    vintage_no,
    load_id,
    file_name,
    file_sha256
from core.observations
where valid_to is null;

-- One source per key: the preferred publisher (ref.sources.priority, lower first).
-- Grain: one row per indicator, frequency, period, segment, region.
create or replace view core.preferred as
with

current_values as (
    select * from core.current
),

priorities as (
    select
        code as source,
        cast(priority as integer) as priority
    from ref.sources
)

select c.*
from current_values as c
left join priorities as p on c.source = p.source
qualify row_number() over (
    partition by c.indicator, c.frequency, c.period, c.segment, c.region
    order by coalesce(p.priority, 99), c.published_on desc, c.source asc
) = 1;

-- What was known on a date: the vintage valid on that day, per series.
-- Grain: one row per indicator, frequency, period, segment, region, source.
create or replace macro core.indicators_as_of(as_of_date) as table
    select *
    from core.observations
    where
        valid_from <= cast(as_of_date as date)
        and (valid_to is null or cast(as_of_date as date) <= valid_to);
