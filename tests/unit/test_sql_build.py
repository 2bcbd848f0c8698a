"""The warehouse builder (offshoring.warehouse): one object per file, the order derived from
what each file reads, seeds as ref tables, and core as views that need no rebuild."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pytest

from offshoring import warehouse
from offshoring.warehouse import SqlLayoutError, build, plan, sql_text

# Every object of the real sql/ folder, in build order: the seeds, the macros (they read
# ref.frequencies), then the objects.
REAL_BUILD = [
    "ref.frequencies", "ref.indicators", "ref.months", "ref.objectives", "ref.parameters",
    "ref.regions", "ref.release_calendar", "ref.segments", "ref.sources", "ref.units",
    "lookup_key", "fr_number", "parse_period", "fr_date", "release_status", "fr_bool",
    "ref.region_keys", "ref.segment_keys", "ref.source_keys",
    "raw.firm_declarations", "raw.release_rows",
    "meta.load_id_seq", "meta.loads", "meta.runs",
    "quality.check_results", "quality.failing_rows",
    "staging.stg_firm_declarations", "staging.stg_release_rows",
    "core.firm_dynamics", "core.release_values", "core.observations", "core.current",
    "core.indicators_as_of", "core.preferred", "core.annual", "core.breakdown",
    "core.series_breaks", "core.annual_linked", "core.observation_window",
    "marts.data_quality", "marts.firm_dynamics", "marts.indicator_timeseries",
    "marts.progress_2030", "marts.regional_breakdown", "marts.revisions", "marts.segment_mix",
    "marts.trajectory",
    "stats.annual_series", "stats.jobs_to_create", "stats.objectives_status",
]


def project(tmp_path: Path, settings, files: dict[str, str], seeds: dict[str, str] | None = None):
    """Settings on a tiny project: sql/<path> files and seeds/<name>.csv."""
    for relative, text in files.items():
        path = tmp_path / "sql" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "seeds").mkdir(exist_ok=True)
    for name, text in (seeds or {}).items():
        (tmp_path / "seeds" / f"{name}.csv").write_text(text, encoding="utf-8")
    return settings.with_overrides(project_root=tmp_path)


def names(settings) -> list[str]:
    return [obj.qualified for obj in plan(settings)]


# --- order -----------------------------------------------------------------------------
def test_order_comes_from_dependencies_not_file_names(tmp_path, settings):
    tiny = project(tmp_path, settings, {
        "marts/a_trajectory.sql": "create or replace view marts.a_trajectory as "
                                  "select x + 1 as x from marts.z_progress",
        "marts/z_progress.sql": "create or replace view marts.z_progress as "
                                "select x from core.b_values",
        "core/b_values.sql": "create or replace view core.b_values as select x from raw.c_rows",
        "raw/c_rows.sql": "create table if not exists raw.c_rows (x integer)",
    })
    assert names(tiny) == ["ref.parameters", "raw.c_rows", "core.b_values", "marts.z_progress",
                           "marts.a_trajectory"]
    con = duckdb.connect()
    assert build(con, tiny) == names(tiny)
    con.execute("insert into raw.c_rows values (41)")
    assert con.execute("select x from marts.a_trajectory").fetchall() == [(42,)]


def test_ties_follow_the_schema_order_then_the_name(tmp_path, settings):
    tiny = project(tmp_path, settings, {
        "stats/a.sql": "create or replace view stats.a as select 1 as x",
        "meta/b.sql": "create table if not exists meta.b (x integer)",
        "meta/a.sql": "create table if not exists meta.a (x integer)",
        "raw/z.sql": "create table if not exists raw.z (x integer)",
        "quality/c.sql": "create table if not exists quality.c (x integer)",
    }, seeds={"colours": "code\nred\n"})
    assert names(tiny) == ["ref.colours", "ref.parameters", "raw.z", "meta.a", "meta.b",
                           "quality.c", "stats.a"]


def test_references_in_comments_and_strings_are_not_dependencies(tmp_path, settings):
    tiny = project(tmp_path, settings, {
        "core/a.sql": "-- reads core.b? no: see marts.md\n"
                      "/* core.b */ create or replace view core.a as select 'core.b' as note",
        "core/b.sql": "create or replace view core.b as select note from core.a",
    })
    assert names(tiny) == ["ref.parameters", "core.a", "core.b"]


def test_a_cycle_is_one_line_naming_it(tmp_path, settings):
    tiny = project(tmp_path, settings, {
        "core/a.sql": "create or replace view core.a as select * from core.b",
        "core/b.sql": "create or replace view core.b as select * from core.c",
        "core/c.sql": "create or replace view core.c as select * from core.a",
        "core/d.sql": "create or replace view core.d as select 1 as x",
    })
    with pytest.raises(SqlLayoutError) as err:
        plan(tiny)
    assert str(err.value) == ("SQL objects read each other in a cycle: core.a -> core.b -> "
                              "core.c -> core.a (sql/core/a.sql, sql/core/b.sql, sql/core/c.sql)")


def test_reading_an_unknown_object_is_an_error(tmp_path, settings):
    tiny = project(tmp_path, settings, {
        "marts/a.sql": "create or replace view marts.a as select * from core.missing",
    })
    with pytest.raises(SqlLayoutError) as err:
        plan(tiny)
    assert str(err.value) == ("sql/marts/a.sql: reads core.missing, which no file of sql/ "
                              "creates and no seed provides")


# --- one object per file ---------------------------------------------------------------
@pytest.mark.parametrize(("text", "message"), [
    ("create or replace view core.other as select 1 as x",
     "sql/core/a.sql: creates core.other, not core.a; the folder is the schema and the file "
     "name the object"),
    ("create or replace view a as select 1 as x",
     "sql/core/a.sql: creates a, not core.a; the folder is the schema and the file name the "
     "object"),
    ("create or replace view core.a as select 1 as x;\n"
     "create or replace view core.b as select 2 as x;",
     "sql/core/a.sql: creates 2 objects (core.a, core.b); a file creates exactly one, core.a"),
    ("select 1 as x",
     "sql/core/a.sql: creates 0 objects (nothing); a file creates exactly one, core.a"),
    ("create schema if not exists core",
     "sql/core/a.sql: creates schema core; schemas are the folders of sql/, created by the "
     "build"),
    ("create view core.a as select 1 as x",
     "sql/core/a.sql: `create view` needs `or replace` or `if not exists`: the build runs at "
     "every start"),
    ("create or replace temp table core.a as select 1 as x",
     "sql/core/a.sql: creates a temporary object; the warehouse's objects are persistent"),
])
def test_a_file_breaking_the_layout_gives_its_error(tmp_path, settings, text, message):
    tiny = project(tmp_path, settings, {"core/a.sql": text})
    with pytest.raises(SqlLayoutError) as err:
        plan(tiny)
    assert str(err.value) == message


def test_files_that_are_not_objects_are_not_built(tmp_path, settings):
    tiny = project(tmp_path, settings, {
        "quality/format.value_parses.sql": "select 1 as x from core.nowhere",
        "quality/_prepare.sql": "create or replace temp table a as select 1 as x;\n"
                                "create or replace temp table b as select 2 as x;",
        "quality/Upper.sql": "create or replace view quality.upper as select 1 as x",
        "quality/log.sql": "create table if not exists quality.log (x integer)",
        "firms/checks.sql": "create table t1 (x integer); create table t2 (x integer);",
        "pipeline/insert_run.sql": "insert into meta.runs values (1)",
        "core/notes.txt": "create table core.notes (x integer)",
    })
    assert names(tiny) == ["ref.parameters", "quality.log"]
    con = duckdb.connect()
    build(con, tiny)
    assert con.execute("select table_schema, table_name from information_schema.tables "
                       "order by all").fetchall() == [("quality", "log"), ("ref", "parameters")]


# --- seeds -------------------------------------------------------------------------------
def test_every_seed_csv_becomes_a_ref_table(tmp_path, settings):
    tiny = project(tmp_path, settings, {
        "ref/colour_keys.sql": "create or replace view ref.colour_keys as "
                               "select lower(code) as k from ref.colours",
    }, seeds={"colours": "code,weight\nRED,1.5\nBLUE,2\n", "shapes": "name\nsquare\n",
              "not.a_table": "x\n1\n"})
    assert names(tiny) == ["ref.colours", "ref.colour_keys", "ref.parameters", "ref.shapes"]
    con = duckdb.connect()
    build(con, tiny)
    assert con.execute("select * from ref.colours order by code").fetchall() == [
        ("BLUE", 2.0), ("RED", 1.5)]
    assert con.execute("select k from ref.colour_keys order by k").fetchall() == [
        ("blue",), ("red",)]
    assert con.execute("select * from ref.shapes").fetchall() == [("square",)]
    assert con.execute("select * from ref.parameters order by name").fetchall() == [
        ("cagr_window_years", 5.0), ("min_years_observed", 2.0),
        ("projection_acceleration", 0.1),
        ("projection_on_track", 0.95), ("status_acceleration", 0.6), ("status_on_track", 0.95)]


def test_the_real_seeds_are_all_loaded(con, settings):
    for path in sorted(settings.seeds_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            expected = sum(1 for _ in csv.DictReader(handle))
        got = con.execute(f"select count(*) from ref.{path.stem}").fetchall()[0][0]
        assert (path.stem, got) == (path.stem, expected)


# --- the real sql/ folder ----------------------------------------------------------------
def test_the_real_build_creates_exactly_the_expected_objects(settings):
    con = duckdb.connect()
    assert build(con, settings) == REAL_BUILD
    assert build(con, settings) == REAL_BUILD  # idempotent: a second build changes nothing
    found = con.execute("""
        select schema_name || '.' || table_name from duckdb_tables() where not internal
        union all
        select schema_name || '.' || view_name from duckdb_views() where not internal
        union all
        select schema_name || '.' || sequence_name from duckdb_sequences()
        union all
        select distinct schema_name || '.' || function_name from duckdb_functions()
        where not internal and function_type in ('macro', 'table_macro')
        """).fetchall()
    qualified = {name.removeprefix("main.") for (name,) in found}
    assert qualified == set(REAL_BUILD)


def test_an_older_warehouse_with_a_core_observations_table_upgrades(settings):
    con = duckdb.connect()
    con.execute("create schema core")
    con.execute("create table core.observations as select 1 as stale")
    build(con, settings)
    kinds = con.execute("select table_type from information_schema.tables "
                        "where table_schema = 'core' and table_name = 'observations'").fetchall()
    assert kinds == [("VIEW",)]


def test_an_older_warehouse_with_lookup_views_upgrades_to_tables(settings):
    """ref.*_keys were views; they are tables rebuilt at each build, same rows."""
    con = duckdb.connect()
    build(con, settings)
    keys = con.execute("select code, k from ref.segment_keys order by all").fetchall()
    con.execute("drop table ref.segment_keys")
    con.execute("create view ref.segment_keys as select 'stale' as code, 'stale' as k")
    build(con, settings)
    kinds = con.execute("select table_name, table_type from information_schema.tables "
                        "where table_schema = 'ref' and table_name like '%_keys' "
                        "order by all").fetchall()
    assert kinds == [("region_keys", "BASE TABLE"), ("segment_keys", "BASE TABLE"),
                     ("source_keys", "BASE TABLE")]
    assert con.execute("select code, k from ref.segment_keys order by all").fetchall() == keys
    assert ("ITO", "ito") in keys and len(keys) == len(set(keys))


# --- core: views over the loaded values ----------------------------------------------------
def _load(con, load_id: int, value: float, published_on: str) -> None:
    con.execute("insert into meta.loads (load_id, run_id, kind, file_name, file_sha256, "
                "size_bytes, stored_path, received_at, status) values "
                "(?, 'r', 'release', ?, ?, 1, 'x', timestamp '2025-01-01', 'loaded')",
                [load_id, f"f{load_id}.csv", f"sha{load_id}"])
    con.execute("insert into core.release_values values (?, 'jobs', 'A', '2024', "
                "date '2024-01-01', date '2024-12-31', 'ALL', 'MA', 'MTNRA', ?, 'jobs', "
                "'final', ?, false)", [load_id, value, dt.date.fromisoformat(published_on)])


def test_core_reflects_a_new_value_without_any_rebuild(con):
    vintages = ("select value, valid_from, valid_to, vintage_no, file_name "
                "from core.observations order by vintage_no")
    _load(con, 1, 148000.0, "2025-02-14")
    assert con.execute(vintages).fetchall() == [
        (148000.0, dt.date(2025, 2, 14), None, 1, "f1.csv")]
    _load(con, 2, 148500.0, "2025-03-14")  # a revision: the first vintage closes
    assert con.execute(vintages).fetchall() == [
        (148000.0, dt.date(2025, 2, 14), dt.date(2025, 3, 13), 1, "f1.csv"),
        (148500.0, dt.date(2025, 3, 14), None, 2, "f2.csv")]
    assert con.execute("select value, published_on from core.current").fetchall() == [
        (148500.0, dt.date(2025, 3, 14))]
    assert con.execute("select year, value from core.annual").fetchall() == [(2024, 148500.0)]


def test_core_current_as_of_a_date(con):
    _load(con, 1, 148000.0, "2025-02-14")
    _load(con, 2, 148500.0, "2025-03-14")
    current = "select value, valid_to from core.current"
    con.execute("set variable as_of_date = date '2025-03-01'")
    assert con.execute(current).fetchall() == [(148000.0, dt.date(2025, 3, 13))]
    con.execute("set variable as_of_date = date '2025-01-01'")
    assert con.execute(current).fetchall() == []
    con.execute("reset variable as_of_date")
    assert con.execute(current).fetchall() == [(148500.0, None)]


def _vintage(con, load_id: int, period: str, value: float, published_on: str,
             series_break: bool) -> None:
    con.execute("insert into meta.loads (load_id, run_id, kind, file_name, file_sha256, "
                "size_bytes, stored_path, received_at, status) values "
                "(?, 'r', 'release', ?, ?, 1, 'x', timestamp '2025-01-01', 'loaded')",
                [load_id, f"f{load_id}.csv", f"sha{load_id}"])
    con.execute("insert into core.release_values select ?, 'jobs', 'A', ?, "
                "make_date(cast(? as integer), 1, 1), make_date(cast(? as integer), 12, 31), "
                "'ALL', 'MA', 'MTNRA', ?, 'jobs', 'final', ?, ?",
                [load_id, period, period, period, value,
                 dt.date.fromisoformat(published_on), series_break])


def test_series_of_one_figure_and_of_several_side_by_side(con):
    """2021: one figure, flagged as a break; 2022: two loads the same day (the later
    wins); 2023: a figure repeated unchanged (no vintage), then revised."""
    for load_id, (period, value, day, brk) in enumerate([
            ("2021", 100.0, "2024-01-10", True),
            ("2022", 200.0, "2024-01-10", False), ("2022", 205.0, "2024-01-10", False),
            ("2023", 300.0, "2024-01-10", False), ("2023", 300.0, "2024-03-10", False),
            ("2023", 310.0, "2024-06-10", False)], 1):
        _vintage(con, load_id, period, value, day, brk)
    assert con.execute(
        "select period, value, series_break, valid_from, valid_to, vintage_no, load_id, "
        "file_name from core.observations order by period, vintage_no").fetchall() == [
        ("2021", 100.0, True, dt.date(2024, 1, 10), None, 1, 1, "f1.csv"),
        ("2022", 205.0, False, dt.date(2024, 1, 10), None, 1, 3, "f3.csv"),
        ("2023", 300.0, False, dt.date(2024, 1, 10), dt.date(2024, 6, 9), 1, 4, "f4.csv"),
        ("2023", 310.0, False, dt.date(2024, 6, 10), None, 2, 6, "f6.csv")]


def test_revisions_are_measured_from_the_last_break(con):
    """2021: no break; 2022: starts with a break; 2023: two breaks, then a revision."""
    for load_id, (period, value, day, brk) in enumerate([
            ("2021", 100.0, "2024-01-10", False), ("2021", 110.0, "2024-06-10", False),
            ("2022", 200.0, "2024-01-10", True), ("2022", 190.0, "2024-06-10", False),
            ("2023", 300.0, "2024-01-10", False), ("2023", 330.0, "2024-03-10", True),
            ("2023", 360.0, "2024-06-10", True), ("2023", 372.0, "2024-09-10", False)], 1):
        _vintage(con, load_id, period, value, day, brk)
    assert con.execute(
        "select period, first_value, latest_value, vintages, break_count, "
        "revision_base_value, revision_base_published_on, revisions_since_base, "
        "revision_abs, revision_rel from marts.revisions order by period").fetchall() == [
        ("2021", 100.0, 110.0, 2, 0, 100.0, dt.date(2024, 1, 10), 1, 10.0, 0.1),
        ("2022", 200.0, 190.0, 2, 1, 200.0, dt.date(2024, 1, 10), 1, -10.0, -0.05),
        ("2023", 300.0, 372.0, 4, 2, 360.0, dt.date(2024, 6, 10), 1, 12.0, 12.0 / 360.0)]
    assert con.execute(
        "select period, published_on, vintage_no, previous_value, value, "
        "previous_valid_from, file_name from core.series_breaks order by all").fetchall() == [
        ("2022", dt.date(2024, 1, 10), 1, None, 200.0, None, "f3.csv"),
        ("2023", dt.date(2024, 3, 10), 2, 300.0, 330.0, dt.date(2024, 1, 10), "f6.csv"),
        ("2023", dt.date(2024, 6, 10), 3, 330.0, 360.0, dt.date(2024, 3, 10), "f7.csv")]


# --- SQL run by Python ----------------------------------------------------------------------
def test_sql_text_reads_statements_not_objects(settings):
    assert sql_text(settings, "firms/aggregate.sql") == (
        settings.sql_dir / "firms" / "aggregate.sql").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="is a warehouse object"):
        sql_text(settings, "core/current.sql")
    with pytest.raises(ValueError, match="not a file under"):
        sql_text(settings, "../README.md")


def test_the_package_keeps_the_names_callers_import():
    for name in ("connect", "writer_lock", "WarehouseBusy", "build", "first_row", "sql_text"):
        assert hasattr(warehouse, name)
