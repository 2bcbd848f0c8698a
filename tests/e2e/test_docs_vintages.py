"""Every SQL block of docs/vintages.md runs against the scenario warehouse."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from tests.support.warehouses import build_scenario_warehouse

DOC = Path(__file__).resolve().parents[2] / "docs" / "vintages.md"
BLOCKS = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    settings = build_scenario_warehouse(tmp_path_factory.mktemp("docs"))
    connection = duckdb.connect(str(settings.db_path), read_only=True)
    yield connection
    connection.close()


def test_the_doc_has_examples():
    assert len(BLOCKS) == 5


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_doc_sql_block_runs(con, index):
    assert con.execute(BLOCKS[index]).fetchall()


def test_doc_as_of_example_says_what_the_text_says(con):
    assert con.execute(BLOCKS[1]).fetchall() == [("2023", 18e9, "final", 1),
                                                  ("2024-Q3", 2.8e9, "provisional", 1)]
    assert con.execute(BLOCKS[3]).fetchall() == [("2023", 18e9, 26.17e9, 2, 1, 0.0, 0.0),
                                                 ("2024-Q3", 2.8e9, 2.814e9, 2, 0, 14e6, 0.005)]
