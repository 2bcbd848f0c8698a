-- The release as received (every field text), typed and coded like staging.stg_release_rows:
-- French numbers (spaces, decimal comma), units to base units, codes from the seeds.
-- Grain: one row per received row.
with

received as (
    select *
    from read_csv('{{ var("release") }}', delim = ';', header = true, all_varchar = true)
),

parsed as (
    select
        row_number() over () as row_number,
        lower(trim(indicator)) as indicator_raw,
        upper(trim(period)) as period,
        upper(trim(segment)) as segment_raw,
        upper(trim(region)) as region_raw,
        try_cast(
            replace(regexp_replace(value, '[\s\x{00a0}\x{202f}]', '', 'g'), ',', '.') as double
        ) as number_value,
        lower(trim(unit)) as unit_raw,
        upper(trim(source)) as source,
        try_cast(published_on as date) as published_on
    from received
),

periods as (
    select
        *,
        case
            when regexp_full_match(period, '\d{4}') then 'A'
            when regexp_full_match(period, '\d{4}-Q[1-4]') then 'Q'
            when regexp_full_match(period, '\d{4}-S[12]') then 'S'
            when regexp_full_match(period, '\d{4}-(0[1-9]|1[0-2])') then 'M'
        end as frequency
    from parsed
)

select
    p.row_number,
    i.code as indicator,
    p.frequency,
    p.period,
    s.code as segment,
    r.code as region,
    p.source,
    p.number_value * u.factor as value,
    i.base_unit as unit,
    u.base_unit = i.base_unit as unit_convertible,
    p.published_on
from periods as p
left join {{ ref('indicators') }} as i on p.indicator_raw = i.code
left join {{ ref('segments') }} as s on p.segment_raw = s.code
left join {{ ref('regions') }} as r on p.region_raw = r.code
left join {{ ref('units') }} as u on p.unit_raw = lower(u.alias)
