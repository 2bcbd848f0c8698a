"""Rendering of the dashboard on hand-made content: escaping and number formats."""

from __future__ import annotations

from offshoring.dashboard.build import render_page
from offshoring.dashboard.labels import amount, percent

HOSTILE = "=HYPERLINK(\"http://x\",\"<b>click</b>\") o'neil.csv"


def _content() -> dict:
    objective = {
        "indicator": "jobs", "segment": "ALL", "region": "MA", "latest_period": "2024",
        "latest_value": 148_500.0, "target_year": 2030, "target_value": 270_000.0,
        "cagr_required": 0.10477, "cagr_observed": 0.04354, "progress_ratio": 0.416,
        "projected_2030": 191_770.0, "status": "limited_progress", "projection_ratio": 0.356,
        "projection_status": "acceleration_needed", "required_increment_next_year": 15_559.0,
        "required_increment_per_year_avg": 20_250.0, "latest_source": "MTNRA",
        "latest_published_on": "2025-03-14", "latest_file_name": HOSTILE,
        "latest_file_sha256": "ab" * 32, "target_source": "CONF2026", "target_file": HOSTILE,
    }
    years = list(range(2015, 2031))
    trajectory = [{"year": y, "actual_value": 1000.0 * y if y <= 2024 else None,
                   "required_path": 1.0 * y if y >= 2024 else None,
                   "projected_observed_rate": None, "projected_linear_trend": None}
                  for y in years]
    quality = [{"load_id": 1, "file_name": HOSTILE, "file_sha256": "cd" * 32,
                "checked_at": "2026-01-01", "passed": 6, "failed": 1,
                "failed_rules": "<rule>"}]
    return {"objectives": [objective], "trajectory": {"jobs": trajectory},
            "segments": {"jobs": []}, "regions": {"jobs": []}, "quality": quality,
            "generated": "now"}


def test_text_from_data_is_escaped():
    for lang in ("en", "fr"):
        html = render_page(_content(), lang)
        assert HOSTILE not in html and "<b>click</b>" not in html and "<rule>" not in html
        assert "=HYPERLINK(&quot;http://x&quot;,&quot;&lt;b&gt;click&lt;/b&gt;&quot;) o&#x27;neil" \
            in html
        assert "<script" not in html


def test_number_formats():
    assert amount(270_000.0, "jobs", "en") == "270 000 jobs"
    assert amount(270_000.0, "jobs", "fr") == "270 000 emplois"
    assert amount(26_200_000_000.0, "MAD", "fr") == "26,20 Mds MAD"
    assert percent(0.10477, 2, "en") == "10.48 %" and percent(0.10477, 2, "fr") == "10,48 %"
