-- release.known_source: one row per row of the release with a source; code = the
-- publisher of seeds/sources.csv it names (NULL when unknown); GX expects it not null.
-- A warning: new publishers appear, their rows load with the source as given (capped at
-- 80 characters by staging). The detail quotes at most 60 characters of it.
select
    r.indicator_raw as indicator,
    r.period_raw as period,
    r.segment_raw as segment,
    r.region_raw as region,
    cast(null as double) as expected,
    cast(null as double) as actual,
    k.code,
    printf('row %d: unknown source ''%s''', r.row_number, left(trim(r.source_raw), 60))
        as detail
from quality_release as r
left join ref.source_keys as k on lookup_key(trim(r.source_raw)) = k.k
where nullif(trim(r.source_raw), '') is not null
order by r.row_number
