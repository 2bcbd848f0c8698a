"""The session reaches each stage's task as it is, not walked by Prefect.

Prefect walks a task's parameters for futures and task inputs; a session holds the
settings, the connection and every outcome of the run so far, so walking it at each task
cost a little more with each file of a run (bench/README.md, per-file cost).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prefect import flow


class _Untouchable(list):
    """A list that fails when iterated: Prefect iterates the lists it walks."""

    def __iter__(self):
        raise AssertionError("Prefect walked into the session")


@dataclass
class _Session:
    outcomes: list = field(default_factory=list)
    after_commit_warnings: list = field(default_factory=list)
    untouchable: _Untouchable = field(default_factory=_Untouchable)


def test_a_stage_task_gets_the_session_unwalked_and_unwrapped(prefect_api):
    from flows.pipeline import call_as_task
    from offshoring.pipeline.stages import DATA_DOCS

    session = _Session()

    @flow
    def one_stage():
        return call_as_task(DATA_DOCS, session)

    # data_docs reads session.outcomes (none loaded: no Data Docs to build) and would
    # record a warning on the session for any error of its own.
    assert one_stage() is None
    assert session.after_commit_warnings == []
