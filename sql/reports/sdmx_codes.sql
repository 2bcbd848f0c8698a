-- The codes of the SDMX structure's code lists (offshoring.sdmx), from the seeds: one
-- row per code list and code, with its English name and French description.
with

codes as (
    select
        'CL_INDICATOR' as codelist,
        code,
        label_en as name,
        label_fr as description
    from ref.indicators
    union all
    select
        'CL_FREQ' as codelist,
        code,
        name_en as name,
        name_fr as description
    from ref.frequencies
    union all
    select
        'CL_SEGMENT' as codelist,
        code,
        name_en as name,
        name_fr as description
    from ref.segments
    union all
    select
        'CL_AREA' as codelist,
        code,
        name_en as name,
        name_fr as description
    from ref.regions
    union all
    select distinct
        'CL_UNIT' as codelist,
        base_unit as code,
        base_unit as name,
        base_unit as description
    from ref.indicators
)

select
    codelist,
    code,
    name,
    description
from codes
order by codelist, code
