-- Dashboard: per file, the latest check's passed and failed rules.
with latest as (
    select * from quality.check_results
    qualify run_id = first_value(run_id) over (partition by load_id order by checked_at desc)
)

select
    load_id,
    file_name,
    file_sha256,
    max(checked_at) as checked_at,
    count(*) filter (where status = 'passed') as passed,
    count(*) filter (where status = 'failed') as failed,
    string_agg(rule_id, ', ' order by rule_id) filter (where status = 'failed') as failed_rules
from latest
group by load_id, file_name, file_sha256
order by load_id
