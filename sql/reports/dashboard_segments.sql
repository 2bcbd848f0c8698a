-- Dashboard: the latest year of segment_mix of each indicator, with each segment's progress
-- status; one query for every indicator (each reads progress_2030 once). Equal values: by
-- code, so the table is the same on every run.
select
    b.*,
    p.target_value,
    p.projection_status,
    p.status as cagr_status
from published.segment_mix as b
left join published.progress_2030 as p
    on b.indicator = p.indicator and b.segment = p.segment and p.region = 'MA'
qualify b.year = max(b.year) over (partition by b.indicator)
order by b.indicator asc, b.value desc, b.segment asc
