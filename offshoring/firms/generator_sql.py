"""The SQL behind :mod:`offshoring.firms.generator`: firm profiles, presence (entries,
exits, gaps), levels and flows, as DuckDB temp tables and views (no Python row loops).

Calibrated on the published figures: with 1,200 firms declaring at the last month,
sector employment there is near 148,500 and exports over the last 12 months near 26.2 bn
MAD, split by segment like the 2024 Office des Changes figures.
"""

from __future__ import annotations

# Published anchors (docs: shared domain notes).
REFERENCE_FIRMS = 1200
REFERENCE_JOBS_END = 148_500
REFERENCE_EXPORTS_LAST_YEAR = 26.22e9
MEAN_GROWTH = 0.069  # yearly: 130,000 (end-2022) -> 148,500 (end-2024)
GROWTH_SPREAD = 0.08
MONTHLY_NOISE = 0.03
EXPORT_NOISE = 0.2
PUBLICATION_LAG_DAYS = 45

# code, share of firms, relative size, share of exports, monthly turnover
SEGMENT_PROFILE = (
    ("CRM", 0.35, 2.0, 9.797 / 26.219, 0.030),
    ("ITO", 0.35, 0.9, 10.578 / 26.219, 0.015),
    ("BPO", 0.12, 1.0, 2.334 / 26.219, 0.015),
    ("ESO", 0.14, 1.0, 3.462 / 26.219, 0.012),
    ("KPO", 0.04, 0.3, 0.048 / 26.219, 0.015),
)
# region code, share of firms
REGION_PROFILE = (
    ("MA-06", 0.48), ("MA-04", 0.20), ("MA-01", 0.09), ("MA-03", 0.07), ("MA-07", 0.05),
    ("MA-02", 0.04), ("MA-09", 0.04), ("MA-05", 0.01), ("MA-08", 0.005), ("MA-10", 0.005),
    ("MA-11", 0.005), ("MA-12", 0.005),
)


def _values(rows) -> str:
    return ", ".join("(" + ", ".join(repr(v) for v in row) + ")" for row in rows)


def _bands(profile) -> list[tuple]:
    """(code, lo, hi, *rest): each code's band of [0, 1) by its share."""
    lo, out = 0.0, []
    for code, share, *rest in profile:
        out.append((code, lo, lo + share, *rest))
        lo += share
    return out


def create_declarations(con, plan) -> None:
    """Temp tables ``firm_base``, ``presence``, ``breaks`` and the view ``declarations``
    for a validated :class:`offshoring.firms.generator.Plan` (integers only)."""
    firms, months, seed = plan.firms, plan.months, plan.seed
    last = months - 1
    con.execute(f"""
create or replace temp macro u(a, b, c, tag) as
    (hash({seed}, a, b, c, tag) % 1000003) / 1000003.0;
create or replace temp table segment_profile (code, lo, hi, size, export_share, turnover) as
    values {_values(_bands(SEGMENT_PROFILE))};
create or replace temp table region_profile (code, lo, hi) as
    values {_values(_bands(REGION_PROFILE))};
create or replace temp table firm_base as
with drawn as (
    select
        f as firm_idx,
        printf('F%06d', f + 1) as firm_id,
        u(f, 0, 0, 'segment') as u_segment,
        least(u(f, 0, 0, 'region'), 0.999999) as u_region,
        exp(2 * (u(f, 0, 0, 's1') + u(f, 0, 0, 's2') + u(f, 0, 0, 's3') - 1.5)) as weight,
        {MEAN_GROWTH} + {GROWTH_SPREAD} * (u(f, 0, 0, 'growth') - 0.5) as growth
    from range({firms + plan.exits}) as t(f)
),
placed as (
    select d.*, s.code as segment, s.size, s.turnover, r.code as region
    from drawn as d
    join segment_profile as s on d.u_segment >= s.lo and d.u_segment < s.hi
    join region_profile as r on d.u_region >= r.lo and d.u_region < r.hi
)
select
    *,
    {REFERENCE_JOBS_END / REFERENCE_FIRMS} * weight * size / avg(weight * size) over ()
        as end_size
from placed;
{_presence_sql(plan)}
create or replace temp table export_rate as
select
    f.segment,
    any_value(s.export_share) * {REFERENCE_EXPORTS_LAST_YEAR * firms / REFERENCE_FIRMS}
        / sum(f.end_size * (1 - exp(-f.growth)) / (1 - exp(-f.growth / 12))) as rate
from firm_base as f
join segment_profile as s on f.segment = s.code
where f.firm_idx < {firms}
group by f.segment;
{_breaks_sql(plan)}
{_declarations_sql(plan, last)}
""")


