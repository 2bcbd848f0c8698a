"""The command line as users call it: the installed `offshoring` script in a subprocess,
every command (`run`, `ingest`, `validate`, `status`, `quality`, `sample`, `serve`), with
`--warehouse DIR` before and after the command name, and every exit code:

0 ok · 1 unexpected error · 2 usage or configuration · 3 a file was rejected · 4 busy.

Every call runs with OFFSHORING_WAREHOUSE pointing at a decoy folder: a command that
ignored `--warehouse DIR` would create it, and each test checks it never exists.
"""

from __future__ import annotations

import hashlib
import json

import duckdb
import pytest

from offshoring import testhooks
from tests.support import cli
from tests.support.cli import assert_one_line_error, offshoring, with_warehouse
from tests.support.state import marts_state, warehouse_state
from tests.support.warehouses import copy_warehouse

SAMPLE = [("sample_annuel_national_2015_2024.csv", 29),
          ("sample_exports_ancien_perimetre_2015_2023.csv", 9),
          ("sample_exports_mensuel_2024.csv", 12),
          ("sample_exports_nouveau_perimetre_2023_2024.csv", 7),
          ("sample_regional_2023_2024.json", 52),
          ("sample_trimestriel_segments_2023_2024.xlsx", 144)]
SAMPLE_ORDER = [name for name, _ in SAMPLE]  # `sample` writes them in the order `run` loads
HEADER = "indicator;period;segment;region;value;unit;source;published_on\n"
GOOD = HEADER + "jobs;2025;ALL;MA;160 000;emplois;MTNRA;2026-03-14\n"
BAD = HEADER + "jobz;2024;ALL;MA;150000;emplois;MTNRA;2024-11-15\n"
REJECTED_BAD = "REJECTED bad.csv: format.known_codes (error): "
NOT_DUCKDB = ('offshoring: unexpected error: IOException: IO Error: The file "{db}" exists, but '
              "it is not a valid DuckDB database file! (OFFSHORING_DEBUG=1 shows the traceback)")
WRITER_BUSY = ("offshoring: the warehouse {wh} is busy: another run is writing; gave up after "
               "0 s (OFFSHORING_LOCK_TIMEOUT sets the wait)")
READER_BUSY = ("offshoring: the warehouse {wh} is busy: another process is writing; read the "
               "marts under {wh}/marts meanwhile, or retry")
BOTH_SIDES = pytest.mark.parametrize("where", ["before", "after"])


@pytest.fixture(scope="module")
def decoy(tmp_path_factory):
    """OFFSHORING_WAREHOUSE of every call: a folder that must never be created."""
    return tmp_path_factory.mktemp("decoy") / "warehouse"


@pytest.fixture(autouse=True)
def _decoy_untouched(decoy):
    yield
    assert not decoy.exists(), "a command ignored --warehouse DIR"


@pytest.fixture(scope="module")
def env(decoy, prefect_api):
    return cli.cli_env(None, prefect_api, OFFSHORING_WAREHOUSE=str(decoy))


@pytest.fixture(scope="module")
def ran(tmp_path_factory, env):
    """`offshoring --warehouse DIR run` on an empty folder (run once for the module)."""
    folder = tmp_path_factory.mktemp("cli-run")
    done = offshoring("--warehouse", str(folder / "warehouse"), "run", env=env)
    return folder / "warehouse", done


@pytest.fixture
def wh(ran, tmp_path):
    """A copy of the warehouse `run` loaded, for a test that changes it."""
    return copy_warehouse(cli_settings(ran[0]), tmp_path).warehouse_dir


