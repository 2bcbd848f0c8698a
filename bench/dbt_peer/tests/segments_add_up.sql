-- ITO + CRM + BPO + KPO + ESO = ALL when all five are in the release (1 unit or 0.2 %).
with parts as (
    select indicator, period, region, source, sum(value) as total, count(*) as n
    from {{ ref('stg_release') }}
    where segment <> 'ALL'
    group by all
)
select a.indicator, a.period, a.value, p.total
from {{ ref('stg_release') }} as a
inner join parts as p using (indicator, period, region, source)
where a.segment = 'ALL' and p.n = 5
  and abs(a.value - p.total) > greatest(1, 0.002 * abs(a.value))
