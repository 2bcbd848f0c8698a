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
) = 1
