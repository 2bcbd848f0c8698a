-- Job dynamics of one load of firm declarations, shaped like core.firm_dynamics: the
-- rows of firm_periods (sql/firms/firm_periods.sql). Parameter: $load_id.
-- Grain: one row per (frequency, period, segment, region).
select
    $load_id as load_id,
    frequency,
    period,
    period_start,
    period_end,
    segment,
    region,
    jobs,
    previous_jobs,
    net_jobs,
    continuing_net,
    entry_jobs,
    exit_jobs,
    entries,
    exits,
    companies,
    imputed_firm_months,
    net_basis,
    published_on
from firm_periods
order by frequency, period, segment, region
