-- Annual series of the preferred source: the published annual figure, else one derived
-- from sub-annual figures of the same year (stocks: the value at year end; flows: the sum
-- of a complete year). Used by the progress and breakdown marts.
-- Grain: one row per indicator, year, segment, region.
create or replace view core.annual as
with

preferred as (
    select * from core.preferred
),

indicators as (
    select
        code as indicator,
        kind
    from ref.indicators
),

frequencies as (
    select
        code as frequency,
        months
    from ref.frequencies
),

candidates as (
    select
        p.indicator,
        p.segment,
        p.region,
        p.frequency,
        i.kind,
        p.value,
        p.unit,
        p.source,
        p.published_on,
        p.period_end,
        p.file_name,
        p.file_sha256,
        year(p.period_start) as yr,
        f.months,
        12 // f.months as periods_per_year
    from preferred as p
    inner join indicators as i on p.indicator = i.indicator
    inner join frequencies as f on p.frequency = f.frequency
),

per_frequency as (
    select
        indicator,
        segment,
        region,
        yr,
        frequency,
        any_value(months) as months,
        any_value(unit) as unit,
        case
            when any_value(kind) = 'stock' then arg_max(value, period_end)
            else sum(value)
        end as value,
        arg_max(source, published_on) as source,
        max(published_on) as published_on,
        arg_max(file_name, published_on) as file_name,
        arg_max(file_sha256, published_on) as file_sha256
    from candidates
    group by indicator, segment, region, yr, frequency
    having
        (any_value(kind) = 'stock' and max(period_end) = make_date(yr, 12, 31))
        or (any_value(kind) <> 'stock' and count(*) = any_value(periods_per_year))
)

select
    indicator,
    segment,
    region,
    cast(yr as integer) as year,
    value,
    unit,
    frequency as derived_from,
    source,
    published_on,
    file_name,
    file_sha256
from per_frequency
qualify row_number() over (
    partition by indicator, segment, region, yr
    order by months desc  -- the published annual figure first, then S, Q, M
) = 1
