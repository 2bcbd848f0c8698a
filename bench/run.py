"""``python -m bench.run``: every benchmark of the project.

``--only locks``, ``--only service`` or ``--only firms`` runs one; other options go to the
firm declarations benchmark (``python -m bench.run --sizes 1M --runs 3``).
"""

from __future__ import annotations

import argparse
import sys

from bench import firms, locks, service

# quick ones first; service.table_rows(results) gives its rows for a summary table
BENCHMARKS = {"locks": locks.main, "service": service.main, "firms": firms.main}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks with the given command-line options."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--only", choices=sorted(BENCHMARKS))
    args, rest = parser.parse_known_args(argv)
    names = [args.only] if args.only else list(BENCHMARKS)
    for name in names:
        code = BENCHMARKS[name](rest if name == "firms" else [])
        if code:
            return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
