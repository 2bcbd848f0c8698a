"""The worked examples of docs/methodology.md on the real layers, in memory: earlier
releases loaded, the last file judged by the rules (and loaded unless rejected), then
the exact figures of the marts the example names (tests/support/examples.py)."""

from __future__ import annotations

import pytest

from offshoring import quality
from offshoring.firms import aggregate_firm_declarations, stage_firm_file
from tests.support import examples
from tests.support.layers import append_release, load_release, stage_release

EXAMPLES = examples.examples()


def _judge_release(con, settings, name: str, rows: list[dict]):
    load_id = stage_release(con, rows)
    outcome = quality.validate(con, load_id, settings)
    if not outcome.rejected:
        append_release(con, settings, load_id, file_name=name)
    return outcome


def _judge_firms(con, settings, path):
    load_id = con.execute("select coalesce(max(load_id), 0) + 1 from meta.loads").fetchone()[0]
    stage_firm_file(con, path, load_id)
    outcome = quality.validate(con, load_id, settings, quality.FIRM_DECLARATIONS)
    if not outcome.rejected:
        aggregate_firm_declarations(con, load_id, settings)
        con.execute("insert into meta.loads (load_id, run_id, kind, file_name, file_sha256, "
                    "size_bytes, stored_path, received_at, status) values (?, 'test-run', "
                    "'firm_declarations', ?, 'f1', 0, 'archive/f1.csv', current_timestamp, "
                    "'loaded')", [load_id, path.name])
    return outcome


def _rows(con, mart: str) -> list[dict]:
    result = con.execute(f"select * from marts.{mart}")
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def test_the_page_has_the_examples():
    assert len(EXAMPLES) >= 20
    for name, example in EXAMPLES.items():
        assert example["expect"], name


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_worked_example(con, settings, tmp_path, name):
    example = EXAMPLES[name]
    files = examples.releases(example)
    for file_name, rows in files[:-1]:
        load_release(con, settings, rows, file_name=file_name)
    if "firms" in example:
        (path,) = examples.write_files({"firms": example["firms"]}, tmp_path)
        outcome = _judge_firms(con, settings, path)
    else:
        outcome = _judge_release(con, settings, *files[-1])
    expect = example["expect"]
    if "outcome" in expect:
        assert ("rejected" if outcome.rejected else "loaded") == expect["outcome"]
    results = {r.rule_id: r for r in outcome.results}
    for rule_id, status in expect.get("rules", {}).items():
        assert results[rule_id].status == status, (rule_id, results[rule_id].observed)
    for rule_id, keys in expect.get("failing", {}).items():
        assert [f.key() for f in results[rule_id].failing] == keys, rule_id
    examples.check_marts(example, lambda mart: _rows(con, mart))
