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
