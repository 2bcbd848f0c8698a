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

bases as (
    select
        indicator,
        frequency,
        period,
        segment,
        region,
        source,
        max(vintage_no) filter (where series_break) as last_break_no
    from vintages
    group by all
),

summary as (
    select
        v.indicator,
        v.frequency,
        v.period,
        any_value(v.period_start) as period_start,
        v.segment,
        v.region,
        v.source,
        any_value(v.unit) as unit,
        arg_min(v.value, v.vintage_no) as first_value,
        min(v.valid_from) as first_published_on,
        arg_max(v.value, v.vintage_no) as latest_value,
        max(v.valid_from) as latest_published_on,
        arg_max(v.status, v.vintage_no) as latest_status,
        count(*) as vintages,
        count(*) filter (where v.series_break) as break_count,
        coalesce(any_value(b.last_break_no), 1) as base_no
    from vintages as v
    inner join bases as b
        on
            v.indicator = b.indicator
            and v.frequency = b.frequency
            and v.period = b.period
            and v.segment = b.segment
            and v.region = b.region
            and v.source = b.source
    group by v.indicator, v.frequency, v.period, v.segment, v.region, v.source
),

with_base as (
    select
        s.*,
        v.value as revision_base_value,
        v.valid_from as revision_base_published_on
    from summary as s
    inner join vintages as v
        on
            s.indicator = v.indicator
            and s.frequency = v.frequency
            and s.period = v.period
            and s.segment = v.segment
            and s.region = v.region
            and s.source = v.source
            and s.base_no = v.vintage_no
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
from with_base
order by indicator, frequency, period_start, segment, region, source
