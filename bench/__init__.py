"""Benchmarks (``python -m bench.run``): timings as ratios, never tests (bench/README.md)."""

import compileall
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"  # bench/results/<benchmark>-<time>.json (git-ignored)
PROJECT_PACKAGES = ("offshoring", "flows")


def compile_project() -> bool:
    """Write the project's bytecode, as a checkout has it after its first run: the CLI
    processes measured then read it instead of compiling the modules they import again
    (which they do each time where PYTHONDONTWRITEBYTECODE is set; the whole project
    compiles in about 0.25 s). True when all compiled."""
    return all(compileall.compile_dir(PROJECT_ROOT / name, quiet=1)
               for name in PROJECT_PACKAGES)
