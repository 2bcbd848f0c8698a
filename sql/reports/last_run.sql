-- `offshoring status`: the last recorded run.
select
    run_id,
    command,
    started_at,
    finished_at,
    status
from meta.runs
order by started_at desc
limit 1
