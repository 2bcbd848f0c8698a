-- Dashboard: the latest year of regional_breakdown, with each region's progress status.
select
    b.*,
    p.target_value,
    p.projection_status,
    p.status as cagr_status
from marts.regional_breakdown as b
left join marts.progress_2030 as p
    on b.indicator = p.indicator and b.region = p.region and p.segment = 'ALL'
where
    b.indicator = $indicator
    and b.year = (
        select max(m.year) from marts.regional_breakdown as m where m.indicator = $indicator
    )
order by b.value desc
