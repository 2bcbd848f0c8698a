-- firm.gap: one row per gap in a firm's declarations: months missing between two
-- declarations of the same firm (period = the first missing month; actual = the number
-- of months missing). A gap is not a closure: the aggregation carries the firm's last
-- declaration forward over it, marked imputed (core.firm_dynamics.imputed_firm_months);
-- a firm missing until the end of the file is an exit. GX expects no month missing.
-- Selected from firm_flags (sql/checks/firm_flags.sql): at most $cap rows, the firm id
-- in detail; failing_total counts every gap of the load (decided_by sql).
select
    cast(null as varchar) as indicator,
    period,
    segment,
    region,
    expected,
    actual,
    detail,
    failing_total,
    checked_total
from firm_flags
where rule_id = 'firm.gap'
order by rank_in_rule
