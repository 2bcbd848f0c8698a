-- firm.stock_flow: rows where employees[t] differs from employees[t-1] + hires[t] -
-- separations[t] by more than $stock_flow_abs (the firm declared the month before).
-- expected = employees[t-1] + hires[t] - separations[t]; actual = employees[t].
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
    failing_total,
    checked_total
from firm_flags
where rule_id = 'firm.stock_flow'
order by rank_in_rule
