-- `offshoring quality`: the latest run's results for every file, failures first
-- (errors, then warnings).
with latest_run as (
    select
        load_id,
        arg_max(run_id, checked_at) as run_id
    from quality.check_results
    group by load_id
)

select
    r.load_id,
    r.file_name,
    r.file_sha256,
    l.status as load_status,
    r.run_id,
    r.rule_id,
    r.level,
    r.severity,
    r.status,
    r.observed,
    r.expected,
    r.failing_rows,
    r.description,
    r.checked_at
from quality.check_results as r
inner join latest_run as lr on r.load_id = lr.load_id and r.run_id = lr.run_id
left join meta.loads as l on r.load_id = l.load_id
order by
    r.status = 'passed' asc, r.severity <> 'error' asc, r.checked_at desc, r.load_id desc,
    r.level asc, r.rule_id asc
