"""Property: whatever lands in landing/ (random bytes, random CSV and JSON shapes, random
names, not always UTF-8), a run never raises, and after it every file is loaded (its bytes
in archive/), rejected and kept (in quarantine/) or still in landing/; meta.loads agrees
with the archive and the quarantine; the marts link points to a complete version."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offshoring.pipeline import DUPLICATE, LOADED, REJECTED, run_pipeline

from .conftest import marts_complete

COLUMNS = ["indicator", "period", "segment", "region", "value", "unit", "source",
           "published_on", "status", "série", "valeur", "colour", ""]
CELLS = {
    "indicator": ["jobs", "net_jobs", "exports_mad", "companies", "Emplois", "jobz"],
    "period": ["2025", "2026", "2025-Q2", "T3 2025", "2025-S1", "2025-13", "S3 2024"],
    "segment": ["ALL", "ITO", "CRM", "Pétrole"],
    "region": ["MA", "MA-06", "Casablanca-Settat", "MA-13"],
    "value": ["160 000", "1", "26,2", "-3", "1e400", "abc", "1 234,5"],
    "unit": ["emplois", "MDH", "Mds DH", "litres", ""],
    "source": ["MTNRA", "ODC", "<b>Nouvel éditeur</b>", "x" * 120],
    "published_on": ["2026-03-14", "14/03/2025", "2999-01-01", "hier"],
}
SUFFIXES = [".csv", ".json", ".xlsx", ".txt", "", ".CSV", ".part", ".bin"]  # random bytes
EXAMPLES = settings(max_examples=15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

text_names = st.text(st.characters(exclude_characters="/\x00", exclude_categories=["Cs"]),
                     min_size=1, max_size=16)
byte_names = st.binary(min_size=1, max_size=12).map(
    lambda raw: os.fsdecode(raw.replace(b"/", b"_").replace(b"\x00", b"_")))
stems = st.one_of(text_names, byte_names)

cell = st.one_of(st.text(max_size=8), st.none())



@st.composite
def release_rows(draw) -> list[dict]:
    """Rows that look like a release: the release's columns (often all of them, in any
    order) with values right, wrong or odd."""
    full = st.permutations(list(CELLS))
    columns = draw(st.one_of(full, st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=10,
                                            unique=True)))
    value = st.sampled_from  # mostly a plausible value, sometimes anything
    return [{c: draw(value(CELLS.get(c, [""])) if draw(st.integers(0, 4)) else cell)
             for c in columns} for _ in range(draw(st.integers(0, 4)))]


def as_csv(rows: list[dict], delimiter: str, tidy: bool) -> bytes:
    columns = list(rows[0]) if rows else ["indicator"]
    if tidy:  # the csv module quotes what needs quoting
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(columns)
        writer.writerows([[r[c] if r[c] is not None else "" for c in columns] for r in rows])
        return buffer.getvalue().encode()
    lines = [delimiter.join(columns)] + [delimiter.join(str(r[c] or "") for c in columns)
                                         for r in rows]
    return "\n".join(lines).encode()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6),
                                                                      children, max_size=4),
    max_leaves=12)

def valid_release(value: int, year: str, delimiter: str) -> bytes:
    columns = ["indicator", "period", "segment", "region", "value", "unit", "source",
               "published_on"]
    row = ["jobs", year, "ALL", "MA", str(value), "emplois", "MTNRA", "2026-03-14"]
    return "\n".join(delimiter.join(line) for line in (columns, row)).encode() + b"\n"


# (suffix, bytes): a release (valid, or like one) under its suffix, or anything under any.
entries = st.one_of(
    st.tuples(st.just(".csv"), st.builds(valid_release, st.integers(150_000, 170_000),
                                         st.sampled_from(["2025", "2026"]),
                                         st.sampled_from([";", ","]))),
    st.tuples(st.sampled_from([".csv", ".txt"]),
              st.builds(as_csv, release_rows(), st.sampled_from([";", ","]), st.booleans())),
    st.tuples(st.just(".json"),
              release_rows().map(lambda rows: json.dumps(rows, ensure_ascii=False).encode())),
    st.tuples(st.just(".json"), st.one_of(
        json_values.map(lambda value: json.dumps(value).encode()),
        st.sampled_from([b'[{"indicator": "\\ud800"}]', b"[" * 5000 + b"]" * 5000]))),
    st.tuples(st.sampled_from(SUFFIXES), st.binary(max_size=2000)),
)
files = st.dictionaries(stems, entries, min_size=1, max_size=4).map(
    lambda found: {stem + suffix: data for stem, (suffix, data) in found.items()
                   if stem + suffix not in (".", "..") and len(os.fsencode(stem + suffix)) < 200})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _meta_loads(settings) -> list[tuple]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute("select file_sha256, status, stored_path from meta.loads").fetchall()
    finally:
        con.close()


def _stored(folder: Path) -> dict[str, str]:
    """name -> sha256 of every file kept in archive/ or quarantine/."""
    return {p.name: sha256(p.read_bytes()) for p in folder.iterdir()} if folder.is_dir() \
        else {}


@pytest.fixture
def duplicates() -> set[str]:
    """Checksums of files found to repeat loaded content, over the examples of one test
    (they share its warehouse): archived, never recorded in meta.loads."""
    return set()


@given(files=files)
@EXAMPLES
def test_whatever_lands_is_loaded_kept_or_left(wh, duplicates, files):
    landing = wh.landing_dir
    landing.mkdir(parents=True, exist_ok=True)
    for left_over in landing.iterdir():  # files an earlier example left in landing/
        left_over.unlink()
    for name, data in files.items():
        (landing / name).write_bytes(data)

    summary = run_pipeline(wh, command="run")  # raises nothing, whatever the files

    archive, quarantine = _stored(wh.archive_dir), _stored(wh.quarantine_dir)
    for name, data in files.items():
        left = (landing / name).exists() and (landing / name).read_bytes() == data
        assert left or sha256(data) in {*archive.values(), *quarantine.values()}, name
    for outcome in summary.outcomes:
        assert "\n" not in outcome.line and "\r" not in outcome.line
        if outcome.status == LOADED:
            assert outcome.sha256 in archive.values()
        elif outcome.status == REJECTED and outcome.stored_path:
            assert outcome.sha256 in quarantine.values()
    # meta.loads agrees with the kept files: each row's bytes are where it says, under their
    # checksum; a kept file without a row is a duplicate of loaded content.
    recorded = _meta_loads(wh)
    for file_sha, status, stored_path in recorded:
        folder, name = stored_path.split("/")
        assert folder == ("archive" if status == LOADED else "quarantine")
        assert {"archive": archive, "quarantine": quarantine}[folder][name] == file_sha
        assert name.startswith(file_sha)
    duplicates.update(o.sha256 for o in summary.outcomes if o.status == DUPLICATE)
    assert set(quarantine.values()) <= {row[0] for row in recorded}
    assert set(archive.values()) <= {row[0] for row in recorded} | duplicates
    assert marts_complete(wh)
