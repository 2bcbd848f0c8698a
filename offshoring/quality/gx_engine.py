"""Great Expectations, lazily: one ephemeral context per process, one suite per rule, one
stored validation result per file.

A rule's suite is its ``<catalogue>/<rule_id>/expectation.json`` (GX 1.x suite JSON,
named after the rule), validated against the rule's frame (its ``check.sql``).
Tolerances are GX suite parameters (``{"$PARAMETER": "additivity_abs"}``) whose values
come from ``settings.tolerances`` at run time.

``FileJudging`` (and ``run_rules``, all frames at once) judges every frame of one file
with GX's Validator, on a second thread while DuckDB builds the next frame, and stores
the results as one validation result (suite ``<dataset>``, run ``load-<id>``): Data Docs
get one page per file listing every rule's expectations, each line naming its rule. GX's
``ValidationDefinition.run`` would check the definition's freshness and store one result
per rule: a page per rule and per file, the largest cost of a small file (bench/README.md).
An empty frame's result is computed once per process and reused (``_judge_frame``).
"""

from __future__ import annotations

import copy
import logging
import queue
import threading
from collections.abc import Callable

from offshoring.collector import paused

from . import gx_pages, gx_setup, reuse
from .catalogue import Rule
from .checks import ROW_COLUMN
from .switching import fine_switching

DATASOURCE = "offshoring_quality"
ASSET = "rule_frame"
BATCH = "whole_frame"

