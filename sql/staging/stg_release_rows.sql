-- Staging for statistics releases: rename, cast, normalise codes, convert to base units.
-- Grain: one row per received release row (load_id, row_number). NULL = did not parse or
-- is unknown; the quality rules report those rows, staging never drops them.
create or replace view staging.stg_release_rows as
with

received as (
    select * from raw.release_rows
),

indicators as (
    select
        code,
        base_unit,
        lookup_key(code) as k
    from ref.indicators
    union all
    select
        code,
        base_unit,
        lookup_key(label_fr)
    from ref.indicators
    union all
    select
        code,
        base_unit,
        lookup_key(label_en)
    from ref.indicators
),

segments as (
    select
        code,
        k
    from ref.segment_keys
),

regions as (
    select
        code,
        k
    from ref.region_keys
),

sources as (
    select
        code,
        k
    from ref.source_keys
),

units as (
    select
        lookup_key(alias) as k,
        base_unit,
        cast(factor as bigint) as factor
    from ref.units
),

parsed as (
    select
        r.load_id,
        r.row_number,
        r.indicator as indicator_raw,
        r.period as period_raw,
        r.segment as segment_raw,
        r.region as region_raw,
        r.value as value_raw,
        r.unit as unit_raw,
        r.source as source_raw,
        r.published_on as published_on_raw,
        r.status as status_raw,
        r.series_break as series_break_raw,
        r.note,
        parse_period(r.period) as p,
        fr_number(r.value) as number_value,
        fr_date(r.published_on) as published_on,
        release_status(r.status) as status,
        fr_bool(r.series_break) as series_break,
        nullif(trim(r.source), '') as source_text
    from received as r
),

coded as (
    select
        parsed.*,
        i.code as indicator,
        i.base_unit as indicator_unit,
        s.code as segment,
        g.code as region,
        -- A publisher outside seeds/sources.csv is kept as given, at most 80 characters
        -- (rule release.known_source flags it).
        coalesce(src.code, left(source_text, 80)) as source,
        -- An empty unit means the indicator's base unit.
        case
            when unit_raw is null or trim(unit_raw) = '' then i.base_unit else u.base_unit
        end as unit_base,
        case when unit_raw is null or trim(unit_raw) = '' then 1 else u.factor end as unit_factor
    from parsed
    left join indicators as i on lookup_key(parsed.indicator_raw) = i.k
    left join segments as s on lookup_key(parsed.segment_raw) = s.k
    left join regions as g on lookup_key(parsed.region_raw) = g.k
    left join sources as src on lookup_key(parsed.source_text) = src.k
    left join units as u on lookup_key(parsed.unit_raw) = u.k
)

select
    load_id,
    row_number,
    indicator,
    p.frequency as frequency,
    p.period as period,
    p.period_start as period_start,
    p.period_end as period_end,
    segment,
    region,
    source,
    case
        when unit_base = indicator_unit
            then cast(number_value * unit_factor as double)
    end as value,
    -- The number read from value_raw, before units (NULL: does not parse): read once here,
    -- not again by format.value_parses.
    number_value,
    indicator_unit as unit,
    status,
    published_on,
    series_break,
    unit_base = indicator_unit as unit_convertible,
    indicator_raw,
    period_raw,
    segment_raw,
    region_raw,
    value_raw,
    unit_raw,
    source_raw,
    published_on_raw,
    status_raw,
    series_break_raw,
    note
from coded