def cli_settings(folder):
    from offshoring.settings import load_settings

    return load_settings(folder)


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- exit code 0 -----------------------------------------------------------------------
def test_run_loads_the_samples_into_the_warehouse_given_before_the_command(ran):
    folder, done = ran
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"Empty warehouse: wrote 6 sample releases to {folder / 'landing'}"
    loaded = [line for line in lines if line.startswith("LOADED ")]
    assert [line.split(" in ")[0] for line in loaded] == [
        f"LOADED {name}: {rows} rows as load {i}" for i, (name, rows) in enumerate(SAMPLE, 1)]
    assert "6 loaded, 0 rejected, 0 already loaded" in lines
    assert f"warehouse: {folder / 'offshoring.duckdb'}" in lines
    assert f"dashboard: {folder / 'report' / 'index.html'}" in lines
    progress = [line.split() for line in lines if line.startswith(("jobs ", "exports_mad "))]
    assert progress == [
        ["exports_mad", "ALL", "MA", "2024", "26", "220", "000", "000", "40", "000", "000",
         "000", "65.5%", "7.29%", "10.39%", "2019-2024", "linked", "1.425", "on_track"],
        ["jobs", "ALL", "MA", "2024", "148", "500", "270", "000", "55.0%", "10.48%", "4.35%",
         "2019-2024", "direct", "0.416", "limited_progress"]]
    assert sorted(p.name for p in (folder / "marts").iterdir()) == [
        "data_quality", "firm_dynamics", "indicator_timeseries",
        "indicator_timeseries.sdmx.csv", "indicator_timeseries.structure.xml", "progress_2030",
        "regional_breakdown",
        "revisions", "segment_mix", "trajectory"]


def test_status_reads_the_warehouse_given_on_either_side(ran, env, decoy):
    folder, _ = ran
    before = offshoring(*with_warehouse("before", folder, "status", "--json"), env=env)
    after = offshoring(*with_warehouse("after", folder, "status", "--json"), env=env)
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert before.stderr == after.stderr == ""
    assert before.stdout == after.stdout
    status = json.loads(before.stdout)
    assert (status["warehouse"], status["exists"]) == (str(folder), True)
    assert status["files"] == [{"status": "loaded", "files": 6, "rows": 253}]
    assert {"indicator": "jobs", "frequency": "A", "latest_period": "2024", "values": 34,
            "published_on": "2025-04-30"} in status["latest"]
    assert status["last_run"]["status"] == "completed"
    text = offshoring("status", "--warehouse", str(folder), env=env)
    assert text.returncode == 0 and text.stderr == ""
    assert text.stdout.splitlines()[:2] == [f"warehouse: {folder}", "files loaded: 6 (253 rows)"]
    # The value after the command name wins over the one before it; without the option,
    # OFFSHORING_WAREHOUSE (here the decoy) is used: it does not exist, so status says empty.
    both = offshoring("--warehouse", str(decoy.parent / "other"), "status", "--warehouse",
                      str(folder), "--json", env=env)
    assert json.loads(both.stdout)["warehouse"] == str(folder)
    plain = offshoring("status", env={**env, "OFFSHORING_WAREHOUSE": str(folder)})
    assert plain.stdout == text.stdout


def test_quality_reads_the_warehouse_given_on_either_side(ran, env):
    folder, _ = ran
    before = offshoring(*with_warehouse("before", folder, "quality", "--json"), env=env)
    after = offshoring(*with_warehouse("after", folder, "quality", "--json"), env=env)
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    assert before.stderr == after.stderr == "" and before.stdout == after.stdout
    rows = json.loads(before.stdout)
    con = duckdb.connect(str(folder / "offshoring.duckdb"), read_only=True)
    logged = dict(con.execute("select load_id, count(*) from quality.check_results "
                              "group by all").fetchall())
    con.close()
    by_load: dict[int, set] = {}
    for row in rows:
        by_load.setdefault(row["load_id"], set()).add(row["rule_id"])
    assert {load: len(rules) for load, rules in by_load.items()} == logged
    assert sorted({(r["load_id"], r["file_name"]) for r in rows}) == [
        (i, name) for i, (name, _) in enumerate(SAMPLE, 1)]
    assert len({frozenset(rules) for rules in by_load.values()}) == 1  # same rules for all
    assert {"format.known_codes", "identity.stock_flow"} <= by_load[1]
    assert {(r["status"], r["failing_rows"], r["load_status"]) for r in rows} == {
        ("passed", 0, "loaded")}
    text = offshoring("quality", "--warehouse", str(folder), env=env)
    assert text.returncode == 0 and text.stderr == ""
    assert len(text.stdout.splitlines()) == len(rows)
    assert all(line.startswith("PASSED  ") for line in text.stdout.splitlines())


