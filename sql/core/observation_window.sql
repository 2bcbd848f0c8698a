-- The observation window of every annual series (core.annual_linked): the years the
-- observed growth rate spans. It starts exactly at latest year - window
-- (ref.parameters cagr_window_years, OFFSHORING_CAGR_WINDOW), or later only when the
-- series starts later or a break without overlap makes the earlier years incomparable
-- (comparable_from). The base is the value of that year on the current definition:
-- a missing, zero or negative base is reported (base_problem), never replaced by
-- another year.
-- observed_basis: direct (one definition), linked (the base was linked across a break
-- by ratio splicing), since_break (a break without overlap starts the window).
-- Grain: one row per indicator, segment, region.
create or replace view core.observation_window as
with

annual as (
    select * from core.annual_linked
),

parameters as (
    select
        cast(
            max(value) filter (where name = 'cagr_window_years') as integer
        ) as window_years
    from ref.parameters
),

series as (
    select
        indicator,
        segment,
        region,
        max(year) as latest_year,
        min(year) as first_year,
        any_value(comparable_from) as comparable_from
    from annual
    group by indicator, segment, region
),

windows as (
    select
        s.*,
        s.latest_year - p.window_years as window_start,
        greatest(s.latest_year - p.window_years, s.first_year, s.comparable_from)
            as base_year
    from series as s
    cross join parameters as p
)

select
    w.indicator,
    w.segment,
    w.region,
    w.latest_year,
    l.value as latest_value,
    l.linked_value as latest_linked_value,
    l.unit,
    w.window_start,
    w.base_year,
    b.linked_value as base_value,
    w.latest_year - w.base_year as years_observed,
    case
        when w.comparable_from > w.window_start then 'since_break'
        when b.is_linked then 'linked'
        else 'direct'
    end as observed_basis,
    case
        when b.linked_value is null then 'missing'
        when b.linked_value <= 0 then 'not_positive'
    end as base_problem,
    l.source as latest_source,
    l.published_on as latest_published_on,
    l.file_name as latest_file_name,
    l.file_sha256 as latest_file_sha256
from windows as w
inner join annual as l
    on
        w.indicator = l.indicator and w.segment = l.segment and w.region = l.region
        and w.latest_year = l.year
left join annual as b
    on
        w.indicator = b.indicator and w.segment = b.segment and w.region = b.region
        and w.base_year = b.year
