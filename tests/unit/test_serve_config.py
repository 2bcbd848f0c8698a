"""prefect.yaml is read the same way by `prefect deploy` and `offshoring serve`."""

from __future__ import annotations

import pytest

from offshoring.serve import read_deployments, schedules_of
from offshoring.settings import PROJECT_ROOT

CRONS = {"monthly": "0 7 16 * *", "quarterly": "30 7 1 3,6,9,12 *", "annual": "0 8 1 5 *"}


def test_cadence_deployments_and_backfill():
    entries = {e["name"]: e for e in read_deployments(PROJECT_ROOT / "prefect.yaml")}
    assert set(entries) == {"monthly", "quarterly", "annual", "backfill"}
    for name, cron in CRONS.items():
        (schedule,) = entries[name]["schedules"]
        assert schedule == {"cron": cron, "timezone": "Africa/Casablanca", "active": True}
        assert set(entries[name]["parameters"]) >= {"landing", "warehouse", "sources"}
        assert entries[name]["entrypoint"] == "flows/scheduled.py:release_flow"
    assert entries["backfill"]["schedules"] == []
    assert entries["backfill"]["entrypoint"] == "flows/backfill.py:publish_marts_flow"
    for entry in entries.values():
        assert entry["work_pool"]["name"] == "offshoring"
        file_part = entry["entrypoint"].split(":")[0]
        assert (PROJECT_ROOT / file_part).is_file()


def test_schedules_become_prefect_crons_in_casablanca():
    (entry,) = read_deployments(PROJECT_ROOT / "prefect.yaml", ["quarterly"])
    (schedule,) = schedules_of(entry)
    assert schedule.cron == "30 7 1 3,6,9,12 *"
    assert schedule.timezone == "Africa/Casablanca"


def test_unknown_deployment_name():
    with pytest.raises(ValueError, match="no deployment named nope"):
        read_deployments(PROJECT_ROOT / "prefect.yaml", ["nope"])
