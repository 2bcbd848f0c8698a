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
