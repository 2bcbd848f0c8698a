-- Schemas and the tables the pipeline appends to. Idempotent: run at every start.
create schema if not exists ref;
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists core;
create schema if not exists quality;
create schema if not exists meta;
create schema if not exists marts;

create sequence if not exists meta.load_id_seq start 1;

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

-- One row per received file, whatever became of it.
-- status: loaded | rejected.  Duplicates are reported, not recorded twice.
create table if not exists meta.loads (
    load_id bigint not null,
    run_id varchar not null,
    kind varchar not null,               -- release | firm_declarations
    file_name varchar not null,          -- the name as received (inert text)
    file_sha256 varchar not null,        -- checksum of the bytes as received
    content_sha256 varchar,              -- checksum of the normalised rows (same content, other file)
    size_bytes bigint not null,
    stored_path varchar not null,        -- archive/<sha256>.<ext> or quarantine/<sha256>.<ext>
    received_at timestamp not null,
    status varchar not null,
    reason varchar,                      -- one line, for rejected files
    row_count bigint,
    published_on date,
    sources varchar
);

-- Release rows exactly as received (all text), for accepted releases.
create table if not exists raw.release_rows (
    load_id bigint not null,
    row_number integer not null,         -- 1 = first data row of the file
    indicator varchar,
    period varchar,
    segment varchar,
    region varchar,
    value varchar,
    unit varchar,
    source varchar,
    published_on varchar,
    status varchar,
    series_break varchar,
    note varchar
);

-- Every value of every accepted release, typed and in base units: append-only.
create table if not exists core.release_values (
    load_id bigint not null,
    indicator varchar not null,
    frequency varchar not null,          -- A | S | Q | M
    period varchar not null,             -- 2024 | 2024-S1 | 2024-Q3 | 2024-09
    period_start date not null,
    period_end date not null,
    segment varchar not null,
    region varchar not null,
    source varchar not null,
    value double not null,
    unit varchar not null,
    status varchar not null,             -- provisional | final
    published_on date not null,
    series_break boolean not null
);

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
