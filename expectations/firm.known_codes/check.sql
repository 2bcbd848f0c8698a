-- firm.known_codes: rows whose segment, region, period, firm_id or published_on is
-- unknown or missing. unknown = what is wrong (GX expects it null).
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
    unknown,
    failing_total,
    checked_total
from firm_flags
where rule_id = 'firm.known_codes'
order by rank_in_rule
