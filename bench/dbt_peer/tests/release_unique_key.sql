-- One value per indicator, period, segment, region and source.
select indicator, period, segment, region, source, count(*) as n
from {{ ref('stg_release') }}
group by all
having count(*) > 1