@BOTH_SIDES
def test_validate_checks_files_without_loading_them(wh, env, tmp_path, where):
    settings = cli_settings(wh)
    good, bad = write(tmp_path / "in" / "good.csv", GOOD), write(tmp_path / "in" / "bad.csv", BAD)
    before, marts = warehouse_state(settings), marts_state(settings)

    ok = offshoring(*with_warehouse(where, wh, "validate", str(good)), env=env)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "VALID good.csv: 1 rows\n", "")

    # Exit code 3: the rejection is the one line of the report (on stdout, as every per-file
    # line); nothing on stderr.
    rejected = offshoring(*with_warehouse(where, wh, "validate", str(good), str(bad)), env=env)
    assert rejected.returncode == 3 and rejected.stderr == ""
    valid, line = rejected.stdout.splitlines()
    assert valid == "VALID good.csv: 1 rows"
    assert line.startswith(REJECTED_BAD) and "unknown indicator 'jobz'" in line

    assert warehouse_state(settings) == before and marts_state(settings) == marts
    assert not settings.quarantine_dir.exists()
    assert sorted(p.name for p in settings.archive_dir.iterdir()) == sorted(
        f"{sha}.{name.rsplit('.', 1)[1]}" for sha, name in _archived(settings))


def _archived(settings) -> list[tuple[str, str]]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute("select file_sha256, file_name from meta.loads").fetchall()
    finally:
        con.close()


