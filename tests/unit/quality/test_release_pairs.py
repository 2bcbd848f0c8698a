"""$release_pairs: a release's rules read the earlier values of its own [segment, region]
pairs only (quality_current), since every rule that reads an earlier value joins it to a
release value of the same segment and region; every frame is the same as without it."""

from __future__ import annotations

from offshoring.quality import RELEASE, checks, rules
from offshoring.quality.runner import query_parameters, tolerance_parameters

from .conftest import add_current, insert_release
from .releases import clean_release

EARLIER = [  # base units, published 2025-01-01
    {"indicator": "jobs", "period": "2024", "value": 140000.0},  # revised by the release
    {"indicator": "jobs", "period": "2022", "value": 120000.0},  # growth of 2023
    {"indicator": "jobs", "period": "2024", "value": 150000.0, "source": "AMDIE"},  # agree
    {"indicator": "jobs", "period": "2023", "region": "MA-06", "value": 65000.0},  # growth
    {"indicator": "jobs", "period": "2024", "segment": "ITO", "value": 60000.0},
    {"indicator": "jobs", "period": "2024", "segment": "ITO", "region": "MA-04",
     "value": 20000.0},
    {"indicator": "net_jobs", "period": "2024", "segment": "BPO", "region": "MA-06",
     "value": 900.0},
]


def _current_and_frames(con, settings, load_id: int):
    """quality_current's (segment, region, indicator, period, source) and every rule's frame."""
    parameters = query_parameters(load_id, tolerance_parameters(settings))
    with checks.prepared(con, settings.sql_dir, RELEASE, parameters):
        current = con.execute("select segment, region, indicator, period, source "
                              "from quality_current order by all").fetchall()
        frames = {rule.id: checks.rule_frame(con, rule, parameters)
                  for rule in rules(settings, RELEASE) if not rule.checked_by_reader}
    return current, frames


def _rows(frame) -> list[tuple]:
    """A frame's rows in a fixed order (a rule orders by its keys, not by every column)."""
    return sorted(map(tuple, frame.drop(columns=checks.ROW_COLUMN).astype(str).values))


def test_the_pairs_of_a_release(con, settings):
    insert_release(con, 7, [{"indicator": "jobs", "period": "2025", "value": "150 000"},
                            {"indicator": "jobs", "period": "2025", "segment": "ITO",
                             "region": "MA-04", "value": "21 000"},
                            {"indicator": "jobs", "period": "2025", "segment": "NOPE",
                             "value": "1"}])
    with checks.prepared(con, settings.sql_dir, RELEASE, query_parameters(7, {})):
        pairs = checks.derived_parameters(con, settings.sql_dir, "quality_release", {})
    assert sorted(pairs["release_pairs"]) == [["ALL", "MA"], ["ITO", "MA-04"]]


def test_earlier_values_of_other_pairs_are_left_out(con, settings):
    add_current(con, EARLIER)
    insert_release(con, 7, [{"indicator": "jobs", "period": "2025", "value": "150 000"},
                            {"indicator": "jobs", "period": "2025", "segment": "ITO",
                             "region": "MA-04", "value": "21 000"}])
    current, _ = _current_and_frames(con, settings, 7)
    assert current == [
        ("ALL", "MA", "jobs", "2022", "MTNRA"),
        ("ALL", "MA", "jobs", "2024", "AMDIE"),
        ("ALL", "MA", "jobs", "2024", "MTNRA"),
        ("ITO", "MA-04", "jobs", "2024", "MTNRA")]  # not ITO/MA, MA-06, BPO/MA-06


def test_every_frame_is_the_same_as_without_the_pairs(con, settings, monkeypatch):
    add_current(con, EARLIER)
    insert_release(con, 7, clean_release())
    current, frames = _current_and_frames(con, settings, 7)
    monkeypatch.setattr(checks, "derived_parameters", lambda *a: {"release_pairs": None})
    every_current, every_frame = _current_and_frames(con, settings, 7)
    assert (len(current), len(every_current)) == (5, 7)  # not ITO/MA-04, BPO/MA-06
    assert frames.keys() == every_frame.keys()
    for rule_id, frame in frames.items():
        assert _rows(frame) == _rows(every_frame[rule_id]), rule_id
    # the earlier values the rules pair with the release: still there
    assert {rule_id: len(frame) for rule_id, frame in frames.items()
            if rule_id in ("history.revision", "history.growth", "sources.agree")} == {
        "history.revision": 1, "history.growth": 3, "sources.agree": 1}
