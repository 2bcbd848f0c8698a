"""``python -m bench.run``: every benchmark of the project, then the target table.

``--only NAME`` runs one of them (locks, service, perfile, dbt, firms); other options go
to the firm declarations benchmark (``python -m bench.run --only firms --sizes 1M``).
Without ``--only``, the last lines are every row of the targets of issue 13 against its
target (bench/README.md): the service and CLI rows from ``bench/service.py``, the
dbt-duckdb peer when it is installed.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench import RESULTS_DIR, compile_project, dbt_peer, firms, locks, perfile, service


def run_service(argv: list[str]) -> list[tuple[str, str, str, str]]:
    """Run bench/service.py and read its table from its latest results file."""
    service.main(argv)
    latest = max(RESULTS_DIR.glob("service-*.json"), key=lambda p: p.stat().st_mtime)
    table = json.loads(latest.read_text(encoding="utf-8")).get("table", [])
    return [(row["measure"], f"{row['seconds']:.2f} s", f"<= {row['target_s']:g} s",
             "met" if row["met"] else "missed") for row in table]


def run_locks(argv: list[str]) -> list:
    locks.main(argv)
    return []


def run_perfile(argv: list[str]) -> list:
    label, value, verdict = perfile.row(perfile.main(argv))
    return [(label, value, f"<= {perfile.TARGET_RATIO:g}x", verdict)]


def run_dbt(argv: list[str]) -> list:
    return [(label, value, "-", verdict) for label, value, verdict in
            dbt_peer.rows(dbt_peer.main(argv))]


def run_firms(argv: list[str]) -> list:
    return firms.rows(firms.main(argv))


# Quick ones first; each returns its rows of the target table.
BENCHMARKS = {"locks": run_locks, "service": run_service, "perfile": run_perfile,
              "dbt": run_dbt, "firms": run_firms}


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    """The target table: measure, measured value, target, verdict."""
    head = ("measure", "measured", "target", "verdict")
    widths = [max(len(str(r[i])) for r in (head, *rows)) for i in range(4)]
    print("\n" + "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks with the given command-line options."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--only", choices=sorted(BENCHMARKS))
    args, rest = parser.parse_known_args(argv)
    names = [args.only] if args.only else list(BENCHMARKS)
    compile_project()
    rows: list = []
    for name in names:
        rows += BENCHMARKS[name](rest if name == "firms" else [])
    if rows:
        print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