def test_ingest_loads_then_reports_already_loaded_then_rejects(wh, env, tmp_path):
    good, bad = write(tmp_path / "in" / "good.csv", GOOD), write(tmp_path / "in" / "bad.csv", BAD)

    loaded = offshoring("ingest", "--warehouse", str(wh), str(good), env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "Traceback" not in loaded.stdout + loaded.stderr
    assert loaded.stdout.splitlines()[0].startswith("LOADED good.csv: 1 rows as load 7 in ")
    # Prefect's log lines only: not GX's INFO line naming a temporary folder it removed.
    assert "great_expectations" not in loaded.stderr and "Flow run" in loaded.stderr
    assert "1 loaded, 0 rejected, 0 already loaded" in loaded.stdout.splitlines()

    again = offshoring("--warehouse", str(wh), "ingest", str(good), env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == "ALREADY LOADED good.csv: same checksum as load 7"

    # Exit code 3: one line says why (on stdout); the file is kept in quarantine.
    rejected = offshoring("ingest", str(bad), "--warehouse", str(wh), env=env)
    assert rejected.returncode == 3, rejected.stderr
    assert "Traceback" not in rejected.stdout + rejected.stderr
    line = rejected.stdout.splitlines()[0]
    assert line.startswith(REJECTED_BAD) and "unknown indicator 'jobz'" in line
    assert "0 loaded, 1 rejected, 0 already loaded" in rejected.stdout.splitlines()
    (kept,) = (wh / "quarantine").iterdir()
    assert kept.name == f"{sha256(bad)}.csv" and kept.read_bytes() == bad.read_bytes()

    # `quality` lists the failure first.
    quality = offshoring("quality", "--warehouse", str(wh), env=env)
    first = quality.stdout.splitlines()[0].split()
    assert first == ["FAILED", "error", "format.known_codes", "bad.csv", "(load", "8):", "1",
                     "row(s)"]
    status = json.loads(offshoring("--warehouse", str(wh), "status", "--json", env=env).stdout)
    assert status["files"] == [{"status": "loaded", "files": 7, "rows": 254},
                               {"status": "rejected", "files": 1, "rows": 0}]


# --- exit code 1 -----------------------------------------------------------------------
@pytest.mark.parametrize(("where", "command"), [("before", "status"), ("after", "quality"),
                                                 ("after", "validate"), ("before", "validate")])
def test_a_broken_database_file_is_an_unexpected_error_in_one_line(tmp_path, env, where,
                                                                     command):
    folder = tmp_path / "warehouse"
    db = write(folder / "offshoring.duckdb", "this is not a DuckDB database\n")
    files = [str(write(tmp_path / "good.csv", GOOD))] if command == "validate" else []
    done = offshoring(*with_warehouse(where, folder, command, *files), env=env)
    assert_one_line_error(done, 1, NOT_DUCKDB.format(db=db))
    assert done.stdout == ""
    assert db.read_text() == "this is not a DuckDB database\n"  # left as it was


def test_debug_shows_the_traceback_of_an_unexpected_error(tmp_path, env):
    folder = tmp_path / "warehouse"
    write(folder / "offshoring.duckdb", "not a database")
    done = offshoring("status", "--warehouse", str(folder), env={**env, "OFFSHORING_DEBUG": "1"})
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
    assert done.stderr.strip().splitlines()[-1].endswith("is not a valid DuckDB database file!")


def test_a_broken_database_file_stops_ingest_with_one_line(tmp_path, env):
    folder = tmp_path / "warehouse"
    db = write(folder / "offshoring.duckdb", "this is not a DuckDB database\n")
    done = offshoring("ingest", "--warehouse", str(folder), str(write(tmp_path / "g.csv", GOOD)),
                      env=env)
    assert_one_line_error(done, 1, NOT_DUCKDB.format(db=db))


# --- exit code 2 -----------------------------------------------------------------------
@BOTH_SIDES
@pytest.mark.parametrize(("args", "extra", "line"), [
    (["ingest", "missing.csv"], {}, "offshoring: no such file: missing.csv"),
    (["validate", "missing.csv", "gone.json"], {},
     "offshoring: no such file: missing.csv, gone.json"),
    (["status"], {"OFFSHORING_LOCK_TIMEOUT": "soon"},
     "offshoring: OFFSHORING_LOCK_TIMEOUT='soon' is not a number"),
    (["run"], {"OFFSHORING_CAGR_WINDOW": "five"},
     "offshoring: OFFSHORING_CAGR_WINDOW='five' is not a whole number"),
    (["serve", "--deployment", "nope"], {},
     "offshoring: no deployment named nope in {root}/prefect.yaml"),
], ids=["ingest-missing-file", "validate-missing-files", "bad-lock-timeout", "bad-cagr-window",
        "serve-unknown-deployment"])
def test_usage_and_configuration_errors_exit_2_in_one_line(tmp_path, env, where, args, extra,
                                                            line):
    folder = tmp_path / "warehouse"
    environment = {**env, **extra}
    line = line.format(root=cli.ROOT)
    done = offshoring(*with_warehouse(where, folder, *args), env=environment, cwd=tmp_path)
    assert_one_line_error(done, 2, line)
    assert line == done.stderr.rstrip("\n")
    assert done.stdout == ""
    assert not folder.exists()  # nothing was created


@BOTH_SIDES
def test_a_warehouse_that_is_a_file_is_a_configuration_error(tmp_path, env, where):
    path = write(tmp_path / "warehouse", "a file, not a folder")
    done = offshoring(*with_warehouse(where, path, "status"), env=env)
    assert_one_line_error(done, 2, f"offshoring: warehouse {path} exists and is not a folder")
    assert done.stderr == f"offshoring: warehouse {path} exists and is not a folder\n"


def test_argument_errors_exit_2_with_usage(env, tmp_path):
    """argparse's own errors: the usage line, then the error (two lines)."""
    for args, error in [
        (["bogus"], "offshoring: error: argument COMMAND: invalid choice: 'bogus' (choose from "
                    "'run', 'ingest', 'validate', 'status', 'quality', 'sample', 'serve')"),
        (["ingest", "--warehouse", str(tmp_path)],
         "offshoring ingest: error: the following arguments are required: FILE"),
        (["sample"], "offshoring sample: error: the following arguments are required: --out"),
    ]:
        done = offshoring(*args, env=env)
        assert done.returncode == 2 and done.stdout == "", args
        assert "Traceback" not in done.stderr
        usage, last = done.stderr.splitlines()
        assert usage.startswith("usage: offshoring") and last == error
    bare = offshoring(env=env)
    assert bare.returncode == 2 and bare.stderr == ""
    assert bare.stdout.startswith("usage: offshoring [-h] [--warehouse DIR] COMMAND ...")


# --- exit code 4 -----------------------------------------------------------------------
def test_a_busy_warehouse_exits_4_in_one_line_for_every_command(wh, env, tmp_path):
    """While a run holds the warehouse (paused by the test hook after its raw insert),
    every command that writes it answers at once with exit code 4, and so does validate
    (it reads the warehouse itself); status and quality read the snapshot of the last
    publish, and answer 4 only without one. (A reader holding the file makes a writer
    exit 4 with another line: test_hardening.)"""
    good, other = write(tmp_path / "good.csv", GOOD), write(tmp_path / "other.csv", GOOD)
    writer = cli.spawn("ingest", "--warehouse", str(wh), str(good),
                       env={**env, testhooks.PAUSE_ENV: testhooks.AFTER_RAW_INSERT})
    marker = cli.wait_for_pause(cli_settings(wh), testhooks.AFTER_RAW_INSERT, writer)
    try:
        now = {**env, "OFFSHORING_LOCK_TIMEOUT": "0"}
        for args, line in [
            (with_warehouse("after", wh, "run"), WRITER_BUSY),
            (with_warehouse("before", wh, "ingest", str(other)), WRITER_BUSY),
            # validate reads the warehouse read-only (a dry run): it is a reader here
            (with_warehouse("after", wh, "validate", str(other)), READER_BUSY),
        ]:
            done = offshoring(*args, env=now)
            assert_one_line_error(done, 4, line.format(wh=wh))
            assert done.stderr == line.format(wh=wh) + "\n" and done.stdout == "", args
        snapshot = offshoring(*with_warehouse("before", wh, "status"), env=now)
        assert (snapshot.returncode, snapshot.stderr) == (0, "")
        assert snapshot.stdout.splitlines()[1].startswith("a run is writing: read from the "
                                                          f"snapshot {wh}/snapshot.duckdb")
        (wh / "snapshot.duckdb").unlink()  # a warehouse never published by this version
        for args in (with_warehouse("before", wh, "status"),
                     with_warehouse("after", wh, "quality", "--json")):
            done = offshoring(*args, env=now)
            assert_one_line_error(done, 4, READER_BUSY.format(wh=wh))
            assert done.stderr == READER_BUSY.format(wh=wh) + "\n" and done.stdout == "", args
    finally:
        marker.unlink()
    out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert out.splitlines()[0].startswith("LOADED good.csv: 1 rows as load 7 in ")
    status = json.loads(offshoring("status", "--json", "--warehouse", str(wh), env=env).stdout)
    assert status["files"] == [{"status": "loaded", "files": 7, "rows": 254}]


# --- sample, serve, help ---------------------------------------------------------------
def test_sample_writes_the_six_releases_the_same_bytes_every_time(tmp_path, env):
    folder = tmp_path / "warehouse"
    first = offshoring(*with_warehouse("before", folder, "sample", "--out", "one"), env=env,
                       cwd=tmp_path)
    second = offshoring(*with_warehouse("after", folder, "sample", "--out", "two"), env=env,
                        cwd=tmp_path)
    for done, out in ((first, "one"), (second, "two")):
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        assert done.stdout.splitlines() == [str(tmp_path / out / name) for name in SAMPLE_ORDER]
        assert sorted(p.name for p in (tmp_path / out).iterdir()) == sorted(SAMPLE_ORDER)
    assert [sha256(tmp_path / "one" / n) for n in SAMPLE_ORDER] == [
        sha256(tmp_path / "two" / n) for n in SAMPLE_ORDER]
    assert not folder.exists()  # writing samples needs no warehouse


def test_sample_output_loads_as_the_sample_run(ran, env, tmp_path):
    """What `sample --out` writes is what `run` loads into an empty warehouse."""
    folder, _ = ran
    offshoring("sample", "--out", str(tmp_path / "out"), env=env)
    con = duckdb.connect(str(folder / "offshoring.duckdb"), read_only=True)
    loaded = dict(con.execute("select file_name, file_sha256 from meta.loads").fetchall())
    con.close()
    assert loaded == {name: sha256(tmp_path / "out" / name) for name in SAMPLE_ORDER}


def test_serve_help_and_top_level_help(env):
    serve = offshoring("serve", "--help", env=env)
    assert (serve.returncode, serve.stderr) == (0, "")
    assert serve.stdout.splitlines()[0] == (
        "usage: offshoring serve [-h] [--warehouse DIR] [--deployment NAME]")
    assert "--deployment NAME" in serve.stdout and "--warehouse DIR" in serve.stdout
    top = offshoring("--help", env=env)
    assert (top.returncode, top.stderr) == (0, "")
    commands = top.stdout.split("\ncommands:\n", 1)[1]
    listed = [line.split()[0] for line in commands.splitlines()
              if line.startswith("    ") and not line.startswith("     ")]
    assert listed == ["run", "ingest", "validate", "status", "quality", "sample", "serve"]
    assert "Exit codes: 0 ok, 1 unexpected error, 2 usage or configuration, 3 a file was" \
        in " ".join(top.stdout.split())
