"""Independent releases checked in parallel on a local Dask cluster (prefect-dask)."""

from __future__ import annotations

import os

import pytest

from offshoring.sample import write_sample_releases

pytest.importorskip("prefect_dask")


def test_prechecks_on_a_local_dask_cluster(settings, prefect_api, tmp_path):
    from flows.parallel import run_prechecks

    files = write_sample_releases(tmp_path / "drop")
    bad = tmp_path / "drop" / "bad.csv"
    bad.write_text("indicator;period;segment;region;value;unit;source;published_on\n"
                   "jobz;2025-Q3;ALL;MA;150000;emplois;MTNRA;2025-11-15\n", encoding="utf-8")
    results = run_prechecks([str(p) for p in [*files, bad]], settings, kind="dask")
    by_file = {r["file"]: r for r in results}
    assert {by_file[p.name]["status"] for p in files} == {"loaded"}
    assert by_file["bad.csv"]["status"] == "rejected"
    assert by_file["bad.csv"]["reasons"][0].startswith("format.known_codes")
    assert os.getpid() not in {r["pid"] for r in results}  # ran in Dask worker processes
    assert not settings.db_path.exists()  # nothing was written to the warehouse


def test_threads_runner_gives_the_same_answer(settings, prefect_api, tmp_path):
    from flows.parallel import run_prechecks

    files = write_sample_releases(tmp_path / "drop")
    results = run_prechecks([str(p) for p in files], settings, kind="threads")
    assert sorted(r["status"] for r in results) == ["loaded"] * len(files)
