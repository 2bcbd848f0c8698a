-- Every spelling a publisher's row label may use for an indicator, segment or region
-- code (code, names, aliases of the seeds), with its lookup key; for offshoring.layouts.
-- Grain: one row per dimension, code and spelling.
with

indicator_spellings as (
    select
        code,
        unnest([code, label_fr, label_en]) as spelling
    from ref.indicators
),

segment_spellings as (
    select
        code,
        unnest(list_concat([code, name_fr, name_en], string_split(coalesce(aliases, ''), '|')))
            as spelling
    from ref.segments
),

region_spellings as (
    select
        code,
        unnest(list_concat([code, name_fr, name_en], string_split(coalesce(aliases, ''), '|')))
            as spelling
    from ref.regions
),

spellings as (
    select
        'indicator' as dimension,
        code,
        spelling
    from indicator_spellings
    union all
    select
        'segment' as dimension,
        code,
        spelling
    from segment_spellings
    union all
    select
        'region' as dimension,
        code,
        spelling
    from region_spellings
)

select distinct
    dimension,
    code,
    spelling,
    lookup_key(spelling) as k
from spellings
where lookup_key(spelling) <> ''
order by dimension, code, spelling
