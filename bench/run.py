"""``python -m bench.run``: every benchmark of the project (today: firm declarations)."""

from __future__ import annotations

import sys

from bench import firms


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks with the given command-line options."""
    return firms.main(argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
