"""Benchmark of firm declarations: plain DuckDB baseline, naive pandas + GX, our module.

Each measurement runs in its own subprocess (``python -m bench.firms worker ...``) so its
peak RSS (``ru_maxrss``) is its own. Wall times are taken inside the worker after imports;
import time is reported apart. Data files are generated once under ``--data-dir``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import PROJECT_ROOT, RESULTS_DIR

DEFAULT_DATA_DIR = Path(tempfile.gettempdir()) / "offshoring-bench"
MONTHS = 120
# label -> firms; rows = firms x 120 months
SIZES = {"100k": 834, "1M": 8334, "2M": 16667, "10M": 83334}
RUNS = {"100k": 5, "1M": 5, "2M": 5, "10M": 3}
METHODS = ("baseline", "module", "naive", "pipeline")
DEFAULT_SIZES = ("2M", "10M")  # the sizes of the targets (``--sizes 100k,1M`` for others)
DEFAULT_METHODS = ("baseline", "module", "pipeline")  # naive on request (``--methods``)
# Issue 13: the pipeline's data part within these ratios of plain DuckDB; peak memory.
TARGET_RATIOS = {"10M": 1.2, "2M": 1.3}
PEAK_TARGET_MIB = 1536
# DuckDB memory_limit for the baseline and the module alike (the pipeline should set the
# same on its warehouse connection): sorts spill to disk instead of growing RSS.
MEMORY_LIMIT = "1GB"
SEGMENTS = ("ITO", "CRM", "BPO", "KPO", "ESO")  # the naive method's GX value sets
REGIONS = tuple(f"MA-{i:02d}" for i in range(1, 13))


# --- the three ways of doing the work ---------------------------------------------------

def run_baseline(path: Path, work: Path, memory_limit: str = MEMORY_LIMIT) -> dict:
    """Plain DuckDB doing the pipeline's work (bench/firms_baseline.py: the file as a
    table, every firm rule counted, the aggregates with gaps, entries and exits, Parquet)."""
    import duckdb

    from bench import firms_baseline

    con = duckdb.connect(str(work / "baseline.duckdb"))
    con.execute("set enable_progress_bar = false")
    con.execute(f"set memory_limit = '{memory_limit}'")
    t0 = time.perf_counter()
    result = firms_baseline.run(con, path, work / "baseline_agg.parquet")
    elapsed = time.perf_counter() - t0
    con.close()
    return {"data_s": elapsed, **result}


def run_module(path: Path, work: Path, memory_limit: str = MEMORY_LIMIT) -> dict:
    """Our module on a fresh warehouse: build and GX's start (fixed), then stage + the firm
    rules' SQL (sql/checks/firm_flags.sql and each rule's capped frame) + aggregate +
    commit (data); GX judging those frames is reported apart (judge_s)."""
    from offshoring import quality
    from offshoring.firms import aggregate_firm_declarations, stage_firm_file
    from offshoring.quality import checks, gx_engine
    from offshoring.quality.judge import judge
    from offshoring.quality.runner import query_parameters, tolerance_parameters
    from offshoring.settings import load_settings
    from offshoring.warehouse import build, connect, sql_text

    settings = load_settings(warehouse=work / "warehouse")
    firm_rules = [r for r in quality.rules(settings, quality.FIRM_DECLARATIONS)
                  if not r.checked_by_reader]
    tolerances = tolerance_parameters(settings)
    params = query_parameters(1, tolerances)
    t0 = time.perf_counter()
    con = connect(settings)
    con.execute("set enable_progress_bar = false")
    con.execute(f"set memory_limit = '{memory_limit}'")
    build(con, settings)
    gx_engine.get_state()  # GX imported, its context made: fixed, not data
    t1 = time.perf_counter()
    c1 = time.process_time()
    con.begin()
    rows = stage_firm_file(con, path, 1)
    t2 = time.perf_counter()
    with checks.prepared(con, settings.sql_dir, quality.FIRM_DECLARATIONS, params):
        frames = {r.id: checks.rule_frame(con, r, params) for r in firm_rules}
    t3 = time.perf_counter()
    inserted = aggregate_firm_declarations(con, 1, settings)
    con.execute(sql_text(settings, "pipeline/drop_firm_rows.sql"), {"load_id": 1})  # not kept
    con.commit()
    t4 = time.perf_counter()
    c4 = time.process_time()
    judged = gx_engine.run_rules([(r, frames[r.id]) for r in firm_rules], tolerances, "bench",
                                 quality.FIRM_DECLARATIONS)
    results = [judge(r, judged[r.id], frames[r.id], tolerances) for r in firm_rules]
    t5 = time.perf_counter()
    con.close()
    return {"fixed_s": t1 - t0, "data_s": t4 - t1, "stage_s": t2 - t1, "check_s": t3 - t2,
            "aggregate_commit_s": t4 - t3, "data_cpu_s": c4 - c1, "judge_s": t5 - t4, "rows": rows,
            "aggregate_rows": inserted,
            "failed_rules": [r.rule_id for r in results if r.status == "failed"]}


def run_naive(path: Path, work: Path, memory_limit: str = MEMORY_LIMIT) -> dict:
    """pandas read_csv, GX 1.24 on the in-memory frame, pandas groupby, to_parquet."""
    import great_expectations as gx
    import pandas as pd
    from great_expectations.data_context.types.base import ProgressBarsConfig

    t0 = time.perf_counter()
    df = pd.read_csv(path, dtype={"firm_id": "string", "period": "string", "segment": "string",
                                  "region": "string"})
    df = df.sort_values(["firm_id", "period"], kind="stable").reset_index(drop=True)
    prev = df.groupby("firm_id", sort=False)["employees"].shift()
    df["residual"] = (df["employees"] - (prev + df["hires"] - df["separations"])).fillna(0)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (context.data_sources.add_pandas("firms").add_dataframe_asset("declarations")
             .add_batch_definition_whole_dataframe("all"))
    suite = context.suites.add(gx.ExpectationSuite(name="firms"))
    e = gx.expectations
    for column in ("employees", "hires", "separations", "exports_mad"):
        suite.add_expectation(e.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    suite.add_expectation(e.ExpectColumnValuesToBeBetween(column="residual", min_value=-0.5,
                                                           max_value=0.5))
    suite.add_expectation(e.ExpectColumnValuesToBeInSet(column="segment", value_set=SEGMENTS))
    suite.add_expectation(e.ExpectColumnValuesToBeInSet(column="region", value_set=REGIONS))
    suite.add_expectation(e.ExpectCompoundColumnsToBeUnique(column_list=["firm_id", "period"]))
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name="firms", data=batch, suite=suite))
    outcome = validation.run(batch_parameters={"dataframe": df}, result_format="SUMMARY")
    df["d"] = pd.to_datetime(df["period"] + "-01")
    df["net"] = df["hires"] - df["separations"]
    frames = []
    for keys in (["segment", "region"], ["segment"], ["region"], []):
        grouped = df.groupby(["d", *keys]).agg(jobs=("employees", "sum"), net_jobs=("net", "sum"),
                                               exports_mad=("exports_mad", "sum"),
                                               companies=("firm_id", "nunique")).reset_index()
        frames.append(grouped)
    monthly = pd.concat(frames, ignore_index=True)
    monthly["segment"] = monthly["segment"].fillna("ALL")
    monthly["region"] = monthly["region"].fillna("MA")
    monthly["q"] = monthly["d"].dt.to_period("Q").astype(str)
    monthly["y"] = monthly["d"].dt.year
    stock_q = monthly[monthly["d"].dt.month % 3 == 0].groupby(["q", "segment", "region"])[
        ["jobs", "companies"]].sum()
    flow_q = monthly.groupby(["q", "segment", "region"])[["net_jobs", "exports_mad"]].sum()
    stock_a = monthly[monthly["d"].dt.month == 12].groupby(["y", "segment", "region"])[
        ["jobs", "companies"]].sum()
    flow_a = monthly.groupby(["y", "segment", "region"])[["net_jobs", "exports_mad"]].sum()
    out = pd.concat([monthly.assign(freq="M"),
                     stock_q.join(flow_q).reset_index().assign(freq="Q"),
                     stock_a.join(flow_a).reset_index().assign(freq="A")], ignore_index=True)
    out = out.astype({"q": "string", "y": "string"})
    out.to_parquet(work / "naive_agg.parquet")
    elapsed = time.perf_counter() - t0
    return {"data_s": elapsed, "aggregate_rows": len(out), "gx_success": bool(outcome.success)}


# --- the pipeline end to end (`offshoring ingest`) --------------------------------------
# Runs the CLI as a subprocess, Prefect and all, on a fresh warehouse each time, against one
# Prefect server started for the measurement: a tiny declarations file measures the fixed
# start-up (imports, warehouse build, publish); the data-proportional part is the measured
# file's time minus that. The runs do not start their own server: its start (3-4 s, the
# noisiest fixed cost on a busy machine) would be subtracted from itself, and left its
# noise, a second either way, in a part of 2-8 s (bench/README.md, firm declarations).
PIPELINE_TINY = {"firms": 5, "months": 14}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _ingest(file: Path, warehouse_dir: Path, api_url: str) -> tuple[float, float, float]:
    """Wall time of `offshoring ingest FILE` against the Prefect API ``api_url``, the
    file's own time as the CLI reports it (`LOADED ... in X s`: receive, read, check,
    load), and the CPU time of the command."""
    cpu = _children_cpu()
    env = {**os.environ, "OFFSHORING_WAREHOUSE": str(warehouse_dir),
           "PREFECT_API_URL": api_url, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DO_NOT_TRACK": "1"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "offshoring.cli", "ingest", str(file)],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stdout + done.stderr).strip().splitlines()[-1:]
        raise RuntimeError(f"offshoring ingest exited {done.returncode}: {last}")
    found = re.search(r"^LOADED .* in ([0-9.]+) s$", done.stdout, flags=re.M)
    return (elapsed, float(found.group(1)) if found else float("nan"),
            _children_cpu() - cpu)


def run_pipeline(path: Path, work: Path, memory_limit: str = MEMORY_LIMIT) -> dict:
    """`offshoring ingest` of a tiny file (fixed cost) then of ``path``, both against one
    running Prefect server (its own process, child of this worker)."""
    from offshoring.firms.generator import write_firm_declarations
    from offshoring.service.local_server import LocalServer

    tiny = write_firm_declarations(work / "tiny.csv", **PIPELINE_TINY)
    with LocalServer(work / "prefect-home") as server:
        api_url = server.wait_ready()
        _ingest(tiny, work / "wh-warmup", api_url)  # the server's first flow run
        fixed, _, fixed_cpu = _ingest(tiny, work / "wh-tiny", api_url)
        full, file_s, full_cpu = _ingest(path, work / "wh-full", api_url)
    return {"fixed_s": fixed, "data_s": full - fixed, "end_to_end_s": full, "file_s": file_s,
            "data_cpu_s": full_cpu - fixed_cpu}


RUNNERS = {"baseline": run_baseline, "module": run_module, "naive": run_naive,
           "pipeline": run_pipeline}


# --- orchestration ---------------------------------------------------------------------

def worker(method: str, path: Path, memory_limit: str = MEMORY_LIMIT) -> None:
    """Run one method in this process and print a JSON line with times and peak RSS."""
    t_import = time.perf_counter()
    if method == "pipeline":
        pass  # subprocesses: peak RSS below covers this process and, via children, them
    elif method == "naive":
        import great_expectations  # noqa: F401  (import cost kept out of data time)
        import pandas  # noqa: F401
    else:
        import duckdb  # noqa: F401
    import_s = time.perf_counter() - t_import
    before = resource.getrusage(resource.RUSAGE_SELF)
    with tempfile.TemporaryDirectory(prefix=f"bench-{method}-") as tmp:
        result = RUNNERS[method](path, Path(tmp), memory_limit)
    after = resource.getrusage(resource.RUSAGE_SELF)
    # CPU seconds of the whole run (fixed part included): robust to a busy machine.
    result["cpu_s"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    result["import_s"] = import_s
    result["peak_rss_mb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps(result))


def measure(method: str, path: Path, memory_limit: str = MEMORY_LIMIT) -> dict:
    """One measurement in a fresh subprocess."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.firms", "worker", method, str(path),
         "--memory-limit", memory_limit],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{method} failed: {done.stderr.strip().splitlines()[-1:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - started
    return result


def data_file(data_dir: Path, label: str) -> Path:
    """The declarations CSV of one size, generated once (deterministic), by a child
    process: Linux keeps a process's peak RSS across fork and exec, so every worker
    started by a process that once held the 10M rows (1.5 GiB) reported that peak as
    its own."""
    path = data_dir / f"firms-{SIZES[label]}x{MONTHS}.csv"
    if not path.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.firms", "generate", str(path),
                        str(SIZES[label]), str(MONTHS)], cwd=PROJECT_ROOT, check=True)
        print(f"generated {path} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def summarise(runs: list[dict]) -> dict:
    """Medians of every numeric field over the runs."""
    keys = [k for k, v in runs[0].items() if isinstance(v, int | float) and not isinstance(v, bool)]
    summary = {k: statistics.median(r[k] for r in runs) for k in keys}
    summary["runs"] = len(runs)
    return summary


def table(results: dict) -> str:
    """Markdown table, ratios first."""
    head = ("| rows | pipeline / baseline (data, wall) | naive / pipeline (wall) | "
            "pipeline fixed s | pipeline data s (file s) | pipeline peak MiB | "
            "module / baseline (data, wall) | naive / module (wall) | "
            "module / baseline (cpu) | naive / module (cpu) | module peak MiB | baseline s | "
            "module data s (stage+check+aggregate) | module fixed s | naive s | "
            "baseline MiB | naive MiB | runs |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for label, by_method in results.items():
        b, m, n, p = (by_method.get(x) for x in METHODS)
        naive_vs_pipe = f"{n['data_s'] / p['data_s']:.1f}x" if n and p else "-"
        pipe = ("- | - | - | - | - | " if not (p and b) else
                f"{p['data_s'] / b['data_s']:.2f}x | {naive_vs_pipe} | "
                f"{p['fixed_s']:.2f} | {p['data_s']:.2f} ({p['file_s']:.2f}) | "
                f"{p['peak_rss_mb']:.0f} | ")
        ratio = f"{m['data_s'] / b['data_s']:.2f}x" if b and m else "-"
        speed = f"{n['data_s'] / m['data_s']:.1f}x" if n and m else "-"
        cpu_ratio = f"{m['cpu_s'] / b['cpu_s']:.2f}x" if b and m else "-"
        cpu_speed = f"{n['cpu_s'] / m['cpu_s']:.1f}x" if n and m else "-"
        phases = (f"{m['stage_s']:.2f}+{m['check_s']:.2f}+{m['aggregate_commit_s']:.2f}"
                  if m else "-")
        lines.append(
            f"| {label} | {pipe}{ratio} | {speed} | {cpu_ratio} | {cpu_speed} | "
            f"{_cell(m, 'peak_rss_mb', '.0f')} | {_cell(b, 'data_s', '.2f')} | "
            f"{_cell(m, 'data_s', '.2f')} ({phases}) | {_cell(m, 'fixed_s', '.2f')} | "
            f"{_cell(n, 'data_s', '.2f')} | {_cell(b, 'peak_rss_mb', '.0f')} | "
            f"{_cell(n, 'peak_rss_mb', '.0f')} | {_cell(m or p or b, 'runs', 'd')} |"
        )
    return "\n".join(lines)


def _cell(measured: dict | None, key: str, spec: str) -> str:
    """One figure of the table, "-" for a method not run (``--methods``)."""
    return "-" if not measured or key not in measured else format(measured[key], spec)


def rows(results: dict) -> list[tuple[str, str, str, str]]:
    """The target rows (measure, measured, target, verdict) of ``main``'s medians."""
    out = []
    for label, target in TARGET_RATIOS.items():
        by = results.get(label, {})
        name = f"firm declarations, data part at {label} firm-months / plain DuckDB"
        if not {"baseline", "pipeline"} <= set(by):
            out.append((name, "not measured (--sizes, --methods)", f"<= {target}x", "-"))
            continue
        ratio = by["pipeline"]["data_s"] / by["baseline"]["data_s"]
        module = (f", module {by['module']['data_s'] / by['baseline']['data_s']:.2f}x"
                  if "module" in by else "")
        if "data_cpu_s" in by["pipeline"]:  # CPU: far less sensitive to a busy machine
            module += f"; CPU {by['pipeline']['data_cpu_s'] / by['baseline']['cpu_s']:.2f}x"
        out.append((name, f"{ratio:.2f}x{module}", f"<= {target}x",
                    "met" if ratio <= target else "missed"))
    peaks = {label: by["pipeline"]["peak_rss_mb"] for label, by in results.items()
             if "pipeline" in by}
    if peaks:
        label = max(peaks, key=lambda k: SIZES[k])
        out.append((f"firm declarations, peak memory at {label}", f"{peaks[label]:.0f} MiB",
                    f"< {PEAK_TARGET_MIB} MiB",
                    "met" if peaks[label] < PEAK_TARGET_MIB else "missed"))
    return out


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark; print the table, write bench/results/firms-<time>.json and
    return the medians by size and method."""
    parser = argparse.ArgumentParser(description="firm declarations benchmark")
    sub = parser.add_subparsers(dest="command")
    w = sub.add_parser("worker")
    w.add_argument("method", choices=sorted(RUNNERS))
    w.add_argument("path", type=Path)
    w.add_argument("--memory-limit", default=MEMORY_LIMIT)
    g = sub.add_parser("generate")
    g.add_argument("path", type=Path)
    g.add_argument("firms", type=int)
    g.add_argument("months", type=int)
    parser.add_argument("--sizes", default=",".join(DEFAULT_SIZES))
    parser.add_argument("--runs", type=int, default=None, help="override runs per size")
    parser.add_argument("--methods", default=",".join(DEFAULT_METHODS),
                        help=f"some of {','.join(METHODS)}")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--memory-limit", default=MEMORY_LIMIT,
                        help="DuckDB memory_limit of baseline and module")
    args = parser.parse_args(argv)
    if args.command == "worker":
        worker(args.method, args.path, args.memory_limit)
        return {}
    if args.command == "generate":
        from offshoring.firms.generator import write_firm_declarations

        write_firm_declarations(args.path, firms=args.firms, months=args.months)
        return {}
    args.data_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    raw: dict = {}
    for label in args.sizes.split(","):
        path = data_file(args.data_dir, label)
        runs = args.runs or RUNS[label]
        methods = args.methods.split(",")
        raw[label] = {m: [] for m in methods}
        for _ in range(runs):  # interleaved, so a busy spell hits every method alike
            for method in methods:
                raw[label][method].append(measure(method, path, args.memory_limit))
                r = raw[label][method][-1]
                print(f"{label:>5} {method:<8} data {r['data_s']:7.2f} s  "
                      f"cpu {r['cpu_s']:7.2f} s  peak {r['peak_rss_mb']:6.0f} MiB", flush=True)
        results[label] = {m: summarise(raw[label][m]) for m in methods}
    print(table(results))
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"firms-{time.strftime('%Y%m%dT%H%M%S')}.json"
    meta = {"memory_limit": args.memory_limit, "months": MONTHS, "firms": SIZES}
    out.write_text(json.dumps({"meta": meta, "medians": results, "runs": raw}, indent=1))
    print(f"results: {out}")
    return results


if __name__ == "__main__":
    main()
