-- Mart firm_dynamics: how the jobs aggregated from firm declarations moved, split into
-- continuing firms, entries and exits (net_jobs = continuing_net + entry_jobs -
-- exit_jobs = jobs - previous_jobs), with the firm-months carried forward over gaps.
-- The latest publication of each period (or the one known on the DuckDB variable
-- as_of_date, as core.current does).
-- Grain: one row per frequency, period, segment, region.
create or replace view marts.firm_dynamics as
with

dynamics as (
    select * from core.firm_dynamics
    where
        getvariable('as_of_date') is null
        or published_on <= cast(getvariable('as_of_date') as date)
),

loads as (
    select
        load_id,
        file_name,
        file_sha256
    from meta.loads
),

latest as (
    select * from dynamics
    qualify row_number() over (
        partition by frequency, period, segment, region
        order by published_on desc, load_id desc
    ) = 1
)

select
    d.frequency,
    d.period,
    d.period_start,
    d.period_end,
    d.segment,
    d.region,
    d.jobs,
    d.previous_jobs,
    d.net_jobs,
    d.continuing_net,
    d.entry_jobs,
    d.exit_jobs,
    d.entries,
    d.exits,
    d.companies,
    d.imputed_firm_months,
    d.net_basis,
    d.published_on,
    d.load_id,
    l.file_name,
    l.file_sha256
from latest as d
inner join loads as l on d.load_id = l.load_id
order by d.frequency, d.period_start, d.segment, d.region
