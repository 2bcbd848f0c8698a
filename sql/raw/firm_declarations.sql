-- Firm-level monthly declarations, as received, typed by the reader.
-- Grain: one row per declaration row of an accepted file (load_id, firm_id, period);
-- duplicates are kept here and reported by the rule firm.unique_key.
create table if not exists raw.firm_declarations (
    load_id bigint not null,
    firm_id varchar,
    period varchar,              -- YYYY-MM
    segment varchar,             -- ITO | CRM | BPO | KPO | ESO
    region varchar,              -- MA-01 .. MA-12
    employees bigint,            -- at month end
    hires bigint,
    separations bigint,
    exports_mad double,          -- the month's export revenue, MAD
    published_on date
);
