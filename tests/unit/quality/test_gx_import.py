"""gx_import's two tools, on packages the test writes: a module whose code runs on first
use, and packages hidden from one thread while GX is imported."""

from __future__ import annotations

import importlib
import sys
import threading
import types

import pytest

from offshoring.quality.gx_import import defer, hidden

NAMES = ("pkg_deferred", "pkg_hidden")


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """Two packages on sys.path; each appends its name to the returned file when its
    ``__init__`` runs (after a 0.1 s pause, so that threads overlap it)."""
    record = tmp_path / "runs.txt"
    record.write_text("")
    for name in NAMES:
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text(
            "import time\n"
            "time.sleep(0.1)\n"
            f"with open({str(record)!r}, 'a') as f:\n"
            f"    f.write('{name}\\n')\n"
            "VALUE = 42\n")
        (package / "sub.py").write_text("from . import VALUE\nDOUBLE = 2 * VALUE\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield record
    for name in list(sys.modules):
        if name.split(".")[0] in NAMES:
            del sys.modules[name]


def test_a_deferred_module_runs_on_first_use_in_the_object_import_gave(runs):
    defer("pkg_deferred")
    placeholder = sys.modules["pkg_deferred"]

    import pkg_deferred

    assert pkg_deferred is placeholder and runs.read_text() == ""
    assert pkg_deferred.VALUE == 42
    assert runs.read_text() == "pkg_deferred\n"
    assert type(pkg_deferred) is types.ModuleType and sys.modules["pkg_deferred"] is placeholder

    from pkg_deferred import sub

    assert sub.DOUBLE == 84 and runs.read_text() == "pkg_deferred\n"


def test_importing_a_submodule_runs_its_deferred_package_first(runs):
    defer("pkg_deferred")

    import pkg_deferred.sub

    assert runs.read_text() == "pkg_deferred\n"
    assert pkg_deferred.sub.DOUBLE == 84 and pkg_deferred.VALUE == 42


def test_threads_reading_a_deferred_module_together_run_it_once(runs):
    defer("pkg_deferred")
    module, start, seen = sys.modules["pkg_deferred"], threading.Barrier(6), []

    def read() -> None:
        start.wait()
        seen.append(module.VALUE)

    threads = [threading.Thread(target=read) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [42] * 6 and runs.read_text() == "pkg_deferred\n"


def test_a_loaded_or_missing_module_is_not_deferred():
    import json

    defer("json")
    defer("no_such_package_here")
    assert sys.modules["json"] is json and type(json) is types.ModuleType
    assert "no_such_package_here" not in sys.modules


def test_a_hidden_package_is_missing_to_this_thread_only_and_only_in_the_block(runs):
    from_other_thread = []
    with hidden(["pkg_hidden"]):
        with pytest.raises(ModuleNotFoundError, match="pkg_hidden"):
            import pkg_hidden.sub  # noqa: F401
        with pytest.raises(ModuleNotFoundError, match="pkg_hidden"):
            import pkg_hidden  # noqa: F401
        assert runs.read_text() == ""

        other = threading.Thread(target=lambda: from_other_thread.append(
            importlib.import_module("pkg_hidden.sub").DOUBLE))
        other.start()
        other.join()
    assert from_other_thread == [84] and runs.read_text() == "pkg_hidden\n"

    del sys.modules["pkg_hidden.sub"], sys.modules["pkg_hidden"]
    import pkg_hidden

    assert pkg_hidden.VALUE == 42 and runs.read_text() == "pkg_hidden\npkg_hidden\n"
    assert not any(type(f).__name__ == "_Hide" for f in sys.meta_path)
