-- The annual series on its current definition: every published or derived annual value
-- (core.annual) with its value linked across series breaks by ratio splicing.
-- A break is the set of figures one release flagged (core.series_breaks) for a series;
-- it starts at the earliest period flagged. When that period also has a value under the
-- old definition (the overlap), the years before the break are multiplied by
-- new / old of that period (retropolation); several breaks chain. Without an overlap the
-- years before the break are not comparable (linked_value NULL) and growth starts at
-- the break (comparable_from). Breaks count when the annual value of the break year
-- comes from the release's source; under the DuckDB variable as_of_date, only breaks
-- published by then.
-- Grain: one row per indicator, year, segment, region (as core.annual).
create or replace view core.annual_linked as
with

annual as (
    select * from core.annual
),

frequencies as (
    select
        code as frequency,
        months
    from ref.frequencies
),

flagged as (
    select
        b.indicator,
        b.segment,
        b.region,
        b.source,
        b.load_id,
        b.period_start,
        f.months,
        case
            when b.previous_value > 0 and b.value > 0 then b.value / b.previous_value
        end as overlap_ratio
    from core.series_breaks as b
    inner join frequencies as f on b.frequency = f.frequency
    where
        getvariable('as_of_date') is null
        or b.published_on <= cast(getvariable('as_of_date') as date)
),

-- One break per release and series: its first period, and the ratio of that period
-- (the longest frequency when several are flagged there). NULL ratio: no overlap.
release_breaks as (
    select
        indicator,
        segment,
        region,
        source,
        load_id,
        cast(year(min(period_start)) as integer) as break_year,
        first(overlap_ratio order by period_start asc, months desc) as overlap_ratio
    from flagged
    group by indicator, segment, region, source, load_id
),

breaks as (
    select b.*
    from release_breaks as b
    inner join annual as a
        on
            b.indicator = a.indicator
            and b.segment = a.segment
            and b.region = a.region
            and b.source = a.source
            and b.break_year = a.year
),

series as (
    select
        indicator,
        segment,
        region,
        max(break_year) filter (where overlap_ratio is null) as comparable_from
    from breaks
    group by indicator, segment, region
),

linked as (
    select
        a.indicator,
        a.year,
        a.segment,
        a.region,
        count(b.break_year) as later_breaks,
        coalesce(bool_or(b.break_year is not null and b.overlap_ratio is null), false)
            as unlinked,
        exp(sum(ln(b.overlap_ratio))) as link_factor
    from annual as a
    left join breaks as b
        on
            a.indicator = b.indicator
            and a.segment = b.segment
            and a.region = b.region
            and a.year < b.break_year
    group by a.indicator, a.year, a.segment, a.region
)

select
    a.indicator,
    a.year,
    a.segment,
    a.region,
    a.value,
    case
        when l.unlinked then null
        else a.value * coalesce(l.link_factor, 1)
    end as linked_value,
    l.later_breaks > 0 and not l.unlinked as is_linked,
    case when l.unlinked then null else coalesce(l.link_factor, 1) end as link_factor,
    s.comparable_from,
    a.unit,
    a.source,
    a.published_on,
    a.file_name,
    a.file_sha256
from annual as a
inner join linked as l
    on
        a.indicator = l.indicator
        and a.year = l.year
        and a.segment = l.segment
        and a.region = l.region
left join series as s
    on a.indicator = s.indicator and a.segment = s.segment and a.region = s.region
