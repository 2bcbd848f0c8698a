-- Quality log: one row per rule per release per run.
create table if not exists quality.check_results (
    run_id varchar not null,
    load_id bigint not null,
    file_name varchar not null,
    file_sha256 varchar not null,
    rule_id varchar not null,
    level integer not null,
    severity varchar not null,           -- error | warning
    status varchar not null,             -- passed | failed
    observed varchar,
    expected varchar,
    failing_rows bigint not null,
    description varchar,
    checked_at timestamp not null
);
