-- Job dynamics of every accepted load of firm declarations (sql/firms/dynamics.sql):
-- append-only, like core.release_values. The change in jobs splits into continuing
-- firms, entries and exits: net_jobs = jobs - previous_jobs = continuing_net + entry_jobs
-- - exit_jobs, exactly (docs/methodology.md, "Firm dynamics").
create table if not exists core.firm_dynamics (
    load_id bigint not null,
    frequency varchar not null,          -- M | Q | A
    period varchar not null,
    period_start date not null,
    period_end date not null,
    segment varchar not null,            -- ALL = every segment
    region varchar not null,             -- MA = every region
    jobs double not null,                -- employees at period end (gaps carried forward)
    previous_jobs double,                -- at the end of the previous month (NULL: not in the load)
    net_jobs double not null,
    continuing_net double not null,      -- change of firms declared before and after
    entry_jobs double,                   -- employees of firms first seen in the period
    exit_jobs double,                    -- last employees of firms gone for good
    entries bigint,                      -- firms first seen
    exits bigint,                        -- firms gone
    companies bigint not null,           -- firms at period end (carried forward included)
    imputed_firm_months bigint not null, -- firm-months carried forward over a gap
    net_basis varchar not null,          -- stock_change | first_month_declared
    published_on date not null
);
