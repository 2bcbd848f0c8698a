"""One CLI command, two checkouts, in alternation: an A/B that a noisy machine cannot skew.

``python -m bench.ab REV [--command validate|ingest] [--runs N]``

REV (a commit, branch or tag of this repository) is checked out in a temporary git
worktree: side A. This checkout is side B. Each round runs the command once on each
side, in a fresh process whose ``PYTHONPATH`` is that side's checkout, on a one-row
release with a new value, against one warehouse used before (loaded once by A, with a
warm Prefect home). The order alternates from round to round, so that a slow minute
weighs on both. Prints each side's median and range and B / A; writes
``bench/results/ab-<time>.json``. The sides share this virtual environment: REV must run
on the same dependencies.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import PROJECT_PACKAGES, PROJECT_ROOT, RESULTS_DIR, compile_project
from bench.service import _cli, _env, _release, _timed

RUNS = 6
COMMANDS = ("validate", "ingest")


def round_order(round_number: int) -> tuple[str, str]:
    """The sides' order in one round: A first in even rounds, B first in odd ones."""
    return ("A", "B") if round_number % 2 == 0 else ("B", "A")


def summary(walls: dict[str, list[float]]) -> dict:
    """Each side's median and range, and the ratio of the medians (B / A)."""
    sides = {side: {"median_s": statistics.median(runs), "min_s": min(runs),
                    "max_s": max(runs), "runs_s": runs} for side, runs in walls.items()}
    return {"sides": sides, "b_over_a": sides["B"]["median_s"] / sides["A"]["median_s"]}


def measure(checkouts: dict[str, Path], command: str, runs: int, work: Path) -> dict:
    """``runs`` rounds of ``command`` on both sides; wall seconds per side."""
    home, warehouse = work / "prefect-home", work / "warehouse"
    release_number = iter(range(1, 900))  # bench.service._release: a new value each time

    def run(side: str, subcommand: str) -> float:
        env = {**_env(home), "PYTHONPATH": str(checkouts[side])}
        release = _release(work / "in", next(release_number))
        return _timed(_cli(subcommand, "--warehouse", str(warehouse), str(release)), env)

    run("A", "ingest")  # the warehouse's first load, the Prefect home warmed
    walls: dict[str, list[float]] = {"A": [], "B": []}
    for number in range(runs):
        for side in round_order(number):
            walls[side].append(run(side, command))
            print(f"ab  {command} {side}: {walls[side][-1]:6.2f} s", flush=True)
    return walls


def _worktree(rev: str, folder: Path) -> Path:
    """REV checked out in ``folder``, its packages compiled like this checkout's."""
    subprocess.run(["git", "-C", str(PROJECT_ROOT), "worktree", "add", "--detach",
                    str(folder), rev], check=True, capture_output=True, text=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q",
                    *(str(folder / name) for name in PROJECT_PACKAGES)], check=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ab")
    parser.add_argument("rev", help="the commit, branch or tag of side A")
    parser.add_argument("--command", choices=COMMANDS, default="validate")
    parser.add_argument("--runs", type=int, default=RUNS, help="rounds (one run per side)")
    args = parser.parse_args(argv)
    compile_project()
    with tempfile.TemporaryDirectory(prefix="offshoring-bench-ab-") as tmp:
        work = Path(tmp)
        checkouts = {"A": work / "a", "B": PROJECT_ROOT}
        try:
            _worktree(args.rev, checkouts["A"])
            walls = measure(checkouts, args.command, args.runs, work)
        finally:
            subprocess.run(["git", "-C", str(PROJECT_ROOT), "worktree", "remove", "--force",
                            str(checkouts["A"])], check=False, capture_output=True)
    results = {"rev": args.rev, "command": args.command, **summary(walls)}
    for side, label in (("A", args.rev), ("B", "this checkout")):
        got = results["sides"][side]
        print(f"{side} ({label}): median {got['median_s']:.2f} s "
              f"({got['min_s']:.2f}-{got['max_s']:.2f})")
    print(f"B / A: {results['b_over_a']:.2f}x")
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"ab-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
