"""`offshoring serve` as an operator runs it: no PREFECT_API_URL (it starts its own
Prefect server and prints the UI's address), files dropped in landing are published,
`offshoring ingest` hands its files to it, the warehouse stays closed between runs, and
SIGTERM stops it with its server. The tests of this module share one service, in order.
"""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from offshoring.settings import load_settings
from tests.support import cli, processes

HEADER = "indicator;period;segment;region;value;unit;source;published_on\n"
WAIT_S = 180.0
UI_LINE = re.compile(r"^offshoring serve: Prefect UI: (http://127\.0\.0\.1:\d+) \(a Prefect "
                     r"server for this service's lifetime, state in (.+)\)$")


class Service:
    """A running `offshoring serve` and the lines it printed so far."""

    def __init__(self, proc: subprocess.Popen, settings):
        self.proc, self.settings, self.lines = proc, settings, []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str) -> str:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            found = [line for line in self.lines if re.search(pattern, line)]
            if found:
                return found[0]
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"the service never printed {pattern!r}: {self.lines}")

    @property
    def ui(self) -> str:
        return UI_LINE.match(self.lines[0]).group(1)


def release(path: Path, rows: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def snapshot_rows(settings, sql: str) -> list[tuple]:
    """Rows of `sql` on the snapshot ([] before the first publish)."""
    if not settings.snapshot_path.exists():
        return []
    con = duckdb.connect(str(settings.snapshot_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def wait_until(condition, what: str):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"never {what}")


@pytest.fixture(scope="module")
def service(tmp_path_factory, own_server_env):
    warehouse = tmp_path_factory.mktemp("served") / "warehouse"
    env = {**own_server_env, "OFFSHORING_LANDING_SETTLE": "0"}
    proc = subprocess.Popen([*cli.COMMAND, "serve", "--warehouse", str(warehouse)], env=env,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    running = Service(proc, load_settings(warehouse))
    running.wait_for_line("^offshoring serve: serving deployments")
    yield running
    if proc.poll() is None:
        proc.kill()
        proc.communicate(timeout=60)


def test_it_starts_its_own_prefect_server_and_prints_the_ui(service, own_server_env):
    first, watching, deployments = service.lines[:3]
    assert UI_LINE.match(first).group(2) == own_server_env["PREFECT_HOME"]
    assert watching == (f"offshoring serve: watching {service.settings.landing_dir} (files "
                        "taken 0 s after their last change); `offshoring ingest` and `run` "
                        "hand their files here")
    assert deployments == ("offshoring serve: serving deployments monthly, quarterly, annual, "
                           "backfill (Ctrl-C stops after the current run)")
    assert httpx.get(f"{service.ui}/api/health").json() is True
    assert "<html" in httpx.get(service.ui).text.lower()  # the dashboard
    names = wait_until(lambda: {d["name"] for d in httpx.post(
        f"{service.ui}/api/deployments/filter", json={}).json()} or None,
        "saw the deployments on the server")
    assert names == {"monthly", "quarterly", "annual", "backfill"}


def test_a_file_renamed_into_landing_is_published(service, tmp_path):
    settings = service.settings
    staged = release(settings.landing_dir / ".jobs_2025.csv.tmp",
                     "jobs;2025;ALL;MA;160 000;emplois;MTNRA;2026-03-14\n")
    staged.rename(settings.landing_dir / "jobs_2025.csv")  # atomic, as the bench drops
    loads = wait_until(lambda: snapshot_rows(
        settings, "select load_id, file_name, status from meta.loads"), "loaded the drop")
    assert loads == [(1, "jobs_2025.csv", "loaded")]
    service.wait_for_line("^offshoring serve: 1 loaded, 0 rejected, 0 already loaded$")
    assert re.fullmatch(r"offshoring serve: LOADED jobs_2025\.csv: 1 rows as load 1 in "
                        r"\d+\.\d s", service.lines[3])
    assert list(settings.landing_dir.iterdir()) == []
    marts = duckdb.sql(
        f"select period, value from read_parquet('{settings.marts_dir}/indicator_timeseries/"
        "**/*.parquet', hive_partitioning = true) where indicator = 'jobs' and segment = 'ALL' "
        "and region = 'MA'").fetchall()
    assert marts == [("2025", 160000.0)]
    (command, flow_run_id), = snapshot_rows(settings, "select command, flow_run_id from meta.runs")
    assert command == "watch"
    flow_run = httpx.get(f"{service.ui}/api/flow_runs/{flow_run_id}").json()
    assert flow_run["state_type"] == "COMPLETED"


def test_ingest_hands_its_files_to_the_service(service, tmp_path, own_server_env):
    settings = service.settings
    good = release(tmp_path / "in" / "exports_2025.csv",
                   "exports_mad;2025;ALL;MA;27,5;Mds DH;ODC;2026-03-14\n")
    bad = release(tmp_path / "in" / "bad.csv", "jobz;2024;ALL;MA;1;emplois;MTNRA;2024-11-15\n")
    elsewhere = tmp_path / "client-prefect-home"  # a run of its own would put Prefect here
    env = {**own_server_env, "PREFECT_HOME": str(elsewhere)}
    done = cli.offshoring("ingest", "--warehouse", str(settings.warehouse_dir), str(good),
                          str(bad), env=env)
    assert done.returncode == 3, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"LOADED exports_2025\.csv: 1 rows as load 2 in \d+\.\d s", lines[0])
    assert lines[1].startswith("REJECTED bad.csv: format.known_codes (error): ")
    assert lines[3] == "1 loaded, 1 rejected, 0 already loaded"
    table = lines[lines.index("Progress toward the 2030 objectives") + 3:]
    assert [row[:48] for row in table] == [
        "exports_mad  ALL  MA       2025   27 500 000 000",
        "jobs         ALL  MA       2025          160 000"]
    assert done.stderr == ""
    assert not elsewhere.exists()
    runs = snapshot_rows(settings, "select command, files_loaded, files_rejected from "
                                   "meta.runs order by started_at")
    assert runs == [("watch", 1, 0), ("ingest", 1, 1)]
    again = cli.offshoring("ingest", "--warehouse", str(settings.warehouse_dir), str(good),
                           env=env)
    assert again.returncode == 0
    assert again.stdout.splitlines()[0] == "ALREADY LOADED exports_2025.csv: same checksum " \
                                           "as load 2"
    landing_run = cli.offshoring("run", "--warehouse", str(settings.warehouse_dir), env=env)
    assert landing_run.returncode == 0, landing_run.stderr
    assert landing_run.stdout.splitlines()[1] == "0 loaded, 0 rejected, 0 already loaded"
    commands = snapshot_rows(settings, "select command from meta.runs order by started_at")
    assert commands == [("watch",), ("ingest",), ("ingest",), ("run",)]
    assert not elsewhere.exists()


def test_the_warehouse_is_closed_between_runs(service):
    assert str(service.settings.db_path) not in processes.open_files(service.proc.pid)
    con = duckdb.connect(str(service.settings.db_path), read_only=True)  # nobody holds it
    assert con.execute("select count(*) from meta.loads").fetchone() == (3,)
    con.close()


def test_a_second_service_on_the_same_warehouse_is_refused(service, own_server_env):
    done = cli.offshoring("serve", "--warehouse", str(service.settings.warehouse_dir),
                          env=own_server_env, timeout=120)
    cli.assert_one_line_error(
        done, 4, f"offshoring serve: the warehouse {service.settings.warehouse_dir} is "
                 f"already served by `offshoring serve` (pid {service.proc.pid})")


def test_sigterm_stops_the_service_and_its_server(service):
    server = processes.wait_for_child(service.proc.pid, "offshoring.service.api_server")
    service.proc.send_signal(signal.SIGTERM)
    _, err = service.proc.communicate(timeout=120)
    assert service.proc.returncode == 0, err
    assert not service.settings.service_socket.exists()
    processes.wait_gone(server, "the Prefect server of a stopped service", timeout_s=10)
