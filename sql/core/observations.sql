-- Vintages of every series, derived from the append-only core.release_values and the
-- files they came from (meta.loads): a view, so it always reflects every loaded value and
-- no stage has to rebuild it.
-- Grain: one row per indicator, frequency, period, segment, region, source and vintage.
-- A vintage opens when a release publishes a different value or a different status
-- (provisional -> final with the same value is a new vintage; valid_from = its
-- publication date) and closes the day before the next one (valid_to, inclusive, as in
-- ALFRED); valid_to is NULL while current. Order-independent: derived from all values.
-- A series break (series_break = true: the release changes the series' definition)
-- opens a vintage even when the value is unchanged, but only the first time the figure
-- is flagged: a flag repeated on an unchanged value (whatever came in between) opens
-- nothing and is not counted again. A flagged row with a new value is a new break.
create or replace view core.observations as
with

release_values as (
    select * from core.release_values
),

loads as (
    select
        load_id,
        file_name,
        file_sha256
    from meta.loads
),

-- How many figures each series has: a series of one figure (most of them: every firm
-- aggregate, every first release) has one vintage, and skips the windows below.
figures as (
    select
        *,
        count(*) over (
            partition by indicator, frequency, period, segment, region, source
        ) as figures
    from release_values
),

-- The same key published twice on one day: the later load wins.
one_per_day as (
    select * exclude (figures)
    from figures
    where figures > 1
    qualify row_number() over (
        partition by indicator, frequency, period, segment, region, source, published_on
        order by load_id desc
    ) = 1
),

with_previous as (
    select
        *,
        lag(value) over series as previous_value,
        lag(status) over series as previous_status,
        coalesce(
            sum(cast(series_break as integer)) over (
                series rows between unbounded preceding and 1 preceding
            ),
            0
        ) as earlier_breaks
    from one_per_day
    window series as (
        partition by indicator, frequency, period, segment, region, source
        order by published_on
    )
),

-- A break counts when it is the figure's first flag, or when it brings a new value.
flagged as (
    select
        * exclude (series_break),
        series_break
        and (earlier_breaks = 0 or value <> previous_value) as series_break
    from with_previous
),

changed as (
    select * from flagged
    where
        previous_value is null
        or value <> previous_value
        or status <> previous_status
        or series_break
),

-- Vintages of the series of several figures: each open until the next one.
several as (
    select
        * exclude (previous_value, previous_status, earlier_breaks),
        cast(lead(published_on) over series - interval 1 day as date) as valid_to,
        row_number() over series as vintage_no
    from changed
    window series as (
        partition by indicator, frequency, period, segment, region, source
        order by published_on
    )
),

-- A series of one figure: one vintage, still current.
single as (
    select
        * exclude (figures),
        cast(null as date) as valid_to,
        cast(1 as bigint) as vintage_no
    from figures
    where figures = 1
),

vintages as (
    select * from several
    union all by name
    select * from single
)

select
    v.indicator,
    v.frequency,
    v.period,
    v.period_start,
    v.period_end,
    v.segment,
    v.region,
    v.source,
    v.value,
    v.unit,
    v.status,
    v.series_break,
    v.published_on as valid_from,
    v.valid_to,
    v.vintage_no,
    v.load_id,
    l.file_name,
    l.file_sha256
from vintages as v
inner join loads as l on v.load_id = l.load_id
