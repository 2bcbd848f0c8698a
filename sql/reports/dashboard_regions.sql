-- Dashboard: the latest year of regional_breakdown of each indicator, with each region's
-- progress status; one query for every indicator (each reads progress_2030 once). Equal
-- values: by code, so the table is the same on every run.
select
    b.*,
    p.target_value,
    p.projection_status,
    p.status as cagr_status
from published.regional_breakdown as b
left join published.progress_2030 as p
    on b.indicator = p.indicator and b.region = p.region and p.segment = 'ALL'
qualify b.year = max(b.year) over (partition by b.indicator)
order by b.indicator asc, b.value desc, b.region asc
