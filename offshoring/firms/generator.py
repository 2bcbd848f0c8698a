"""Deterministic synthetic firm declarations, written by DuckDB (no Python row loops).

Calibrated on the published figures (:mod:`offshoring.firms.generator_sql`): with 1,200
firms declaring at the last month, sector employment there is near 148,500 and exports
over the last 12 months near 26.2 bn MAD. Each firm keeps its segment and region;
employees[t] = employees[t-1] + hires[t] - separations[t] holds exactly between
consecutive declarations, except in ``breaks`` rows where hires carry an extra 1..9
(residual = -extra). Those rows are returned by :func:`injected_breaks` and written next
to the output as ``<name>.breaks.csv`` (only breaks the rules can see: the firm declared
the month before).

Firms also come and go, as in real declarations: ``entries`` of the ``firms`` start after
the first month (hiring their first employees), ``exits`` more firms stop before the last
month, and ``gaps`` firms skip one month inside their span (rule firm.gap; the
aggregation carries them forward). Defaults: 5 %, 2 % and 10 % of ``firms``.

CLI: ``python -m offshoring.firms.generator OUT [--firms N --months M --end-period YYYY-MM
--breaks B --entries E --exits X --gaps G --seed S --fmt csv|parquet]``.
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from offshoring.firms.constants import COLUMNS
from offshoring.firms.generator_sql import break_rows, create_declarations

FORMATS = {"csv": "(format csv, header true)", "parquet": "(format parquet, compression zstd)"}
PERIOD_PATTERN = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
BREAK_COLUMNS = ("firm_id", "period", "expected", "actual", "residual")
# Default churn, as shares of `firms`: entering firms, exiting firms, firms with a gap.
ENTRY_SHARE, EXIT_SHARE, GAP_SHARE = 0.05, 0.02, 0.10


@dataclass(frozen=True)
class Plan:
    """What to generate (validated by :func:`plan`)."""

    firms: int
    months: int
    end_period: str
    breaks: int
    seed: int
    entries: int
    exits: int
    gaps: int


def plan(firms: int = 1200, months: int = 120, end_period: str = "2024-12", breaks: int = 0,
         seed: int = 42, entries: int | None = None, exits: int | None = None,
         gaps: int | None = None) -> Plan:
    """A validated :class:`Plan`; churn left as None takes the default shares."""
    if not (isinstance(firms, int) and firms > 0 and isinstance(months, int) and months > 1):
        raise ValueError("firms must be >= 1 and months >= 2")
    if not PERIOD_PATTERN.fullmatch(str(end_period)):
        raise ValueError(f"end_period {end_period!r} is not YYYY-MM")
    if not (isinstance(breaks, int) and 0 <= breaks <= firms * (months - 1)):
        raise ValueError("breaks must be between 0 and firms x (months - 1)")
    if not isinstance(seed, int):
        raise ValueError("seed must be an integer")
    entries = int(firms * ENTRY_SHARE) if entries is None else entries
    exits = int(firms * EXIT_SHARE) if exits is None else exits
    gaps = (int(firms * GAP_SHARE) if months > 2 else 0) if gaps is None else gaps
    for name, value, most in (("entries", entries, firms), ("exits", exits, firms),
                              ("gaps", gaps, firms - entries if months > 2 else 0)):
        if not (isinstance(value, int) and 0 <= value <= most):
            raise ValueError(f"{name} must be between 0 and {most}")
    return Plan(firms, months, str(end_period), breaks, seed, entries, exits, gaps)


def write_firm_declarations(path, firms: int = 1200, months: int = 120,
                            end_period: str = "2024-12", breaks: int = 0, seed: int = 42,
                            fmt: str = "csv", *, entries: int | None = None,
                            exits: int | None = None, gaps: int | None = None) -> Path:
    """Write the declarations of ``firms`` firms over ``months`` months to ``path`` (CSV or
    Parquet), firms entering, exiting and skipping months as described in the module.

    Deterministic for given arguments. Returns the path written; when ``breaks`` > 0 the
    injected identity breaks are also written to ``<path>.breaks.csv``.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {sorted(FORMATS)}")
    chosen = plan(firms, months, end_period, breaks, seed, entries, exits, gaps)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect()
    try:
        create_declarations(con, chosen)
        target = str(path).replace("'", "''")
        columns = ", ".join(COLUMNS)
        con.execute(f"copy (select {columns} from declarations order by firm_idx, k) "
                    f"to '{target}' {FORMATS[fmt]}")
        rows = break_rows(con)
    finally:
        con.close()
    sidecar = breaks_path(path)
    if rows:
        _write_breaks(sidecar, rows)
    elif sidecar.exists():
        sidecar.unlink()
    return path


def injected_breaks(firms: int = 1200, months: int = 120, end_period: str = "2024-12",
                    breaks: int = 0, seed: int = 42, *, entries: int | None = None,
                    exits: int | None = None, gaps: int | None = None) -> list[dict]:
    """The identity breaks :func:`write_firm_declarations` injects for these arguments."""
    con = _connect()
    try:
        create_declarations(con, plan(firms, months, end_period, breaks, seed, entries,
                                      exits, gaps))
        return break_rows(con)
    finally:
        con.close()


def _connect():
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    return con


def breaks_path(path: Path) -> Path:
    """Sidecar listing the injected breaks of a generated file."""
    path = Path(path)
    return path.with_name(path.name + ".breaks.csv")


def _write_breaks(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=BREAK_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Command line: write one synthetic declarations file and print its path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--firms", type=int, default=1200)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--end-period", default="2024-12")
    parser.add_argument("--breaks", type=int, default=0)
    for churn in ("entries", "exits", "gaps"):
        parser.add_argument(f"--{churn}", type=int, default=None)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--fmt", choices=sorted(FORMATS), default="csv")
    args = parser.parse_args(argv)
    written = write_firm_declarations(args.out, args.firms, args.months, args.end_period,
                                      args.breaks, args.seed, args.fmt, entries=args.entries,
                                      exits=args.exits, gaps=args.gaps)
    print(written)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
