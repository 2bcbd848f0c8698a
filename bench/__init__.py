"""Benchmarks (``python -m bench.run``): timings as ratios, never tests (bench/README.md)."""

from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"  # bench/results/<benchmark>-<time>.json (git-ignored)
