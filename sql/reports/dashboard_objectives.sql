-- Dashboard: national progress_2030 rows with the objective's source file.
select
    p.*,
    o.source_file as target_file
from published.progress_2030 as p
left join ref.objectives as o
    on
        p.indicator = o.indicator
        and o.segment = 'ALL'
        and o.region = 'MA'
        and o.kind = 'target'
where p.segment = 'ALL' and p.region = 'MA'
order by p.indicator = 'jobs' desc, p.indicator
