-- identity.segments_add_up: one row per ALL value of the release of an additive indicator
-- (ref.indicators.additive: not companies, a count of distinct firms) with at least one
-- of its segments in the release, per indicator, period, region and source.
-- expected = ALL; actual = the sum of the segments present. All present: they must add up
-- (compared = the sum). Some missing: they may not exceed the total (compared = the
-- larger of the sum and the total, so only an excess fails), for indicators that cannot
-- be negative; a signed flow (net_jobs) with parts missing is not compared: a missing
-- part may be negative, so the parts present may exceed the total.
with

release_values as (
    select * from quality_known where in_release
),

additive as (
    select code from ref.indicators
    where lower(cast(additive as varchar)) = 'true'
),

signed as (
    select code from ref.indicators
    where lower(cast(non_negative as varchar)) <> 'true'
),

members as (
    select list(code order by code) as codes
    from ref.segments
    where code <> 'ALL'
),

parts as (
    select
        indicator,
        period,
        region,
        source,
        list(distinct segment order by segment) as present,
        sum(value) as total
    from release_values
    where
        segment in (select unnest(codes) from members)
        and indicator in (select code from additive)
    group by indicator, period, region, source
),

compared as (
    select
        t.indicator,
        t.period,
        t.segment,
        t.region,
        t.value as expected,
        p.total as actual,
        list_filter(m.codes, lambda c: not list_contains(p.present, c)) as missing,
        t.indicator in (select code from signed) as is_signed
    from release_values as t
    inner join parts as p
        on
            t.indicator = p.indicator
            and t.period = p.period
            and t.region = p.region
            and t.source = p.source
    cross join members as m
    where t.segment = 'ALL'
)

select
    indicator,
    period,
    segment,
    region,
    expected,
    actual,
    actual - expected as residual,
    case
        when len(missing) = 0 then actual
        when is_signed then expected
        else greatest(actual, expected)
    end as compared,
    case
        when len(missing) = 0 then 'sum of the segments'
        when is_signed
            then
                printf(
                    'sum of the segments present (%s missing): not compared, a signed flow',
                    array_to_string(missing, ', ')
                )
        else printf(
            'sum of the segments present (%s missing): at most the total',
            array_to_string(missing, ', ')
        )
    end as detail
from compared
order by indicator, period, region
