-- firm.non_negative: rows with employees, hires, separations or exports_mad missing or
-- negative. negative_or_missing = the columns at fault (GX expects it null).
-- Selected from firm_flags (sql/checks/firm_flags.sql): at most $cap rows, the firm id
-- in detail; failing_total counts every failing row of the load (decided_by sql).
select
    cast(null as varchar) as indicator,
    period,
    segment,
    region,
    expected,
    actual,
    detail,
    negative_or_missing,
    failing_total,
    checked_total
from firm_flags
where rule_id = 'firm.non_negative'
order by rank_in_rule
