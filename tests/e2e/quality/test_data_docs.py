"""Great Expectations' Data Docs written by a run: offline pages, failures listed first."""

from __future__ import annotations

import re

from offshoring.pipeline import run_pipeline

EXTERNAL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.I)
# Jobs 2023 and 2024 with 2024's net creations 500 short of the stock change.
BROKEN_IDENTITY = (
    "indicator;period;segment;region;value;unit;source;published_on\n"
    "jobs;2023;ALL;MA;139 000;emplois;MTNRA;2025-03-14\n"
    "jobs;2024;ALL;MA;148 500;emplois;MTNRA;2025-03-14\n"
    "net_jobs;2024;ALL;MA;9 000;emplois;MTNRA;2025-03-14\n"
)


def test_a_run_writes_offline_data_docs_failures_first(settings, tmp_path):
    release = tmp_path / "jobs.csv"
    release.write_text(BROKEN_IDENTITY, encoding="utf-8")
    (outcome,) = run_pipeline(settings, [release], command="ingest").outcomes
    assert outcome.status == "rejected"
    assert outcome.reasons[0].startswith("identity.stock_flow (error)")

    index = settings.data_docs_dir / "index.html"
    pages = list(settings.data_docs_dir.rglob("*.html"))
    assert index.is_file() and len(pages) > 1
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), page
        head = text.split("<body", 1)[0]
        assert "http://" not in head and "https://" not in head
        assert "<style>" in text
    labels = [label for label in re.findall(r"<li><a [^>]*>([^<]*)</a>",
                                            index.read_text(encoding="utf-8"))
              if label.startswith("load-")]
    assert any(lb.startswith(f"load-{outcome.load_id} · identity.stock_flow · failed · ")
               for lb in labels)
    statuses = [lb.split(" · ")[2] for lb in labels]
    assert statuses == sorted(statuses, key=lambda s: s != "failed")  # failures first
