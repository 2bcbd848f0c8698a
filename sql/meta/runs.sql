-- One row per pipeline run (CLI command or Prefect flow run).
create table if not exists meta.runs (
    run_id varchar not null,
    command varchar,
    flow_run_id varchar,
    started_at timestamp not null,
    finished_at timestamp,
    files_seen integer,
    files_loaded integer,
    files_rejected integer,
    files_duplicate integer,
    status varchar
);