def _presence_sql(plan) -> str:
    """Per firm: first and last month declared and the month it skips (a gap).

    Entering firms (``plan.entries`` of the ``plan.firms``) start at a month in 1..last;
    exiting firms (``plan.exits`` more) stop at a month in 0..last-1; gap firms
    (``plan.gaps`` of the others) skip one month strictly inside their span.
    """
    last = plan.months - 1
    return f"""
create or replace temp table presence as
with ranked as (
    select
        firm_idx,
        row_number() over (order by hash({plan.seed}, firm_idx, 'entry'), firm_idx) as entry_rank
    from firm_base where firm_idx < {plan.firms}
),
entering as (select firm_idx from ranked where entry_rank <= {plan.entries}),
gapped as (
    select firm_idx from ranked
    where entry_rank > {plan.entries}
    order by hash({plan.seed}, firm_idx, 'gap'), firm_idx
    limit {plan.gaps}
)
select
    f.firm_idx,
    case when e.firm_idx is not null
        then 1 + hash({plan.seed}, f.firm_idx, 'entry-month') % {last} else 0 end as first_k,
    case when f.firm_idx >= {plan.firms}
        then hash({plan.seed}, f.firm_idx, 'exit-month') % {last} else {last} end as last_k,
    case when g.firm_idx is not null
        then 1 + hash({plan.seed}, f.firm_idx, 'gap-month') % {max(last - 1, 1)} end as gap_k
from firm_base as f
left join entering as e on f.firm_idx = e.firm_idx
left join gapped as g on f.firm_idx = g.firm_idx;"""


def _breaks_sql(plan) -> str:
    """Identity breaks at checked rows: the firm declared the month before."""
    firms, breaks, last = plan.firms, plan.breaks, plan.months - 1
    return f"""
create or replace temp table breaks as
with positions as (
    select
        i,
        (cast(floor(i * {firms * last} / {max(breaks, 1)}) as bigint)
            + hash({plan.seed}, i, 'break-slot') % {max(firms * last // max(breaks, 1), 1)})
            as p
    from range({breaks}) as t(i)
),
slots as (
    select p // {last} as firm_idx, 1 + p % {last} as k, i from positions
)
select s.firm_idx, s.k, 1 + hash({plan.seed}, s.i, 'break-size') % 9 as extra
from slots as s
join presence as p on s.firm_idx = p.firm_idx
where s.k > p.first_k and s.k <= p.last_k
    and s.k is distinct from p.gap_k and s.k - 1 is distinct from p.gap_k;"""


def _declarations_sql(plan, last: int) -> str:
    end_period = plan.end_period
    return f"""
create or replace temp view declarations as
with grid as (
    select i // {plan.months} as firm_idx, i % {plan.months} as k
    from range({(plan.firms + plan.exits) * plan.months}) as t(i)
),
levels as (
    select
        g.firm_idx,
        g.k,
        p.first_k,
        f.firm_id,
        f.segment,
        f.region,
        f.turnover,
        x.rate,
        cast(date '{end_period}-01' - to_months({last} - g.k) as date) as period_start,
        round(f.end_size * exp(-f.growth * ({last} - g.k) / 12.0)
            * (1 + {MONTHLY_NOISE} * (u(g.firm_idx, g.k, 0, 'level') - 0.5))) as employees,
        round(f.end_size * exp(-f.growth * ({last} - g.k + 1) / 12.0)
            * (1 + {MONTHLY_NOISE} * (u(g.firm_idx, g.k - 1, 0, 'level') - 0.5)))
            as employees_before
    from grid as g
    join presence as p on g.firm_idx = p.firm_idx
        and g.k between p.first_k and p.last_k and g.k is distinct from p.gap_k
    join firm_base as f on g.firm_idx = f.firm_idx
    join export_rate as x on f.segment = x.segment
),
flows as (
    select
        *,
        -- an entering firm hires its first employees
        case when k = first_k and first_k > 0 then 0 else employees_before end as opening,
        floor(employees_before * turnover * 2 * u(firm_idx, k, 0, 'churn')) as churn
    from levels
),
netted as (
    select *, employees - opening as net from flows
)
select
    fl.firm_idx,
    fl.k,
    fl.firm_id,
    strftime(fl.period_start, '%Y-%m') as period,
    fl.segment,
    fl.region,
    cast(fl.employees as bigint) as employees,
    cast(greatest(fl.net, 0) + fl.churn + coalesce(b.extra, 0) as bigint) as hires,
    cast(greatest(fl.net, 0) + fl.churn - fl.net as bigint) as separations,
    cast(round(fl.employees * fl.rate
        * (1 + {EXPORT_NOISE} * (u(fl.firm_idx, fl.k, 0, 'exports') - 0.5))) as bigint)
        as exports_mad,
    cast(last_day(date '{end_period}-01') + {PUBLICATION_LAG_DAYS} as date) as published_on
from netted as fl
left join breaks as b on fl.firm_idx = b.firm_idx and fl.k = b.k;"""


def break_rows(con) -> list[dict]:
    """The injected breaks of the declarations built by :func:`create_declarations`."""
    cursor = con.execute("""
        select d.firm_id, d.period, d.employees + b.extra as expected, d.employees as actual,
               b.extra * -1 as residual
        from breaks as b
        cross join lateral (
            select * from declarations as x where x.firm_idx = b.firm_idx and x.k = b.k
        ) as d
        order by d.firm_id, d.period
    """)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
