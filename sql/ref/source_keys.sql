-- Lookup keys for source codes and names found in releases: one row per accepted spelling.
-- Grain: one row per (code, key). Keys are lookup_key() of the code, names and aliases.
-- A table rebuilt from the seeds at each build, not a view: staging reads it for every
-- file, and computing the keys at each read cost about 10 ms a file (bench/README.md).
create or replace table ref.source_keys as
with spellings as (
    select
        code,
        code as spelling
    from ref.sources
    union all
    select
        code,
        name
    from ref.sources
    union all
    select
        code,
        unnest(string_split(coalesce(aliases, ''), '|'))
    from ref.sources
)

select distinct
    code,
    lookup_key(spelling) as k
from spellings where lookup_key(spelling) <> ''
