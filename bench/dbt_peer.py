"""Our ``offshoring ingest`` of one small release, side by side with its peers.

- **dbt-duckdb** (``bench/dbt_peer/``, the optional extra ``dbt``: ``make bench-dbt``):
  the same small job as a dbt project (the project's seeds, a staging model, the
  ``indicator_timeseries`` mart written as Parquet, the release's tests), ``dbt build``
  cold (new database, no parse cache) and warm (the second build);
- **plain DuckDB**: one Python process doing the same work in SQL (the floor);
- **ours**: ``offshoring ingest`` into a warehouse used before (warm) and a new one (cold).

Every command is a subprocess, runs interleaved, medians printed with the ratios.
Without dbt-duckdb installed the peer is skipped with the reason.
``python -m bench.run --only dbt``; results in ``bench/results/dbt-<time>.json``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import BENCH_DIR, PROJECT_ROOT, RESULTS_DIR
from bench.perfile import ingest, used_warehouse

DBT_PROJECT = BENCH_DIR / "dbt_peer"
RUNS = 3
# The small release: quarterly service exports by segment (ODC), French formatting.
RELEASE = "".join([
    "indicator;period;segment;region;value;unit;source;published_on\n",
    *(f"exports_mad;2025-Q1;{segment};MA;{value};MDH;ODC;2025-05-15\n" for segment, value in (
        ("ALL", "6 612,0"), ("ITO", "2 700,0"), ("CRM", "2 450,0"), ("ESO", "870,0"),
        ("BPO", "580,0"), ("KPO", "12,0"))),
])


def dbt_available() -> str | None:
    """None when dbt-duckdb can run here, else why not."""
    if importlib.util.find_spec("dbt") is None or importlib.util.find_spec(
            "dbt.adapters.duckdb") is None:
        return "dbt-duckdb not installed (make bench-dbt installs the optional extra `dbt`)"
    return None


def _timed(args: list[str], env: dict | None = None, cwd: Path = PROJECT_ROOT) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          check=False, timeout=600)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise RuntimeError(f"{' '.join(args[:3])} exited {done.returncode}: {tail}")
    return wall


def dbt_build(work: Path, release: Path) -> float:
    """``dbt build`` of the peer project; its database and parse cache live in ``work``."""
    (work / "marts").mkdir(parents=True, exist_ok=True)
    dbt = str(Path(sys.executable).with_name("dbt"))
    env = {**os.environ, "OFFSHORING_PEER_DB": str(work / "peer.duckdb"),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    variables = json.dumps({"release": str(release), "marts_dir": str(work / "marts")})
    return _timed([dbt, "build", "--profiles-dir", str(DBT_PROJECT), "--project-dir",
                   str(DBT_PROJECT), "--target-path", str(work / "target"), "--log-path",
                   str(work / "logs"), "--vars", variables], env=env, cwd=DBT_PROJECT)


def plain_duckdb(work: Path, release: Path) -> float:
    """The same work in one Python process with DuckDB alone."""
    return _timed([sys.executable, "-m", "bench.plain_duckdb", str(release),
                   str(PROJECT_ROOT / "seeds"), str(work / "plain.parquet")])


def measure(work: Path, runs: int = RUNS) -> dict:
    """Medians of every job (seconds), interleaved run by run."""
    release = work / "exports_2025_q1.csv"
    release.write_text(RELEASE, encoding="utf-8")
    template = used_warehouse(work)
    skipped = dbt_available()
    jobs = {
        "ours_warm": lambda w: ingest(_copy(template, w / "wh"), [release])[0],
        "ours_cold": lambda w: ingest(w / "wh", [release])[0],
        "plain_duckdb": lambda w: plain_duckdb(w, release),
    }
    if not skipped:
        shared = work / "dbt-warm"
        dbt_build(shared, release)  # the first build: parse cache and seeds in place
        jobs["dbt_warm"] = lambda w: dbt_build(shared, release)
        jobs["dbt_cold"] = lambda w: dbt_build(w / "dbt", release)
    walls: dict[str, list[float]] = {name: [] for name in jobs}
    for run in range(runs):
        for name, job in jobs.items():
            folder = work / f"{name}-{run}"
            folder.mkdir()
            walls[name].append(job(folder))
            shutil.rmtree(folder, ignore_errors=True)
            print(f"dbt      {name:<12} {walls[name][-1]:6.2f} s", flush=True)
    medians = {name: statistics.median(values) for name, values in walls.items()}
    return {"runs": runs, "medians": medians, "walls": walls, "dbt_skipped": skipped}


def _copy(template: Path, target: Path) -> Path:
    shutil.copytree(template, target, symlinks=True)
    return target


def rows(result: dict) -> list[tuple[str, str, str]]:
    """(measure, value, verdict) rows for the table of ``bench.run``."""
    m = result["medians"]
    out = [("plain DuckDB script, same job (floor)", f"{m['plain_duckdb']:.2f} s", "-")]
    if result["dbt_skipped"]:
        return out + [("dbt-duckdb peer", f"skipped: {result['dbt_skipped']}", "-")]
    return out + [
        ("dbt-duckdb `dbt build`, warm / cold", f"{m['dbt_warm']:.1f} s / {m['dbt_cold']:.1f} s",
         "-"),
        ("ingest warm / dbt warm (same run)", f"{m['ours_warm'] / m['dbt_warm']:.2f}x",
         "met" if m["ours_warm"] <= m["dbt_warm"] else "missed (stretch)"),
        ("ingest cold / dbt cold (same run)", f"{m['ours_cold'] / m['dbt_cold']:.2f}x", "-"),
    ]


def main(argv: list[str] | None = None) -> dict:
    """Run the comparison, print its lines, write bench/results/dbt-<time>.json."""
    with tempfile.TemporaryDirectory(prefix="offshoring-bench-dbt-") as tmp:
        result = measure(Path(tmp))
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"dbt-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    for measure_name, value, verdict in rows(result):
        print(f"dbt      {measure_name}: {value} {verdict}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
