-- Dashboard: the latest year of segment_mix, with each segment's progress status.
select
    b.*,
    p.target_value,
    p.projection_status,
    p.status as cagr_status
from marts.segment_mix as b
left join marts.progress_2030 as p
    on b.indicator = p.indicator and b.segment = p.segment and p.region = 'MA'
where
    b.indicator = $indicator
    and b.year = (select max(m.year) from marts.segment_mix as m where m.indicator = $indicator)
order by b.value desc
