"""bench/perfile.py: the row it prints, from the medians of one run."""

from __future__ import annotations

import pytest

from bench import perfile


def test_each_further_file_is_the_wall_time_difference_over_the_other_files():
    assert perfile.marginal_file_s(3.6, 11.0, 50) == pytest.approx(7.4 / 49)


def test_the_row_states_the_ratio_the_marginal_cost_and_the_verdict():
    result = {"files": 50, "one_file_s": 3.6, "many_files_s": 11.0, "ratio": 11.0 / 3.6,
              "marginal_file_s": perfile.marginal_file_s(3.6, 11.0, 50)}
    met = {**result, "many_files_s": 10.8, "ratio": 3.0,
           "marginal_file_s": perfile.marginal_file_s(3.6, 10.8, 50)}

    assert perfile.row(result) == (
        "50 small monthly files in one run vs one file",
        "11.0 s vs 3.6 s = 3.06x (each further file 0.151 s)", "missed")
    assert perfile.row(met)[1:] == ("10.8 s vs 3.6 s = 3.00x (each further file 0.147 s)",
                                    "met")
