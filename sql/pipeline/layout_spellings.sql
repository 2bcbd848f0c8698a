-- Every spelling a publisher's row label may use for an indicator, segment or region
-- code (code, names, aliases of the seeds), with its lookup key; for offshoring.layouts.
-- preference orders a code's spellings for messages: the French name first.
-- Grain: one row per dimension, code and spelling.
with

spelling_lists as (
    select
        'indicator' as dimension,
        code,
        [label_fr, label_en, code] as spellings
    from ref.indicators
    union all
    select
        'segment' as dimension,
        code,
        list_concat([name_fr, name_en], string_split(coalesce(aliases, ''), '|'), [code])
    from ref.segments
    union all
    select
        'region' as dimension,
        code,
        list_concat([name_fr, name_en], string_split(coalesce(aliases, ''), '|'), [code])
    from ref.regions
),

spellings as (
    select
        dimension,
        code,
        unnest(spellings) as spelling,
        generate_subscripts(spellings, 1) as preference
    from spelling_lists
)

select
    dimension,
    code,
    spelling,
    lookup_key(spelling) as k
from spellings
where lookup_key(spelling) <> ''
group by dimension, code, spelling
order by dimension, code, min(preference)
