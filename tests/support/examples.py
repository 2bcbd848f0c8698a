"""The worked examples of docs/methodology.md, read from the page itself.

Each example is a ```yaml block whose first line is ``# example: <name>``::

    cli: true            # also run through the command line (tests/e2e)
    releases:            # files loaded in order; the last one is the file being judged
      - file: a.csv      # optional name (default release_<n>.csv)
        csv: |           # the file as a publisher sends it (';'-separated)
          indicator;period;segment;region;value;unit;source;published_on
          jobs;2024;ALL;MA;148 500;emplois;MTNRA;2025-03-14
    firms: |             # or: one firm declarations file (CSV)
      firm_id,period,...
    expect:
      outcome: loaded | rejected         # of the last file
      rules: {rule_id: passed | failed}  # the last file's results
      failing: {rule_id: [keys]}         # 'jobs 2024-Q1 ALL MA' (FailingRow.key())
      <mart>: [{column: value, ...}]     # rows of the mart (matched on its key columns)

The unit tier runs them all on the real layers in memory (tests/unit/test_methodology.py),
the e2e tier those marked ``cli: true`` through the command line and the Parquet marts
(tests/e2e/test_methodology_cli.py).
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "methodology.md"
BLOCK = re.compile(r"```yaml\n# example: ([a-z0-9_]+)\n(.*?)```", re.S)
# Columns identifying a row of each mart the examples check.
MART_KEYS = {
    "progress_2030": ("indicator", "segment", "region"),
    "trajectory": ("indicator", "segment", "region", "year"),
    "indicator_timeseries": ("indicator", "frequency", "period", "segment", "region", "source"),
    "revisions": ("indicator", "frequency", "period", "segment", "region", "source"),
    "segment_mix": ("indicator", "year", "segment"),
    "regional_breakdown": ("indicator", "year", "region"),
    "firm_dynamics": ("frequency", "period", "segment", "region"),
}
RESULT_KEYS = ("outcome", "rules", "failing")


def examples(doc: Path = DOC) -> dict[str, dict]:
    """name -> example, in the order of the page."""
    found = {}
    for name, body in BLOCK.findall(doc.read_text(encoding="utf-8")):
        assert name not in found, f"example {name} twice in {doc.name}"
        found[name] = yaml.safe_load(body)
    return found


def releases(example: dict) -> list[tuple[str, list[dict]]]:
    """(file name, rows as dicts of text) of each release, in order."""
    out = []
    for n, release in enumerate(example.get("releases", []), 1):
        text = release["csv"]
        rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
        out.append((release.get("file", f"release_{n}.csv"), rows))
    return out


def write_files(example: dict, folder: Path) -> list[Path]:
    """The example's files, as a publisher would send them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, release in enumerate(example.get("releases", []), 1):
        path = folder / release.get("file", f"release_{n}.csv")
        path.write_text(release["csv"], encoding="utf-8")
        paths.append(path)
    if "firms" in example:
        path = folder / "declarations.csv"
        path.write_text(example["firms"], encoding="utf-8")
        paths.append(path)
    return paths


def mart_expectations(example: dict) -> dict[str, list[dict]]:
    return {k: v for k, v in example["expect"].items() if k not in RESULT_KEYS}


def same(expected, actual) -> bool:
    """Equal; a number to the decimals it is written with (0.0849 = round(actual, 4))."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, bool) or not isinstance(expected, int | float):
        return str(expected) == str(actual)
    if isinstance(actual, str) or (isinstance(actual, float) and math.isnan(actual)):
        return False
    text = repr(float(expected))
    decimals = 0 if float(expected).is_integer() else len(text.split(".")[1])
    return round(float(actual), decimals) == float(expected)


def check_marts(example: dict, fetch) -> None:
    """Every expected mart row against ``fetch(mart) -> list[dict]``."""
    for mart, rows in mart_expectations(example).items():
        got = fetch(mart)
        for expected in rows:
            keys = [k for k in MART_KEYS[mart] if k in expected]
            matches = [r for r in got if all(same(expected[k], r[k]) for k in keys)]
            assert len(matches) == 1, (mart, {k: expected[k] for k in keys}, len(matches))
            differ = {k: (v, matches[0][k]) for k, v in expected.items()
                      if not same(v, matches[0][k])}
            assert not differ, (mart, differ)
