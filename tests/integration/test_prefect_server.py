"""A real Prefect server, deployments from prefect.yaml, a process worker, two runs.

1. a run of the ``monthly`` deployment with good releases ends ``Completed`` and the
   marts are published as Parquet under the temporary warehouse;
2. a run with a defective release (unknown indicator code) ends with the release
   quarantined and the local webhook receiver got the message with the rule id.

Everything is local: server on 127.0.0.1, temporary PREFECT_HOME, telemetry off.
"""

from __future__ import annotations

import pytest

from tests.integration.stack import (
    FLOW,
    deploy,
    free_port,
    prefect,
    run_deployment,
    stack_env,
    start_server,
    start_worker,
    stop,
)
from tests.support.http_server import ScriptedServer

DEFECTIVE_CSV = (
    "indicator;period;segment;region;value;unit;source;published_on\n"
    "jobz;2025-Q3;ALL;MA;150000;emplois;MTNRA;2025-11-15\n"
)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Server + work pool + deployments + worker; yields (env, warehouse, receiver)."""
    tmp = tmp_path_factory.mktemp("prefect_stack")
    port = free_port()
    receiver = ScriptedServer().__enter__()
    env = stack_env(tmp, f"http://127.0.0.1:{port}/api",
                    OFFSHORING_WEBHOOK_URL=receiver.url + "/hook")
    worker_log = tmp / "worker.log"
    server = worker = None
    try:
        server = start_server(env, port, tmp / "server.log")
        deploy(env, pool_limit=1)
        worker = start_worker(env, worker_log)
        yield env, tmp / "warehouse", tmp / "landing", receiver, worker_log
    finally:
        for proc in (worker, server):
            stop(proc)
        receiver.__exit__(None, None, None)


def test_scheduled_deployments_exist_with_their_cron(stack):
    env, *_ = stack
    out = prefect(env, "deployment", "inspect", f"{FLOW}/quarterly").stdout
    assert "30 7 1 3,6,9,12 *" in out and "Africa/Casablanca" in out


def test_run_publishes_marts_then_defective_release_is_quarantined(stack):
    from offshoring.sample import write_sample_releases

    env, warehouse, landing, receiver, worker_log = stack
    landing.mkdir(parents=True, exist_ok=True)
    write_sample_releases(landing)

    run_deployment(env, "monthly", worker_log)
    marts = list((warehouse / "marts").rglob("*.parquet"))
    assert marts, "no parquet file published under marts/"

    (landing / "defective-release.csv").write_text(DEFECTIVE_CSV, encoding="utf-8")
    run_deployment(env, "monthly", worker_log)
    assert any(p.name.endswith(".csv") for p in (warehouse / "quarantine").iterdir())
    rejected = [p for p in receiver.posts if p.get("event") == "release_rejected"]
    assert rejected, f"webhook got: {receiver.posts}"
    message = rejected[-1]
    assert message["release"] == "defective-release.csv"
    assert "format.known_codes" in [r["rule_id"] for r in message["rules"]]
    assert "format.known_codes" in message["text"]
    assert message["data_docs"].startswith("file://")
