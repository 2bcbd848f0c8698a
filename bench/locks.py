"""Timings the crash-safety and concurrency tests used to assert, measured instead.

- ``busy_wait``: ``offshoring ingest`` on a warehouse whose writer lock this process holds,
  with ``OFFSHORING_LOCK_TIMEOUT=0`` (the baseline: it gives up at once) and ``=T``. Ratio
  ``(wall(T) - wall(0)) / T``: the share of the configured wait really waited before exit
  code 4 (1.0 = exactly T; the lock is polled every 0.2 s).
- ``pause_hook``: N calls of ``testhooks.pause_at`` with ``OFFSHORING_TEST_PAUSE_AT`` unset
  against N lookups of that variable (what the hook is documented to cost). Ratio
  hook / lookup.

``python -m bench.run --only locks``; results in ``bench/results/locks-<time>.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import PROJECT_ROOT, RESULTS_DIR

WAIT_S = 2
RUNS = 3
HOOK_CALLS = 100_000
RELEASE = ("indicator;period;segment;region;value;unit;source;published_on\n"
           "jobs;2024;ALL;MA;148 500;emplois;MTNRA;2025-03-14\n")


def _ingest_wall(settings, release: Path, timeout_s: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT),
           "OFFSHORING_WAREHOUSE": str(settings.warehouse_dir),
           "OFFSHORING_LOCK_TIMEOUT": str(timeout_s)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "offshoring.cli", "ingest", str(release)],
                          env=env, capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - started
    if done.returncode != 4:
        raise RuntimeError(f"expected exit code 4 (busy), got {done.returncode}: {done.stderr}")
    return wall


def busy_wait(work: Path) -> dict:
    """How long a run waits for a busy warehouse, against its configured timeout."""
    from offshoring.settings import load_settings
    from offshoring.warehouse import writer_lock

    settings = load_settings(work / "warehouse")
    release = work / "release.csv"
    release.write_text(RELEASE, encoding="utf-8")
    walls: dict[int, list[float]] = {0: [], WAIT_S: []}
    with writer_lock(settings):  # another writer, as far as the CLI can tell
        for _ in range(RUNS):  # interleaved, so a busy spell of the machine hits both
            for timeout_s in walls:
                walls[timeout_s].append(_ingest_wall(settings, release, timeout_s))
    base, waited = statistics.median(walls[0]), statistics.median(walls[WAIT_S])
    return {"timeout_s": WAIT_S, "baseline_s": base, "waited_s": waited,
            "ratio": (waited - base) / WAIT_S, "runs": walls}


def pause_hook(work: Path) -> dict:
    """The pause hook when it is off, against the environment lookup it amounts to."""
    from offshoring import testhooks
    from offshoring.settings import load_settings

    os.environ.pop(testhooks.PAUSE_ENV, None)
    settings = load_settings(warehouse=work)  # test_pause_at unset: the hook is off
    stages = testhooks.STAGES

    def lookups():
        for i in range(HOOK_CALLS):
            os.environ.get(testhooks.PAUSE_ENV) == stages[i % len(stages)]  # noqa: B015

    def hooks():
        for i in range(HOOK_CALLS):
            testhooks.pause_at(stages[i % len(stages)], settings)

    timings: dict[str, list[float]] = {"lookup": [], "hook": []}
    for _ in range(RUNS):
        for name, body in (("lookup", lookups), ("hook", hooks)):
            started = time.perf_counter()
            body()
            timings[name].append(time.perf_counter() - started)
    lookup, hook = statistics.median(timings["lookup"]), statistics.median(timings["hook"])
    if list(work.glob(".paused-*")):
        raise RuntimeError("the pause hook wrote a marker while OFF")
    return {"calls": HOOK_CALLS, "lookup_s": lookup, "hook_s": hook, "ratio": hook / lookup,
            "hook_us_per_call": 1e6 * hook / HOOK_CALLS, "runs": timings}


def main(argv: list[str] | None = None) -> int:
    """Run both measures; print them and write bench/results/locks-<time>.json."""
    with tempfile.TemporaryDirectory(prefix="offshoring-bench-locks-") as tmp:
        results = {"busy_wait": busy_wait(Path(tmp)), "pause_hook": pause_hook(Path(tmp))}
    wait, hook = results["busy_wait"], results["pause_hook"]
    print(f"busy_wait   OFFSHORING_LOCK_TIMEOUT={wait['timeout_s']}: exit 4 after "
          f"{wait['waited_s']:.2f} s vs {wait['baseline_s']:.2f} s at 0 -> ratio "
          f"{wait['ratio']:.2f} of the timeout")
    print(f"pause_hook  off: {hook['hook_us_per_call']:.2f} us a call, "
          f"{hook['ratio']:.2f}x an environment lookup")
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"locks-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
