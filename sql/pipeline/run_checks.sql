-- The rules a run checked, failures first (the Prefect artifact of the run).
select
    file_name,
    rule_id,
    severity,
    status,
    failing_rows
from quality.check_results
where run_id = $run_id
order by status = 'passed', severity, file_name, rule_id
