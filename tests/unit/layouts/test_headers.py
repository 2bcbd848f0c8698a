"""French period headers, on the one period vocabulary (seeds/frequencies.csv and
seeds/months.csv)."""

from __future__ import annotations

import pytest

from offshoring.layouts.headers import HeaderError, Span, french_date, parse_header
from offshoring.settings import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"

# header -> (first month, last month, announced as a cumulation, canonical period)
CASES = [
    ("2024", 1, 12, False, "2024"),
    ("janv. 2024", 1, 1, False, "2024-01"),
    ("janvier 2024", 1, 1, False, "2024-01"),
    ("T1 2024", 1, 3, False, "2024-Q1"),
    ("1er trimestre 2024", 1, 3, False, "2024-Q1"),
    ("S1 2024", 1, 6, False, "2024-S1"),
    ("1er semestre 2024", 1, 6, False, "2024-S1"),
    ("à fin juin 2025", 1, 6, True, "2025-S1"),
    ("janv.-juin 2025", 1, 6, False, "2025-S1"),
    ("Cumul fin juin 2025", 1, 6, True, "2025-S1"),
    ("2e semestre 2024", 7, 12, False, "2024-S2"),
    ("3ème trimestre 2024", 7, 9, False, "2024-Q3"),
    ("deuxième trimestre 2025", 4, 6, False, "2025-Q2"),
    ("H2 2024", 7, 12, False, "2024-S2"),
    ("2024-T4", 10, 12, False, "2024-Q4"),
    ("déc. 2024", 12, 12, False, "2024-12"),
    ("Février 2024", 2, 2, False, "2024-02"),
    ("2024-09", 9, 9, False, "2024-09"),
    ("09/2024", 9, 9, False, "2024-09"),
    ("Fin 2024", 1, 12, True, "2024"),
    ("janv. à mars 2025", 1, 3, False, "2025-Q1"),
    ("à fin mai 2025", 1, 5, True, None),  # a cumulation, not a period of the vocabulary
    ("2024-03-01 00:00:00", 3, 3, False, "2024-03"),  # an XLSX date cell ("mars-24")
]


@pytest.mark.parametrize(("header", "first", "last", "to_date", "period"), CASES,
                         ids=[c[0] for c in CASES])
def test_french_header(header, first, last, to_date, period):
    span = parse_header(header, SEEDS)
    assert (span.first, span.last, span.to_date) == (first, last, to_date)
    assert span.period(SEEDS) == period


@pytest.mark.parametrize("header", ["Total", "Var. 24/23", "2023-2024", "T5 2024",
                                    "juin-janv. 2025", "Part 2024 (%) 2023"])
def test_not_a_period(header):
    with pytest.raises(HeaderError, match="is not a period"):
        parse_header(header, SEEDS)


def test_span_of_five_months_is_not_a_period():
    assert Span(2025, 1, 5).period(SEEDS) is None
    assert Span(2025, 4, 6).period(SEEDS) == "2025-Q2"


@pytest.mark.parametrize(("text", "day"), [
    ("14 mars 2025", "2025-03-14"), ("1er juillet 2025", "2025-07-01"),
    ("30 avril 2025", "2025-04-30"), ("14/03/2025", "14/03/2025"),
    ("2025-03-14", "2025-03-14"), ("mars 2025", None), ("le 14", None)])
def test_french_date(text, day):
    assert french_date(text, SEEDS) == day
