-- The failing rows themselves, keyed like the data.
create table if not exists quality.failing_rows (
    run_id varchar not null,
    load_id bigint not null,
    rule_id varchar not null,
    indicator varchar,
    period varchar,
    segment varchar,
    region varchar,
    expected double,
    actual double,
    detail varchar
);
