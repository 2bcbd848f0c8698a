"""bench/firms.py: the table prints "-" for the methods a run left out (``--methods``)."""

from __future__ import annotations

from bench import firms


def test_a_run_without_the_module_prints_its_columns_as_dashes():
    baseline = {"data_s": 0.25, "cpu_s": 0.5, "peak_rss_mb": 144.0, "runs": 1}
    pipeline = {"data_s": 0.94, "fixed_s": 4.04, "file_s": 2.10, "peak_rss_mb": 350.0,
                "runs": 1}

    line = firms.table({"100k": {"baseline": baseline, "pipeline": pipeline}}).splitlines()[-1]

    assert line == ("| 100k | 3.76x | - | 4.04 | 0.94 (2.10) | 350 | - | - | - | - | - | "
                    "0.25 | - (-) | - | - | 144 | - | 1 |")
