-- Mart segment_mix: each segment's share of the national total, its growth and its
-- contribution to the growth of the total (percentage points, as a fraction: the segment's
-- change divided by the total of the previous year; contributions add up to total growth).
-- The total is the published ALL figure, else the sum of the segments.
-- Grain: one row per indicator, year, segment (national figures, segment <> 'ALL').
create or replace view marts.segment_mix as
with

annual as (
    select * from core.annual
    where region = 'MA'
),

segments as (
    select
        code as segment,
        name_fr,
        name_en
    from ref.segments
),

parts as (
    select * from annual
    where segment <> 'ALL'
),

totals as (
    select
        p.indicator,
        p.year,
        coalesce(any_value(t.value), sum(p.value)) as total_value
    from parts as p
    left join annual as t
        on p.indicator = t.indicator and p.year = t.year and t.segment = 'ALL'
    group by p.indicator, p.year
),

with_previous as (
    select
        p.indicator,
        p.year,
        p.segment,
        p.value,
        p.unit,
        p.source,
        p.published_on,
        p.file_sha256,
        t.total_value,
        lag(p.value) over w as previous_value,
        lag(t.total_value) over w as previous_total,
        lag(p.year) over w as previous_year
    from parts as p
    inner join totals as t on p.indicator = t.indicator and p.year = t.year
    window w as (partition by p.indicator, p.segment order by p.year)
)

select
    w.indicator,
    w.year,
    w.segment,
    s.name_fr as segment_name_fr,
    s.name_en as segment_name_en,
    w.value,
    w.unit,
    w.total_value,
    w.value / nullif(w.total_value, 0) as share,
    case when w.previous_year = w.year - 1 then w.previous_value end as previous_value,
    case
        when w.previous_year = w.year - 1 then w.value / nullif(w.previous_value, 0) - 1
    end as growth,
    case
        when w.previous_year = w.year - 1
            then (w.value - w.previous_value) / nullif(w.previous_total, 0)
    end as contribution_to_growth,
    case
        when w.previous_year = w.year - 1
            then w.value / nullif(w.total_value, 0) - w.previous_value / nullif(w.previous_total, 0)
    end as share_change,
    w.source,
    w.published_on,
    w.file_sha256
from with_previous as w
left join segments as s on w.segment = s.segment
order by w.indicator, w.year, w.segment
