-- What was known on a date: the vintage valid on that day, per series
-- (select * from core.indicators_as_of(date '2025-06-30')).
-- Grain: one row per indicator, frequency, period, segment, region, source.
create or replace macro core.indicators_as_of(as_of_date) as table
    select *
    from core.observations
    where
        valid_from <= cast(as_of_date as date)
        and (valid_to is null or cast(as_of_date as date) <= valid_to)
