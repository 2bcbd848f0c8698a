"""Per-file cost: ``offshoring ingest`` of 50 small monthly releases against one.

Both runs start from the same warehouse used before (the four sample releases loaded, the
Prefect home under it warm), copied afresh for each measurement; the commands run as a
user runs them (subprocesses, Prefect and all). Runs are interleaved so a busy spell of
the machine hits both. Reported: medians of the wall times, their ratio (target <= 3x),
what each file after the first adds to the wall time ((50 files - 1 file) / 49, the cost of
the N-th file of a run), and the median of the CLI's own per-file time (``LOADED ... in X
s``, to a tenth of a second) of the 2nd to 50th file.

``python -m bench.run --only perfile``; results in ``bench/results/perfile-<time>.json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import PROJECT_ROOT, RESULTS_DIR

FILES = 50
RUNS = 3
TARGET_RATIO = 3.0
FIRST_MONTH = (2022, 9)  # 50 months to 2026-10: every one published before today
# Annual exports of the sample releases (MDH): the months of a year add up to them.
ANNUAL_MDH = {2022: 24_300.0, 2023: 26_170.0, 2024: 26_200.0}
OTHER_MONTH_MDH = 2_300.0
HEADER = "indicator;period;segment;region;value;unit;source;published_on\n"
_FILE_SECONDS = re.compile(r"^LOADED .* in ([0-9.]+) s$", re.M)


def _months(count: int) -> list[tuple[int, int]]:
    year, month = FIRST_MONTH
    out = []
    for _ in range(count):
        out.append((year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return out


def _value(year: int, month: int) -> float:
    """The month's exports: a twelfth of the year's, the remainder in December."""
    if year not in ANNUAL_MDH:
        return OTHER_MONTH_MDH + month
    share = round(ANNUAL_MDH[year] / 12, 1)
    return round(ANNUAL_MDH[year] - 11 * share, 1) if month == 12 else share


def write_monthly_releases(folder: Path, count: int = FILES) -> list[Path]:
    """``count`` one-row releases of monthly service exports, consecutive months, from a
    publisher with no other series of them in the samples (AMDIE: no identity spans
    the sample's ODC figures; sources.agree compares them)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year, month in _months(count):
        published = f"{year + (month == 12)}-{month % 12 + 1:02d}-28"
        value = f"{_value(year, month):.1f}".replace(".", ",")
        path = folder / f"exports_{year}_{month:02d}.csv"
        path.write_text(HEADER + f"exports_mad;{year}-{month:02d};ALL;MA;{value};MDH;AMDIE;"
                        f"{published}\n", encoding="utf-8")
        paths.append(path)
    return paths


def cli_env(warehouse: Path, **extra: str) -> dict[str, str]:
    """The environment of an ``offshoring`` subprocess on ``warehouse`` (telemetry off)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OFFSHORING_")}
    env.update({"OFFSHORING_WAREHOUSE": str(warehouse), "PYTHONPATH": str(PROJECT_ROOT),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", **extra})
    return env


def ingest(warehouse: Path, files: list[Path], **env: str) -> tuple[float, list[float], str]:
    """Wall time of ``offshoring ingest FILES``, the per-file times it printed, its output."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "offshoring.cli", "ingest",
                           *map(str, files)], cwd=PROJECT_ROOT, env=cli_env(warehouse, **env),
                          capture_output=True, text=True, check=False, timeout=900)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
        raise RuntimeError(f"offshoring ingest exited {done.returncode}: {tail}")
    return wall, [float(s) for s in _FILE_SECONDS.findall(done.stdout)], done.stdout


def used_warehouse(work: Path) -> Path:
    """A warehouse with the sample releases loaded by the CLI (Prefect home warmed)."""
    from offshoring.sample import write_sample_releases

    template = work / "template"
    samples = write_sample_releases(work / "samples")
    ingest(template, samples)
    return template


def measure(work: Path, runs: int = RUNS, count: int = FILES) -> dict:
    """Medians of one file and of ``count`` files per run, from copies of one warehouse."""
    template = used_warehouse(work)
    files = write_monthly_releases(work / "monthly", count)
    walls: dict[int, list[float]] = {1: [], count: []}
    nth: list[float] = []
    for run in range(runs):
        for size in walls:
            warehouse = work / f"wh-{run}-{size}"
            shutil.copytree(template, warehouse, symlinks=True)
            wall, per_file, _ = ingest(warehouse, files[:size])
            walls[size].append(wall)
            if size == count:
                nth.extend(per_file[1:])
            shutil.rmtree(warehouse, ignore_errors=True)
            print(f"perfile  ingest of {size:>2} file(s): {wall:6.2f} s", flush=True)
    one, many = (statistics.median(walls[s]) for s in (1, count))
    return {"files": count, "runs": runs, "one_file_s": one, "many_files_s": many,
            "ratio": many / one, "nth_file_median_s": statistics.median(nth) if nth else None,
            "marginal_file_s": marginal_file_s(one, many, count),
            "walls": {str(k): v for k, v in walls.items()}}


def marginal_file_s(one: float, many: float, count: int) -> float:
    """What each file after the first adds to the run's wall time: (many - one) / (count -
    1). The CLI prints a file's own time to a tenth of a second; this has the resolution
    of the wall times, and counts everything a file costs (its Prefect task, its Data Docs
    page)."""
    return (many - one) / (count - 1)


def row(result: dict) -> tuple[str, str, str]:
    """(measure, value, verdict) for the table of ``bench.run``."""
    value = (f"{result['many_files_s']:.1f} s vs {result['one_file_s']:.1f} s = "
             f"{result['ratio']:.2f}x (each further file {result['marginal_file_s']:.3f} s)")
    return (f"{result['files']} small monthly files in one run vs one file", value,
            "met" if result["ratio"] <= TARGET_RATIO else "missed")


def main(argv: list[str] | None = None) -> dict:
    """Run the benchmark, print its lines, write bench/results/perfile-<time>.json."""
    with tempfile.TemporaryDirectory(prefix="offshoring-bench-perfile-") as tmp:
        result = measure(Path(tmp))
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"perfile-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print("perfile  " + " | ".join(row(result)) + f"  ({out.name})")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
