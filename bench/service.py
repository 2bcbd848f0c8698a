"""Everyday runs: a file published by the service, and the CLI's own start.

- ``drop``: ``offshoring serve`` running (its own Prefect server, settle 0); a small
  release renamed into landing -> the ``marts`` link swapped to the new version.
  Median of 10 drops. Target <= 2 s.
- ``ingest_warm``: ``offshoring ingest`` of one small release on a warehouse used before,
  no service (its own Prefect server, the project's warm Prefect home). Target <= 5 s.
- ``ingest_new``: the same into a new warehouse. Target <= 8 s.
- ``validate``: ``offshoring validate`` of one small release. Target <= 4 s.
- ``baseline``: plain DuckDB doing the same small job in a fresh Python process (read the
  CSV, parse the number, write the table and a Parquet file), interleaved with the
  others: every figure is also a ratio to it, measured in the same run.
- components (not targets): the local Prefect server's start to healthy, the imports of
  a run (the flow with Prefect, Great Expectations), and ``ingest`` against a Prefect
  server already running (what a run costs once the server is there).

``python -m bench.run --only service`` (``--runs N`` per CLI measure, default 5);
results in ``bench/results/service-<time>.json``. ``table_rows(results)`` gives the rows
``bench.run`` prints in its summary table.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
DROPS = 10
RUNS = 5
TARGETS_S = {"drop": 2.0, "ingest_warm": 5.0, "ingest_new": 8.0, "validate": 4.0}
LABELS = {"drop": "file renamed into landing -> marts published (service running)",
          "ingest_warm": "`offshoring ingest`, one small release, warehouse used before",
          "ingest_new": "`offshoring ingest`, one small release, new warehouse",
          "validate": "`offshoring validate`, one small release"}
# Ratios of two measures of the same run: robust to a busy machine. "before": the
# issue's figures (10.5 s own server vs 5.1 s running server; 21 s vs 10.5 s new warehouse).
RATIOS = {"own server / running server": ("ingest_warm", "ingest_running_api", 2.06),
          "new warehouse / used warehouse": ("ingest_new", "ingest_warm", 2.0)}
HEADER = "indicator;period;segment;region;value;unit;source;published_on\n"
BASELINE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("create or replace table t as select indicator, period, "
            "replace(value, ' ', '')::double as value from read_csv(?, delim=';', "
            "all_varchar=true)", [sys.argv[2]])
con.execute("copy t to '" + sys.argv[1] + ".parquet' (format parquet)")
"""
IMPORTS = "import flows.pipeline; from offshoring.quality import gx_engine; gx_engine.get_state()"
SERVER = """
import sys, time; from pathlib import Path
from offshoring.service.local_server import LocalServer
started = time.perf_counter(); server = LocalServer(Path(sys.argv[1])).start()
server.wait_ready(); print(time.perf_counter() - started); server.stop()
"""