# GX names the failing rows by the frame's row number only; the judge reads the keys from
# the frame itself (offshoring.quality.judge), so GX copies one column, not eight.
COMPLETE = {"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_COLUMN]}
# A passing frame needs GX's verdict and counts (what Data Docs show: "0% unexpected"),
# not the lists of unexpected rows and indexes, which cost GX a third of its time.
VERDICT_AND_COUNTS = {"result_format": "BASIC"}

_LOCK = threading.Lock()
# One GX validation at a time per process: the context, its stores and the shared
# dataframe asset are not made for concurrent use (flows/parallel.py runs threads).
_RUN_LOCK = threading.Lock()
_STATE: dict = {}
_END = object()  # the last item handed to a FileJudging
# GX sets this logger to INFO in its code; its one line per context names a temporary
# folder GX has already removed. Under Prefect's logging (the root logger's console) it
# reached every `ingest`'s output.
GX_NOISY_LOGGER = "great_expectations.data_context.types.base"


def _new_context():
    from .gx_import import import_gx

    gx = import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from . import gx_expectations  # noqa: F401  (registers the custom expectations)

    logging.getLogger(GX_NOISY_LOGGER).setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    gx_setup.adjust(context)
    asset = context.data_sources.add_pandas(DATASOURCE).add_dataframe_asset(ASSET)
    return {"context": context, "batch": asset.add_batch_definition_whole_dataframe(BATCH),
            "suites": {}, "pages": {}, "empty_frames": {}, "passing_frames": reuse.Kept()}


def get_state() -> dict:
    """The process-wide GX state (made on first use, the collector held: ~2 s)."""
    with _LOCK:
        if not _STATE:
            with paused():
                _STATE.update(_new_context())
        return _STATE


def get_context():
    """The process-wide ephemeral GX context."""
    return get_state()["context"]


def _unique_name(state: dict, base: str) -> str:
    # Another catalogue in the same process (a copy, in tests) gets its own name rather
    # than replacing the suite of the same rule id.
    taken = {s.name for s in state["suites"].values()
             if s.name == base or s.name.startswith(f"{base} [")}
    return base if not taken else f"{base} [{len(taken) + 1}]"


def suite_of(rule: Rule):
    """The GX suite of one rule (added to the context once per process and folder, so
    Data Docs show it)."""
    state = get_state()
    key = str(rule.folder)
    with _LOCK:
        if key in state["suites"]:
            return state["suites"][key]
        import great_expectations as gx

        name = _unique_name(state, rule.id)
        context = state["context"]
        try:
            context.suites.delete(name)
        except Exception:  # noqa: BLE001 - absent is fine
            pass
        suite = context.suites.add(gx.ExpectationSuite(
            name=name, expectations=copy.deepcopy(list(rule.expectations))))
        state["suites"][key] = suite
        return suite


def _validate(batch, suite, frame, parameters: dict, result_format: dict = COMPLETE):
    from great_expectations.validator.v1_validator import Validator

    validator = Validator(batch_definition=batch, batch_parameters={"dataframe": frame},
                          result_format=result_format)
    with gx_setup.configurations_cached():
        return validator.validate_expectation_suite(suite, parameters)


def _judge_frame(state: dict, rule: Rule, suite, frame, parameters: dict):
    """GX's result for one frame: its verdict and counts first, and the failing rows only
    when an expectation fails (most frames pass; bench/README.md, per-file cost).

    An empty frame's result, and a passing frame's, is computed once per process and
    reused for every later frame with the same key (offshoring.quality.reuse): most small
    files leave a third of the frames empty and repeat half of the others."""
    if len(frame):
        key = reuse.passing_key(rule, frame, parameters)
        kept = state["passing_frames"].get(key) if key is not None else None
        if kept is not None:
            return kept
        verdict = _validate(state["batch"], suite, frame, parameters, VERDICT_AND_COUNTS)
        if verdict.success:
            if key is not None:
                state["passing_frames"].put(key, verdict)
            return verdict
        return _validate(state["batch"], suite, frame, parameters)
    key = reuse.empty_key(rule, frame, parameters)
    if key not in state["empty_frames"]:
        state["empty_frames"][key] = _validate(state["batch"], suite, frame, parameters)
    return state["empty_frames"][key]


def judge_alone(rule: Rule, frame, parameters: dict):
    """GX's result for one frame, judged on the calling thread and not stored (an empty
    frame's is kept for the process: offshoring.quality.warm)."""
    state, suite = get_state(), suite_of(rule)
    with _RUN_LOCK:
        return _judge_frame(state, rule, suite, frame, parameters)


class FileJudging:
    """GX judges one file's frames on a second thread as the caller hands them in, while
    the caller's DuckDB builds the next frame (DuckDB lets go of the GIL while a query
    runs; bench/README.md, per-file cost). ``finish`` returns GX's result per rule id, in
    the order handed in, after storing them as the file's one validation result (suite
    ``dataset``, run ``run_name``), whose Data Docs page names the rule on each line.

    One GX validation at a time per process (``_RUN_LOCK``, taken per frame): parallel
    prechecks still overlap one file's SQL with another's GX. ``abandon`` stops it without
    storing anything (the caller failed while building frames)."""

    def __init__(self, parameters: dict, run_name: str, dataset: str):
        self._parameters, self._run_name, self._dataset = parameters, run_name, dataset
        self._checked: list[Rule] = []
        self.frames: dict[str, object] = {}  # each rule's frame as judged, by rule id
        self._results: dict[str, object] = {}
        self._error: BaseException | None = None
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._judge_each, name="gx-judge", daemon=True)
        self._stopped = False
        # Results an earlier file left for reuse (none before GX's state is made).
        kept = _STATE.get("passing_frames")
        self._reusable = kept.snapshot() if kept is not None else frozenset()
        fine_switching(True)
        try:
            self._thread.start()
        except BaseException:
            fine_switching(False)
            raise

    def submit(self, rule: Rule, frame, complete: Callable | None = None) -> None:
        """Hand in one rule's frame (judged in the background); ``complete(rule, frame)``,
        when given, makes it the frame GX judges, on the judging thread."""
        self._checked.append(rule)
        self._queue.put((rule, frame, complete))

    def _judge_each(self) -> None:
        while (item := self._queue.get()) is not _END:
            if self._error is not None:
                continue
            rule, frame, complete = item
            try:
                if complete is not None:
                    frame = complete(rule, frame)
                self.frames[rule.id] = frame
                self._results[rule.id] = judge_alone(rule, frame, self._parameters)
            except BaseException as err:  # noqa: BLE001 - raised again by finish()
                self._error = err

    def _stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._queue.put(_END)
        try:
            self._thread.join()
        finally:
            fine_switching(False)

    def abandon(self) -> None:
        """Stop judging; nothing is stored."""
        self._error = self._error or RuntimeError("abandoned")
        self._stop()

    def finish(self) -> dict[str, object]:
        """Every frame judged: GX's result by rule id, the file's result stored."""
        self._stop()
        if self._error is not None:
            raise self._error
        results = {rule.id: self._results[rule.id] for rule in self._checked}
        if results:
            state = get_state()
            with _RUN_LOCK:
                gx_pages.store_file_result(state, self._checked,
                                           results, self._run_name, self._dataset,
                                           self._page_batch(results))
        return results

    def _page_batch(self, results: dict):
        """The result whose batch markers (load time, fingerprint) the file's page shows:
        a frame with rows GX judged for this file, else one with rows, else any."""
        with_rows = [results[rule.id] for rule in self._checked if len(self.frames[rule.id])]
        fresh = [r for r in with_rows if id(r) not in self._reusable]
        return next(iter(fresh or with_rows or list(results.values())))


def run_rules(checked: list[tuple[Rule, object]], parameters: dict, run_name: str,
              dataset: str) -> dict[str, object]:
    """GX's result for each rule's frame (by rule id), every rule of one file in one go,
    stored as the file's one validation result (``FileJudging``)."""
    judging = FileJudging(parameters, run_name, dataset)
    for rule, frame in checked:
        judging.submit(rule, frame)
    return judging.finish()


def page_rules(href: str) -> dict[str, bool] | None:
    """The rules judged on one Data Docs validation page (``validations/...html``, relative
    to the site) and whether each passed; None for a page this process did not write."""
    return get_state()["pages"].get(href)


def stored_escaped(identifier) -> bool:
    """Whether this process stored the result ``identifier`` (every result it stores has
    its values escaped: ``gx_pages.store_file_result``)."""
    return gx_pages.page_href(identifier) in get_state()["pages"]
