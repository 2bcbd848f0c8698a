"""The scheduled release flow in-process: local-folder source, parallel precheck,
single writer, freshness warnings in the quality log, notifications to a local webhook."""

from __future__ import annotations

import duckdb

from offshoring.sample import write_sample_releases
from tests.support.http_server import ScriptedServer


def test_release_flow_from_a_folder_source(settings, prefect_api, tmp_path, monkeypatch):
    from flows.scheduled import release_flow

    drop = tmp_path / "publisher_drop"
    write_sample_releases(drop)
    (drop / "bad.csv").write_text(
        "indicator;period;segment;region;value;unit;source;published_on\n"
        "jobz;2024-Q3;ALL;MA;150000;emplois;MTNRA;2024-11-15\n", encoding="utf-8")
    with ScriptedServer() as hook:
        monkeypatch.setenv("OFFSHORING_WEBHOOK_URL", hook.url)
        result = release_flow(cadence="quarterly", sources=[str(drop)],
                              warehouse=str(settings.warehouse_dir), precheck="threads")
        again = release_flow(cadence="quarterly", sources=[str(drop)],
                             warehouse=str(settings.warehouse_dir), check_freshness=False)

    assert (result["loaded"], result["rejected"]) == (6, 1)
    assert len(result["fetched"]["new"]) == 7
    assert sorted(r["status"] for r in result["precheck"]) == ["loaded"] * 6 + ["rejected"]
    assert again["fetched"]["new"] == [] and len(again["fetched"]["unchanged"]) == 7
    assert again["loaded"] == again["rejected"] == 0

    events = [p["event"] for p in hook.posts]
    assert events.count("release_rejected") == 1
    assert "releases_late" in events  # the samples stop in 2024: releases since are late
    con = duckdb.connect(str(settings.db_path), read_only=True)
    late = con.execute("select count(*) from quality.check_results where rule_id = "
                       "'freshness.release_late' and severity = 'warning' and load_id = 0"
                       ).fetchone()[0]
    con.close()
    assert late == len(result["late"]) > 0
