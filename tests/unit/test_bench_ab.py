"""bench/ab.py's bookkeeping: the sides alternate from round to round, and the summary
gives each side's median and range and the ratio B / A."""

from __future__ import annotations

from bench.ab import round_order, summary


def test_the_sides_alternate_so_that_each_goes_first_in_half_the_rounds():
    orders = [round_order(n) for n in range(6)]
    assert orders == [("A", "B"), ("B", "A")] * 3


def test_the_summary_gives_medians_ranges_and_b_over_a():
    result = summary({"A": [5.0, 6.0, 8.0, 5.5], "B": [4.5, 4.0, 6.5]})
    assert result["sides"]["A"] == {"median_s": 5.75, "min_s": 5.0, "max_s": 8.0,
                                    "runs_s": [5.0, 6.0, 8.0, 5.5]}
    assert result["sides"]["B"]["median_s"] == 4.5
    assert result["b_over_a"] == 4.5 / 5.75
