"""Rendering of the dashboard from the real layers (in memory): text that came with a
release is escaped, numbers are formatted per language."""

from __future__ import annotations

from offshoring.dashboard import write_report
from offshoring.dashboard.labels import amount, percent
from offshoring.publish import publish_marts
from tests.support.layers import load_release

HOSTILE = "=HYPERLINK(\"http://x\",\"<b>click</b>\") o'neil.csv"
ESCAPED = "=HYPERLINK(&quot;http://x&quot;,&quot;&lt;b&gt;click&lt;/b&gt;&quot;) o&#x27;neil.csv"
JOBS = {2019: "120 000", 2020: "122 000", 2021: "126 000", 2022: "130 000", 2023: "139 000",
        2024: "148 500"}


def _pages(con, settings) -> dict[str, str]:
    rows = [{"indicator": "jobs", "period": str(year), "value": value}
            for year, value in JOBS.items()]
    rows.append({"indicator": "exports_mad", "period": "2024", "value": "26,2",
                 "unit": "Mds DH", "source": "ODC"})
    load_id = load_release(con, settings, rows, file_name=HOSTILE)
    # The quality log of that release, as the pipeline records it.
    con.execute("insert into quality.check_results select 'r1', ?, ?, file_sha256, rule, 1, "
                "'warning', t.status, null, null, 0, null, timestamp '2026-01-01 10:00:00' "
                "from meta.loads, (values ('release.complete', 'failed'), "
                "('release.unique_key', 'passed')) as t(rule, status) where load_id = ?",
                [load_id, HOSTILE, load_id])
    publish_marts(con, settings)  # the dashboard reads the marts as published
    index = write_report(con, settings)
    return {"en": index.read_text(encoding="utf-8"),
            "fr": index.with_name("index.fr.html").read_text(encoding="utf-8")}


def test_text_from_data_is_escaped(con, settings):
    for lang, html in _pages(con, settings).items():
        assert HOSTILE not in html and "<b>click</b>" not in html, lang
        # In the vintage of the latest figure and in the quality table.
        assert html.count(ESCAPED) == 3, lang
        assert "<script" not in html, lang
        assert 'data-key="jobs.latest_value" data-value="148500.0"' in html


def test_number_formats():
    assert amount(270_000.0, "jobs", "en") == "270 000 jobs"
    assert amount(270_000.0, "jobs", "fr") == "270 000 emplois"
    assert amount(26_200_000_000.0, "MAD", "fr") == "26,20 Mds MAD"
    assert percent(0.10477, 2, "en") == "10.48 %" and percent(0.10477, 2, "fr") == "10,48 %"
