-- firm.unique_key: a (firm_id, period) declared more than once: one row per duplicated key.
-- expected = 1; actual = the rows declared for that firm and month.
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
where rule_id = 'firm.unique_key'
order by rank_in_rule
