-- firm.stable_attributes: rows whose segment or region differs from the firm's previous
-- declaration. prev_segment, prev_region = that declaration's (GX expects them equal).
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
    prev_segment,
    prev_region,
    failing_total,
    checked_total
from firm_flags
where rule_id = 'firm.stable_attributes'
order by rank_in_rule
