-- Mart revisions: how each figure moved from its first publication to the latest.
-- Grain: one row per series and period (indicator, frequency, period, segment, region,
-- source): first published value, latest value, number of vintages, absolute and
-- relative revision, first and latest publication dates.
-- A series break is not a revision: break_count counts the vintages opened by a
-- declared definition change, and the revision is measured from the last break
-- (revision_base_value = the value the last break published; without a break, the
-- first published value).
create or replace view marts.revisions as
with

vintages as (
    select * from core.observations
),

several as (
    -- One pass per series of several vintages: the last break's vintage is the largest
    -- vintage_no among the breaks; without a break, the base is the first vintage.
    select
        indicator,
        frequency,
        period,
        any_value(period_start) as period_start,
        segment,
        region,
        source,
        any_value(unit) as unit,
        arg_min(value, vintage_no) as first_value,
        min(valid_from) as first_published_on,
        arg_max(value, vintage_no) as latest_value,
        max(valid_from) as latest_published_on,
        arg_max(status, vintage_no) as latest_status,
        count(*) as vintages,
        count(*) filter (where series_break) as break_count,
        coalesce(max(vintage_no) filter (where series_break), 1) as base_no,
        coalesce(
            arg_max(value, vintage_no) filter (where series_break),
            arg_min(value, vintage_no)
        ) as revision_base_value,
        coalesce(
            arg_max(valid_from, vintage_no) filter (where series_break),
            arg_min(valid_from, vintage_no)
        ) as revision_base_published_on
    from vintages
    where vintage_no > 1 or valid_to is not null
    group by indicator, frequency, period, segment, region, source
),

-- A series of one vintage (most series: every firm aggregate) is its own summary.
single as (
    select
        indicator,
        frequency,
        period,
        period_start,
        segment,
        region,
        source,
        unit,
        value as first_value,
        valid_from as first_published_on,
        value as latest_value,
        valid_from as latest_published_on,
        status as latest_status,
        cast(1 as bigint) as vintages,
        cast(series_break as bigint) as break_count,
        cast(1 as bigint) as base_no,
        value as revision_base_value,
        valid_from as revision_base_published_on
    from vintages
    where vintage_no = 1 and valid_to is null
),

summary as (
    select * from several
    union all
    select * from single
)

select
    indicator,
    frequency,
    period,
    period_start,
    segment,
    region,
    source,
    unit,
    first_value,
    first_published_on,
    latest_value,
    latest_published_on,
    latest_status,
    vintages,
    break_count,
    revision_base_value,
    revision_base_published_on,
    vintages - base_no as revisions_since_base,
    latest_value - revision_base_value as revision_abs,
    (latest_value - revision_base_value)
    / nullif(abs(revision_base_value), 0) as revision_rel
from summary
order by indicator, frequency, period_start, segment, region, source