def _release(folder: Path, n: int) -> Path:
    """A small release, new content each time (jobs of 2025, a different value published
    a day later: two values of one figure on one day are a conflict, issue 11)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"jobs_{n:03d}.csv"
    published = datetime.date(2024, 1, 1) + datetime.timedelta(days=n)  # n <= 900: past
    path.write_text(HEADER + f"jobs;2025;ALL;MA;{150000 + n};emplois;MTNRA;{published}\n",
                    encoding="utf-8")
    return path


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OFFSHORING_")}
    env.pop("PREFECT_API_URL", None)
    env.update({"PYTHONPATH": str(PROJECT_ROOT), "PREFECT_HOME": str(home),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", **extra})
    return env


def _timed(args: list[str], env: dict[str, str], expect: int = 0) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - started
    if done.returncode != expect:
        raise RuntimeError(f"{args[2:4]} exited {done.returncode}: {done.stderr[-800:]}")
    return wall


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "offshoring.cli", *args]


def measure_drops(work: Path, home: Path, drops: int = DROPS) -> list[float]:
    """Seconds from the rename into landing to the swap of the marts link, per drop."""
    warehouse = work / "served"
    env = _env(home, OFFSHORING_LANDING_SETTLE="0")
    log = (work / "serve.log").open("w")
    service = subprocess.Popen(_cli("serve", "--warehouse", str(warehouse)), env=env,
                               stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        for line in service.stdout:
            if line.startswith("offshoring serve: serving deployments"):
                break
        else:
            raise RuntimeError(f"the service did not start: {(work / 'serve.log').read_text()}")
        threading.Thread(target=service.stdout.read, daemon=True).start()  # keep it flowing
        landing, marts, timings = warehouse / "landing", warehouse / "marts", []
        for n in range(drops):
            staged = _release(work / "drops", n)
            before = os.readlink(marts) if marts.is_symlink() else None
            started = time.perf_counter()
            os.replace(staged, landing / staged.name)  # atomic, like a finished copy
            while (os.readlink(marts) if marts.is_symlink() else None) == before:
                if time.perf_counter() - started > 120:
                    raise RuntimeError("the service never published a drop")
                time.sleep(0.005)
            timings.append(time.perf_counter() - started)
            time.sleep(0.5)  # the run closes (snapshot) before the next drop
        return timings
    finally:
        service.terminate()
        service.wait(timeout=120)
        log.close()


def measure_cli(work: Path, home: Path, runs: int) -> dict[str, list[float]]:
    """The CLI measures and the baseline, interleaved round by round."""
    used = work / "used"
    _timed(_cli("ingest", "--warehouse", str(used), str(_release(work / "in", 900))),
           _env(home))  # the warehouse's first run (and a warm Prefect home)
    timings: dict[str, list[float]] = {k: [] for k in
                                       ("baseline", "ingest_warm", "ingest_new", "validate")}
    for n in range(runs):
        files = [_release(work / "in", 100 * k + n) for k in range(1, 5)]
        timings["baseline"].append(_timed(
            [sys.executable, "-c", BASELINE, str(work / f"plain{n}.duckdb"), str(files[0])],
            _env(home)))
        timings["ingest_warm"].append(_timed(
            _cli("ingest", "--warehouse", str(used), str(files[1])), _env(home)))
        timings["ingest_new"].append(_timed(
            _cli("ingest", "--warehouse", str(work / f"new{n}"), str(files[2])), _env(home)))
        timings["validate"].append(_timed(
            _cli("validate", "--warehouse", str(used), str(files[3])), _env(home)))
    return timings


def measure_components(work: Path, home: Path, runs: int) -> dict[str, list[float]]:
    """What an ingest is made of: server start, imports, a run against a running server."""
    from offshoring.service.local_server import LocalServer

    out: dict[str, list[float]] = {"server_ready": [], "imports": [], "ingest_running_api": []}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", SERVER, str(home)], env=_env(home),
                              capture_output=True, text=True, timeout=600, check=True)
        out["server_ready"].append(float(done.stdout.split()[-1]))
        out["imports"].append(_timed([sys.executable, "-c", IMPORTS], _env(home)))
    with LocalServer(home) as server:
        env = _env(home, PREFECT_API_URL=server.wait_ready())
        for n in range(runs):
            release = _release(work / "api", 700 + n)
            out["ingest_running_api"].append(_timed(
                _cli("ingest", "--warehouse", str(work / "used"), str(release)), env))
    return out


def table_rows(results: dict) -> list[dict]:
    """One row per target: measure, median seconds, target, ratio to the baseline, met."""
    base = results["medians"]["baseline"]
    return [{"measure": LABELS[name], "seconds": results["medians"][name],
             "target_s": target, "vs_baseline": results["medians"][name] / base,
             "met": results["medians"][name] <= target}
            for name, target in TARGETS_S.items()]


def main(argv: list[str] | None = None) -> int:
    """Run every measure; print the table and write bench/results/service-<time>.json."""
    parser = argparse.ArgumentParser(prog="python -m bench.run --only service")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per CLI measure")
    parser.add_argument("--drops", type=int, default=DROPS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="offshoring-bench-service-") as tmp:
        work, home = Path(tmp), Path(tmp) / "prefect-home"
        runs = {"drop": measure_drops(work, home, args.drops)}
        runs.update(measure_cli(work, home, args.runs))
        runs.update(measure_components(work, home, max(3, args.runs // 2)))
    results = {"runs": runs, "medians": {k: statistics.median(v) for k, v in runs.items()}}
    results["table"] = table_rows(results)
    print(f"baseline (plain DuckDB, fresh process): {results['medians']['baseline']:.2f} s")
    for row in results["table"]:
        print(f"{row['measure']:<66} {row['seconds']:6.2f} s  target <= {row['target_s']:g} s"
              f"  {'met' if row['met'] else 'MISSED':6} {row['vs_baseline']:5.1f}x baseline")
    for name in ("server_ready", "imports", "ingest_running_api"):
        print(f"  component {name:<20} {results['medians'][name]:6.2f} s")
    for name, (num, den, before) in RATIOS.items():
        results.setdefault("ratios", {})[name] = ratio = (
            results["medians"][num] / results["medians"][den])
        print(f"  {name:<34} {ratio:5.2f}x (before this work: {before:g}x)")
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"service-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
