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
),

-- How many sources publish each key: a key of one source (most keys: every firm
-- aggregate) has nothing to rank.
sources as (
    select
        *,
        count(*) over (
            partition by indicator, frequency, period, segment, region
        ) as sources
    from current_values
),

ranked as (
    select c.* exclude (sources)
    from sources as c
    left join priorities as p on c.source = p.source
    where c.sources > 1
    qualify row_number() over (
        partition by c.indicator, c.frequency, c.period, c.segment, c.region
        order by coalesce(p.priority, 99), c.published_on desc, c.source asc
    ) = 1
)

select * from ranked
union all
select * exclude (sources) from sources
where sources = 1
