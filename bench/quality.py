"""``python -m bench.quality``: the cost of validating one release (SQL in DuckDB vs GX).

For releases of a few sizes (jobs and net creations by quarter and segment, exports by
year), it reports the median over runs of: the preparation (temp tables), the check
queries (DuckDB), the GX judging, and ``offshoring.quality.validate`` as a whole; plus the first
call of the process (GX import, suites loaded). Results: bench/results/quality-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import RESULTS_DIR

SEGMENTS = ("ALL", "ITO", "CRM", "BPO", "KPO", "ESO")
REGIONS = ("MA",) + tuple(f"MA-{i:02d}" for i in range(1, 13))
DEFAULT_SIZES = (100, 500, 5000)


def release_rows(size: int) -> list[tuple]:
    """``size`` raw rows (load_id left out): consistent jobs / net_jobs quarterly series."""
    rows = []
    year = 2000
    while len(rows) < size:
        for region in REGIONS:
            for segment in SEGMENTS:
                for quarter in range(1, 5):
                    rows.append(("jobs", f"{year}-Q{quarter}", segment, region,
                                 str(10000 + 100 * quarter), "", "MTNRA", "2025-03-14"))
                    rows.append(("net_jobs", f"{year}-Q{quarter}", segment, region, "100", "",
                                 "MTNRA", "2025-03-14"))
        year += 1
    return rows[:size]


def _warehouse(settings):
    import duckdb

    from offshoring import warehouse

    con = duckdb.connect()
    warehouse.build(con, settings)
    return con


def _insert(con, load_id: int, rows: list[tuple]) -> None:
    con.executemany(
        "insert into raw.release_rows (load_id, row_number, indicator, period, segment, region,"
        " value, unit, source, published_on) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(load_id, i, *row) for i, row in enumerate(rows, 1)])


def measure(con, settings, load_id: int) -> dict[str, float]:
    """One validation, split into its stages (seconds)."""
    from offshoring.quality import RELEASE, checks, gx_engine, rules, validate
    from offshoring.quality.runner import query_parameters, tolerance_parameters

    checked = [r for r in rules(settings, RELEASE) if not r.checked_by_reader]
    tolerances = tolerance_parameters(settings)
    params = query_parameters(load_id, tolerances)
    t0 = time.perf_counter()
    with checks.prepared(con, settings.sql_dir, RELEASE, params):
        t1 = time.perf_counter()
        frames = {r.id: checks.rule_frame(con, r, params) for r in checked}
        t2 = time.perf_counter()
    gx_engine.run_rules([(r, frames[r.id]) for r in checked], tolerances, "bench", RELEASE)
    t3 = time.perf_counter()
    validate(con, load_id, settings)
    t4 = time.perf_counter()
    return {"prepare_s": t1 - t0, "queries_s": t2 - t1, "gx_s": t3 - t2,
            "validate_s": t4 - t3, "rows_judged": sum(len(f) for f in frames.values())}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per size."""
    from offshoring.quality import validate
    from offshoring.settings import load_settings

    parser = argparse.ArgumentParser(prog="python -m bench.quality")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    settings = load_settings(Path(tempfile.mkdtemp(prefix="offshoring-bench-quality-")))
    con = _warehouse(settings)
    _insert(con, 1, release_rows(10))
    started = time.perf_counter()
    validate(con, 1, settings)
    report = {"first_call_s": time.perf_counter() - started, "sizes": {}}
    print(f"first call (GX import, suites): {report['first_call_s']:.2f} s")
    for n, size in enumerate(int(s) for s in args.sizes.split(",")):
        load_id = 100 + n
        _insert(con, load_id, release_rows(size))
        runs = [measure(con, settings, load_id) for _ in range(args.runs)]
        median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        report["sizes"][size] = {"median": median, "runs": runs}
        print(f"{size:>6} rows: validate {median['validate_s']:.3f} s "
              f"(prepare {median['prepare_s']:.3f}, queries {median['queries_s']:.3f}, "
              f"GX {median['gx_s']:.3f}; {int(median['rows_judged'])} rows judged by GX)")
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"quality-{datetime.now():%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
