-- One row per received file, whatever became of it.
-- status: loaded | rejected.  Duplicates are reported, not recorded twice.
create table if not exists meta.loads (
    load_id bigint not null,
    run_id varchar not null,
    kind varchar not null,               -- release | firm_declarations
    file_name varchar not null,          -- the name as received, escaped (offshoring.text)
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
