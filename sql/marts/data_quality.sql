-- Mart data_quality: the quality log, for statisticians.
-- Grain: one row per rule per release (load_id) per run (run_id), passed rules included,
-- with the file's name, sha256 and what became of it (meta.loads.status: loaded | rejected).
-- failing_keys: up to five failing keys of the rule, e.g. 'jobs 2024 ALL MA' ('' when none:
-- Parquet readers get min/max statistics on every column).
create or replace view marts.data_quality as
with

results as (
    select * from quality.check_results
),

loads as (
    select
        load_id,
        kind,
        status,
        reason,
        received_at
    from meta.loads
),

failing as (
    select
        run_id,
        load_id,
        rule_id,
        string_agg(
            concat_ws(' ', indicator, period, segment, region), '; '
            order by indicator, period, segment, region
        ) filter (where row_no <= 5) as failing_keys
    from (
        select
            *,
            row_number() over (
                partition by run_id, load_id, rule_id
                order by indicator, period, segment, region
            ) as row_no
        from quality.failing_rows
    ) as numbered
    group by run_id, load_id, rule_id
)

select
    r.run_id,
    r.load_id,
    r.file_name,
    r.file_sha256,
    l.kind,
    l.status as load_status,
    l.received_at,
    r.rule_id,
    r.level,
    r.severity,
    r.status,
    r.observed,
    r.expected,
    r.failing_rows,
    coalesce(f.failing_keys, '') as failing_keys,
    r.description,
    r.checked_at
from results as r
left join loads as l on r.load_id = l.load_id
left join failing as f
    on
        r.run_id = f.run_id
        and r.load_id = f.load_id
        and r.rule_id = f.rule_id
