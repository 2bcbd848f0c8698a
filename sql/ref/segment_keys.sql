-- Lookup keys for segment codes and names found in releases: one row per accepted spelling.
-- Grain: one row per (code, key). Keys are lookup_key() of the code, names and aliases.
create or replace view ref.segment_keys as
with spellings as (
    select
        code,
        code as spelling
    from ref.segments
    union all
    select
        code,
        name_fr
    from ref.segments
    union all
    select
        code,
        name_en
    from ref.segments
    union all
    select
        code,
        unnest(string_split(coalesce(aliases, ''), '|'))
    from ref.segments
)

select distinct
    code,
    lookup_key(spelling) as k
from spellings where lookup_key(spelling) <> ''
