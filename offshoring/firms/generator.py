"""Deterministic synthetic firm declarations, written by DuckDB (no Python row loops).

Calibrated on the published figures: with 1,200 firms ending 2024-12, sector employment
at the last month is near 148,500 and exports over the last 12 months near 26.2 bn MAD,
split by segment like the 2024 Office des Changes figures. Totals scale with ``firms``.
Each firm keeps its segment and region; employees[t] = employees[t-1] + hires[t] -
separations[t] holds exactly, except in ``breaks`` rows where hires carry an extra
1..9 (residual = -extra). Those rows are returned by :func:`injected_breaks` and written
next to the output as ``<name>.breaks.csv``.

CLI: ``python -m offshoring.firms.generator OUT [--firms N --months M --end-period YYYY-MM
--breaks B --seed S --fmt csv|parquet]``.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import duckdb

from offshoring.firms.constants import COLUMNS

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
FORMATS = {"csv": "(format csv, header true)", "parquet": "(format parquet, compression zstd)"}
PERIOD_PATTERN = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
BREAK_COLUMNS = ("firm_id", "period", "expected", "actual", "residual")


def write_firm_declarations(path, firms: int = 1200, months: int = 120,
                            end_period: str = "2024-12", breaks: int = 0, seed: int = 42,
                            fmt: str = "csv") -> Path:
    """Write ``firms`` x ``months`` declaration rows to ``path`` (CSV or Parquet).

    Deterministic for given arguments. Returns the path written; when ``breaks`` > 0 the
    injected identity breaks are also written to ``<path>.breaks.csv``.
    """
    path = Path(path)
    _validate(firms, months, end_period, breaks, seed, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect()
    try:
        _create_declarations_view(con, firms, months, end_period, breaks, seed)
        target = str(path).replace("'", "''")
        columns = ", ".join(COLUMNS)
        con.execute(f"copy (select {columns} from declarations) to '{target}' {FORMATS[fmt]}")
        rows = _break_rows(con)
    finally:
        con.close()
    sidecar = breaks_path(path)
    if rows:
        _write_breaks(sidecar, rows)
    elif sidecar.exists():
        sidecar.unlink()
    return path


def injected_breaks(firms: int = 1200, months: int = 120, end_period: str = "2024-12",
                    breaks: int = 0, seed: int = 42) -> list[dict]:
    """The identity breaks :func:`write_firm_declarations` injects for these arguments."""
    _validate(firms, months, end_period, breaks, seed, "csv")
    con = _connect()
    try:
        _create_declarations_view(con, firms, months, end_period, breaks, seed)
        return _break_rows(con)
    finally:
        con.close()


def _connect():
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    return con


def breaks_path(path: Path) -> Path:
    """Sidecar listing the injected breaks of a generated file."""
    path = Path(path)
    return path.with_name(path.name + ".breaks.csv")


def _validate(firms, months, end_period, breaks, seed, fmt) -> None:
    if not (isinstance(firms, int) and firms > 0 and isinstance(months, int) and months > 1):
        raise ValueError("firms must be >= 1 and months >= 2")
    if not PERIOD_PATTERN.fullmatch(str(end_period)):
        raise ValueError(f"end_period {end_period!r} is not YYYY-MM")
    if not (isinstance(breaks, int) and 0 <= breaks <= firms * (months - 1)):
        raise ValueError("breaks must be between 0 and firms x (months - 1)")
    if not isinstance(seed, int):
        raise ValueError("seed must be an integer")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {sorted(FORMATS)}")


def _values(rows) -> str:
    return ", ".join("(" + ", ".join(repr(v) for v in row) + ")" for row in rows)


def _create_declarations_view(con, firms, months, end_period, breaks, seed) -> None:
    """Temp views ``breaks`` and ``declarations`` (all parameters validated integers)."""
    segment_lo = 0.0
    segments = []
    for code, share, size, export_share, turnover in SEGMENT_PROFILE:
        segments.append((code, segment_lo, segment_lo + share, size, export_share, turnover))
        segment_lo += share
    region_lo = 0.0
    regions = []
    for code, share in REGION_PROFILE:
        regions.append((code, region_lo, region_lo + share))
        region_lo += share
    last = months - 1
    scale = firms / REFERENCE_FIRMS
    con.execute(f"""
create or replace temp macro u(a, b, c, tag) as
    (hash({seed}, a, b, c, tag) % 1000003) / 1000003.0;
create or replace temp table segment_profile (code, lo, hi, size, export_share, turnover) as
    values {_values(segments)};
create or replace temp table region_profile (code, lo, hi) as values {_values(regions)};
create or replace temp table firm_base as
with drawn as (
    select
        f as firm_idx,
        printf('F%06d', f + 1) as firm_id,
        u(f, 0, 0, 'segment') as u_segment,
        least(u(f, 0, 0, 'region'), 0.999999) as u_region,
        exp(2 * (u(f, 0, 0, 's1') + u(f, 0, 0, 's2') + u(f, 0, 0, 's3') - 1.5)) as weight,
        {MEAN_GROWTH} + {GROWTH_SPREAD} * (u(f, 0, 0, 'growth') - 0.5) as growth
    from range({firms}) as t(f)
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
create or replace temp table export_rate as
select
    f.segment,
    any_value(s.export_share) * {REFERENCE_EXPORTS_LAST_YEAR * scale}
        / sum(f.end_size * (1 - exp(-f.growth)) / (1 - exp(-f.growth / 12))) as rate
from firm_base as f
join segment_profile as s on f.segment = s.code
group by f.segment;
create or replace temp table breaks as
with positions as (
    select
        i,
        (cast(floor(i * {firms * last} / {max(breaks, 1)}) as bigint)
            + hash({seed}, i, 'break-slot') % {max(firms * last // max(breaks, 1), 1)})
            as p
    from range({breaks}) as t(i)
)
select
    p // {last} as firm_idx,
    1 + p % {last} as k,
    1 + hash({seed}, i, 'break-size') % 9 as extra
from positions;
create or replace temp view declarations as
with grid as (
    select i // {months} as firm_idx, i % {months} as k
    from range({firms * months}) as t(i)
),
levels as (
    select
        g.firm_idx,
        g.k,
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
    join firm_base as f on g.firm_idx = f.firm_idx
    join export_rate as x on f.segment = x.segment
),
flows as (
    select
        *,
        employees - employees_before as net,
        floor(employees_before * turnover * 2 * u(firm_idx, k, 0, 'churn')) as churn
    from levels
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
from flows as fl
left join breaks as b on fl.firm_idx = b.firm_idx and fl.k = b.k;
""")


def _break_rows(con) -> list[dict]:
    cursor = con.execute("""
        select d.firm_id, d.period, d.employees + b.extra as expected, d.employees as actual,
               b.extra * -1 as residual
        from breaks as b
        join firm_base as f on b.firm_idx = f.firm_idx
        cross join lateral (
            select * from declarations as x where x.firm_idx = b.firm_idx and x.k = b.k
        ) as d
        order by d.firm_id, d.period
    """)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def _write_breaks(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=BREAK_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Command line: write one synthetic declarations file and print its path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--firms", type=int, default=1200)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--end-period", default="2024-12")
    parser.add_argument("--breaks", type=int, default=0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--fmt", choices=sorted(FORMATS), default="csv")
    args = parser.parse_args(argv)
    written = write_firm_declarations(args.out, args.firms, args.months, args.end_period,
                                      args.breaks, args.seed, args.fmt)
    print(written)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
