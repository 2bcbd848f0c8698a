"""The small job of ``offshoring ingest`` in one process with DuckDB alone: the floor of
``bench/dbt_peer.py``. Reads the release and the reference seeds, types and codes the
rows, checks them (codes known, values parse and are not negative, one value per key)
and writes the rows as Parquet. Exit code 1 when a check fails.

``python -m bench.plain_duckdb RELEASE SEEDS_DIR OUT.parquet``
"""

from __future__ import annotations

import sys

SEEDS = ("indicators", "segments", "regions", "units")
STAGE = """
create table stg as
select
    i.code as indicator, upper(trim(r.period)) as period, s.code as segment,
    g.code as region, upper(trim(r.source)) as source,
    try_cast(replace(regexp_replace(r.value, '\\s', '', 'g'), ',', '.') as double)
        * cast(u.factor as double) as value,
    try_cast(r.published_on as date) as published_on
from read_csv($release, delim = ';', header = true, all_varchar = true) as r
left join indicators as i on lower(trim(r.indicator)) = i.code
left join segments as s on upper(trim(r.segment)) = s.code
left join regions as g on upper(trim(r.region)) = g.code
left join units as u on lower(trim(r.unit)) = lower(u.alias)
"""
FAILING = """
select
    (select count(*) from stg
     where indicator is null or segment is null or region is null or value is null
        or published_on is null or value < 0)
    + (select count(*) from (select 1 from stg group by indicator, period, segment, region,
                             source having count(*) > 1))
"""


def main(release: str, seeds_dir: str, out: str) -> int:
    """Run the job; 0 when every check passes."""
    import duckdb

    con = duckdb.connect()
    for name in SEEDS:
        con.execute(f"create table {name} as select * from read_csv($path, all_varchar = true)",
                    {"path": f"{seeds_dir}/{name}.csv"})
    con.execute(STAGE, {"release": release})
    failing = con.execute(FAILING).fetchone()[0]
    con.execute(f"copy stg to '{out}' (format parquet)")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
